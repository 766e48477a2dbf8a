/**
 * Who a single sign-on is: the user linked to the provider's account, else the member with the
 * verified e-mail (then linked), else a new account with the organization's default role
 * (just in time). Runs in the caller's transaction, so a refusal stores nothing.
 */
import { AppError, newId, type TRole } from '@touchstone/core';
import { recordAudit } from '../audit/audit.repository.js';
import { systemActor } from '../auth/actor.js';
import { findUserByEmail } from '../auth/auth.repository.js';
import { insertMembership } from '../organizations/organizations.repository.js';
import type { TDb } from '../storage/database.js';
import { findMember, insertUser } from '../users/users.repository.js';
import type { TOidcIdentity } from './oidc-client.js';
import { findIdentityUser, insertIdentity, touchIdentity } from './sso.repository.js';

export interface TSsoOrganization {
  id: string;
  slug: string;
  name: string;
  defaultRole: TRole;
  allowedDomains: readonly string[];
}

export interface TSsoAccount {
  user: { userId: string; email: string; name: string };
  role: TRole;
  created: boolean;
}

/**
 * The account an identity signs in as, linking or creating it. A new account's password is a
 * random secret nobody knows (hashed only when an account is created): it signs in with SSO.
 */
export async function resolveSsoAccount(
  db: TDb,
  org: TSsoOrganization,
  identity: TOidcIdentity,
  unusablePasswordHash: () => Promise<string>,
): Promise<TSsoAccount> {
  const at = new Date().toISOString();
  const actor = systemActor(org.id, 'system:sso');
  const linkedUserId = await findIdentityUser(db, identity.issuer, identity.subject);
  if (linkedUserId !== undefined) {
    const member = await findMember(db, org.id, linkedUserId);
    if (member === undefined) {
      throw new AppError('forbidden', `your account is not a member of ${org.slug}: ask an admin`);
    }
    await touchIdentity(db, identity.issuer, identity.subject, at);
    return {
      user: { userId: member.id, email: member.email, name: member.name },
      role: member.role,
      created: false,
    };
  }
  const email = acceptedEmail(org, identity);
  const existing = await findUserByEmail(db, email);
  if (existing !== undefined) {
    const member = await findMember(db, org.id, existing.userId);
    if (member === undefined) {
      throw new AppError(
        'forbidden',
        `${email} has an account outside ${org.slug}: an admin must add it to the organization first`,
      );
    }
    await insertIdentity(db, { ...identity, userId: member.id, at });
    await recordAudit(db, actor, {
      action: 'sso.link',
      entity: 'user',
      entityId: member.id,
      details: { issuer: identity.issuer },
    });
    return {
      user: { userId: member.id, email: member.email, name: member.name },
      role: member.role,
      created: false,
    };
  }
  const userId = newId();
  const name = identity.name ?? email.split('@')[0] ?? email;
  await insertUser(db, {
    id: userId,
    email,
    name: name.slice(0, 200),
    password_hash: await unusablePasswordHash(),
    created_at: at,
  });
  await insertMembership(db, {
    organization_id: org.id,
    user_id: userId,
    role: org.defaultRole,
    created_at: at,
  });
  await insertIdentity(db, { ...identity, userId, at });
  await recordAudit(db, actor, {
    action: 'create',
    entity: 'user',
    entityId: userId,
    details: { role: org.defaultRole, via: 'sso', issuer: identity.issuer },
  });
  return {
    user: { userId, email, name: name.slice(0, 200) },
    role: org.defaultRole,
    created: true,
  };
}

/** The identity's e-mail, when the provider verified it and the organization accepts its domain. */
function acceptedEmail(org: TSsoOrganization, identity: TOidcIdentity): string {
  const email = identity.email;
  if (email === null) {
    throw new AppError(
      'forbidden',
      'the identity provider sent no e-mail address: the client must be allowed the email scope',
    );
  }
  if (!identity.emailVerified) {
    throw new AppError('forbidden', `the identity provider has not verified ${email}`);
  }
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (org.allowedDomains.length > 0 && !org.allowedDomains.includes(domain)) {
    throw new AppError('forbidden', `${domain} addresses may not sign in to ${org.slug}`);
  }
  return email;
}
