import type { TRole } from '@touchstone/core';
import type { TDb } from '../storage/database.js';

export interface TSessionRow {
  userId: string;
  organizationId: string;
  role: TRole;
  csrfToken: string;
  expiresAt: string;
}

/** A live session with the member's current role (a role change applies at once). */
export async function findSessionByTokenHash(
  db: TDb,
  tokenHash: string,
): Promise<TSessionRow | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('memberships', (j) =>
      j
        .onRef('memberships.user_id', '=', 'sessions.user_id')
        .onRef('memberships.organization_id', '=', 'sessions.organization_id'),
    )
    .select([
      'sessions.user_id',
      'sessions.organization_id',
      'sessions.csrf_token',
      'sessions.expires_at',
      'memberships.role',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    userId: row.user_id,
    organizationId: row.organization_id,
    role: row.role as TRole,
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
  };
}

export async function insertSession(
  db: TDb,
  session: {
    tokenHash: string;
    userId: string;
    organizationId: string;
    csrfToken: string;
    createdAt: string;
    expiresAt: string;
  },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      token_hash: session.tokenHash,
      user_id: session.userId,
      organization_id: session.organizationId,
      csrf_token: session.csrfToken,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
    })
    .execute();
}

export async function deleteSession(db: TDb, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteExpiredSessions(db: TDb, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
}

export interface TApiKeyAuthRow {
  id: string;
  organizationId: string;
  role: TRole;
  lastUsedAt: string | null;
}

/** An unrevoked key by the hash of its secret. */
export async function findActiveApiKeyByHash(
  db: TDb,
  keyHash: string,
): Promise<TApiKeyAuthRow | undefined> {
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'organization_id', 'role', 'last_used_at'])
    .where('key_hash', '=', keyHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        organizationId: row.organization_id,
        role: row.role as TRole,
        lastUsedAt: row.last_used_at,
      }
    : undefined;
}

export async function touchApiKey(db: TDb, id: string, at: string): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
}

export interface TSignInCandidate {
  userId: string;
  name: string;
  email: string;
  passwordHash: string;
}

export async function findUserByEmail(
  db: TDb,
  email: string,
): Promise<TSignInCandidate | undefined> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'password_hash'])
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst();
  return row
    ? { userId: row.id, name: row.name, email: row.email, passwordHash: row.password_hash }
    : undefined;
}

export interface TMembershipSummary {
  organizationId: string;
  name: string;
  slug: string;
  role: TRole;
}

/** The organizations a user belongs to, oldest membership first. */
export async function listMemberships(db: TDb, userId: string): Promise<TMembershipSummary[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('organizations', 'organizations.id', 'memberships.organization_id')
    .select(['organizations.id', 'organizations.name', 'organizations.slug', 'memberships.role'])
    .where('memberships.user_id', '=', userId)
    .orderBy('memberships.created_at')
    .orderBy('organizations.id')
    .execute();
  return rows.map((r) => ({
    organizationId: r.id,
    name: r.name,
    slug: r.slug,
    role: r.role as TRole,
  }));
}

/** The signed-in user and the session's organization, as the dashboard shows them. */
export function findSessionUser(db: TDb, userId: string, organizationId: string) {
  return db
    .selectFrom('users')
    .innerJoin('organizations', (j) => j.on('organizations.id', '=', organizationId))
    .select([
      'users.id as userId',
      'users.email',
      'users.name as userName',
      'organizations.id as orgId',
      'organizations.name as orgName',
      'organizations.slug',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirst();
}
