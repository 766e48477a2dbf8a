/**
 * Signing in with an organization's OpenID provider: `startSsoSignIn` stores a flow (state,
 * nonce, PKCE verifier) and gives the provider's URL; `finishSsoSignIn` takes the flow back
 * once, checks it belongs to this browser and is fresh, exchanges the code, finds or creates the
 * account and opens a session as password sign-in does.
 */
import { AppError, type TSsoCallbackQuery } from '@touchstone/core';
import { openSession, type TSignInResult } from '../auth/auth.service.js';
import { hashPassword } from '../auth/passwords.js';
import { randomToken, sameSecret } from '../auth/tokens.js';
import {
  findOrganization,
  findOrganizationBySlug,
} from '../organizations/organizations.repository.js';
import type { TStorage } from '../storage/database.js';
import { nowIso } from '../storage/rows.js';
import {
  authorizationUrl,
  completeSignIn,
  discoverProvider,
  newFlowSecrets,
  reasonOf,
  type TOidcClientSettings,
} from './oidc-client.js';
import { resolveSsoAccount, type TSsoOrganization } from './sso-account.js';
import {
  deleteExpiredSsoFlows,
  findOrganizationIdByDomain,
  findSsoSettings,
  insertSsoFlow,
  listSsoDomains,
  takeSsoFlow,
} from './sso.repository.js';

/** How long a started sign-in may take at the provider. */
export const SSO_FLOW_MINUTES = 10;

export interface TStartedSsoSignIn {
  authorizationUrl: string;
  state: string;
  expiresAt: Date;
}

interface TConfiguredOrganization extends TSsoOrganization {
  client: TOidcClientSettings;
}

/** An organization with its SSO settings; refused when it has none. */
async function findConfiguredOrganization(
  storage: TStorage,
  organizationId: string,
): Promise<TConfiguredOrganization> {
  const db = storage.db;
  const org = await findOrganization(db, organizationId);
  if (org === undefined) throw new AppError('not_found', 'the organization no longer exists');
  const settings = await findSsoSettings(db, org.id);
  if (settings === undefined) {
    throw new AppError('not_found', `${org.slug} has not set up single sign-on`);
  }
  return {
    id: org.id,
    slug: org.slug,
    name: org.name,
    defaultRole: settings.default_role as TSsoOrganization['defaultRole'],
    allowedDomains: await listSsoDomains(db, org.id),
    client: {
      issuerUrl: settings.issuer_url,
      clientId: settings.client_id,
      clientSecret: settings.client_secret,
    },
  };
}

/** `acme`, `acme.com` or `ann@acme.com`: the organization's slug, else the domain's owner. */
async function organizationOfReference(storage: TStorage, reference: string): Promise<string> {
  const text = reference.trim().toLowerCase();
  const domain = text.includes('@') ? text.slice(text.lastIndexOf('@') + 1) : text;
  if (!text.includes('@')) {
    const bySlug = await findOrganizationBySlug(storage.db, text);
    if (bySlug !== undefined) return bySlug.id;
  }
  const byDomain = await findOrganizationIdByDomain(storage.db, domain);
  if (byDomain === undefined) {
    throw new AppError(
      'not_found',
      `no organization with the slug or single sign-on domain "${reference.trim()}"`,
    );
  }
  return byDomain;
}

async function providerOf(org: TConfiguredOrganization) {
  try {
    return await discoverProvider(org.client);
  } catch (error) {
    throw new AppError(
      'unavailable',
      `the identity provider of ${org.slug} could not be reached: ${reasonOf(error)}`,
    );
  }
}

/** Starts a sign-in at the provider of the organization named by `reference`. */
export async function startSsoSignIn(
  storage: TStorage,
  reference: string,
  redirectUri: string,
): Promise<TStartedSsoSignIn> {
  const orgId = await organizationOfReference(storage, reference);
  const org = await findConfiguredOrganization(storage, orgId);
  const provider = await providerOf(org);
  const secrets = newFlowSecrets();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + SSO_FLOW_MINUTES * 60_000);
  await deleteExpiredSsoFlows(storage.db, now.toISOString());
  await insertSsoFlow(storage.db, {
    state: secrets.state,
    organization_id: org.id,
    nonce: secrets.nonce,
    code_verifier: secrets.codeVerifier,
    redirect_uri: redirectUri,
    created_at: now.toISOString(),
    expires_at: expiresAt.toISOString(),
  });
  const url = await authorizationUrl(provider, secrets, redirectUri);
  return { authorizationUrl: url.href, state: secrets.state, expiresAt };
}

/**
 * Finishes a sign-in at the redirect URI: `browserState` is the state of the flow cookie, so a
 * callback carried to another browser (login CSRF) or with a changed state is refused.
 */
export async function finishSsoSignIn(
  storage: TStorage,
  query: TSsoCallbackQuery,
  browserState: string | undefined,
  sessionHours: number,
): Promise<TSignInResult & { created: boolean }> {
  const state = query.state;
  if (state === undefined || state === '') {
    throw new AppError('bad_request', 'the callback carries no state: start the sign-in again');
  }
  if (browserState === undefined || !sameSecret(browserState, state)) {
    throw new AppError(
      'bad_request',
      'the state does not match the sign-in this browser started: start the sign-in again',
    );
  }
  const flow = await takeSsoFlow(storage.db, state);
  if (flow === undefined) {
    throw new AppError('bad_request', 'unknown or already used sign-in: start the sign-in again');
  }
  if (flow.expires_at < nowIso()) {
    throw new AppError(
      'bad_request',
      `the sign-in expired (${SSO_FLOW_MINUTES} minutes): start the sign-in again`,
    );
  }
  if (query.error !== undefined) {
    const description = query.error_description ? ` (${query.error_description})` : '';
    throw new AppError(
      'unauthenticated',
      `the identity provider refused the sign-in: ${query.error}${description}`,
    );
  }
  if (query.code === undefined || query.code === '') {
    throw new AppError('bad_request', 'the callback carries no code');
  }
  const org = await findConfiguredOrganization(storage, flow.organization_id);
  const provider = await providerOf(org);
  const callbackUrl = new URL(flow.redirect_uri);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) callbackUrl.searchParams.set(key, value);
  }
  let identity;
  try {
    identity = await completeSignIn(provider, callbackUrl, {
      state: flow.state,
      nonce: flow.nonce,
      codeVerifier: flow.code_verifier,
    });
  } catch (error) {
    throw new AppError(
      'unauthenticated',
      `the identity provider's answer was refused: ${reasonOf(error)}`,
    );
  }
  const account = await storage.db
    .transaction()
    .execute((trx) => resolveSsoAccount(trx, org, identity, () => hashPassword(randomToken())));
  const result = await openSession(
    storage,
    account.user,
    { organizationId: org.id, name: org.name, slug: org.slug, role: account.role },
    sessionHours,
  );
  return { ...result, created: account.created };
}
