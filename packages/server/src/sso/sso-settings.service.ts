/**
 * An organization's single sign-on settings. Saving them discovers the provider first, so a
 * wrong issuer is refused with the reason instead of failing at the next sign-in. Password
 * sign-in can be switched off only once an owner has signed in through this provider: the
 * organization then always has an owner who can get in and switch it back.
 */
import {
  AppError,
  invalidField,
  type TSsoDefaultRole,
  type TSsoSettings,
  type TSsoSettingsUpdate,
} from '@touchstone/core';
import { recordAudit } from '../audit/audit.repository.js';
import type { TServiceContext } from '../auth/actor.js';
import { nowIso } from '../storage/rows.js';
import { discoverProvider, issuerUrlProblem, reasonOf } from './oidc-client.js';
import {
  deleteSsoSettings,
  findDomainsOfOthers,
  findSsoSettings,
  listSsoDomains,
  ownerHasIdentity,
  replaceSsoDomains,
  upsertSsoSettings,
} from './sso.repository.js';

export async function getSsoSettings(
  ctx: TServiceContext,
  redirectUri: string,
): Promise<TSsoSettings> {
  const orgId = ctx.actor.organizationId;
  const row = await findSsoSettings(ctx.storage.db, orgId);
  if (row === undefined) {
    return {
      configured: false,
      issuerUrl: null,
      clientId: null,
      hasClientSecret: false,
      allowedDomains: [],
      defaultRole: 'viewer',
      passwordSignIn: true,
      redirectUri,
      updatedAt: null,
    };
  }
  return {
    configured: true,
    issuerUrl: row.issuer_url,
    clientId: row.client_id,
    hasClientSecret: row.client_secret !== '',
    allowedDomains: await listSsoDomains(ctx.storage.db, orgId),
    defaultRole: row.default_role as TSsoDefaultRole,
    passwordSignIn: row.password_sign_in === 1,
    redirectUri,
    updatedAt: row.updated_at,
  };
}

/** Checks the provider and stores the settings with their domains; audited, secret left out. */
export async function setSsoSettings(
  ctx: TServiceContext,
  update: TSsoSettingsUpdate,
  redirectUri: string,
): Promise<TSsoSettings> {
  const orgId = ctx.actor.organizationId;
  const db = ctx.storage.db;
  const problem = issuerUrlProblem(update.issuerUrl);
  if (problem !== null) throw invalidField('body.issuerUrl', problem);
  const current = await findSsoSettings(db, orgId);
  const clientSecret = update.clientSecret ?? current?.client_secret;
  if (clientSecret === undefined) {
    throw invalidField('body.clientSecret', 'required when single sign-on is first set up');
  }
  const domains = [...new Set(update.allowedDomains)].sort();
  const taken = await findDomainsOfOthers(db, orgId, domains);
  if (taken.length > 0) {
    throw new AppError('conflict', `${taken.join(', ')} is used by another organization`, [
      { field: 'body.allowedDomains', message: `already claimed: ${taken.join(', ')}` },
    ]);
  }
  let issuer: string;
  try {
    const provider = await discoverProvider({ ...update, clientSecret });
    issuer = provider.serverMetadata().issuer;
  } catch (error) {
    throw invalidField('body.issuerUrl', `discovery failed: ${reasonOf(error)}`);
  }
  if (!update.passwordSignIn && !(await ownerHasIdentity(db, orgId, issuer))) {
    throw new AppError(
      'conflict',
      'password sign-in stays on until an owner has signed in with this provider once',
      [{ field: 'body.passwordSignIn', message: 'no owner has signed in with SSO yet' }],
    );
  }
  await db.transaction().execute(async (trx) => {
    await upsertSsoSettings(trx, {
      organization_id: orgId,
      issuer_url: update.issuerUrl,
      client_id: update.clientId,
      client_secret: clientSecret,
      default_role: update.defaultRole,
      password_sign_in: update.passwordSignIn ? 1 : 0,
      updated_at: nowIso(),
    });
    await replaceSsoDomains(trx, orgId, domains);
    await recordAudit(trx, ctx.actor, {
      action: 'update',
      entity: 'sso_settings',
      entityId: orgId,
      details: {
        issuerUrl: update.issuerUrl,
        clientId: update.clientId,
        clientSecretChanged: update.clientSecret !== undefined,
        allowedDomains: domains,
        defaultRole: update.defaultRole,
        passwordSignIn: update.passwordSignIn,
      },
    });
  });
  return getSsoSettings(ctx, redirectUri);
}

/** Removes single sign-on (password sign-in applies again); linked identities stay. */
export async function removeSsoSettings(ctx: TServiceContext): Promise<void> {
  const orgId = ctx.actor.organizationId;
  await ctx.storage.db.transaction().execute(async (trx) => {
    await deleteSsoSettings(trx, orgId);
    await recordAudit(trx, ctx.actor, {
      action: 'delete',
      entity: 'sso_settings',
      entityId: orgId,
    });
  });
}
