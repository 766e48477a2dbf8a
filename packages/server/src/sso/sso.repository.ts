/** SQL of single sign-on: settings, accepted domains, linked identities and started flows. */
import type { TDb } from '../storage/database.js';
import type { TSsoFlowsTable, TSsoSettingsTable } from '../storage/schema.js';

export async function findSsoSettings(
  db: TDb,
  organizationId: string,
): Promise<TSsoSettingsTable | undefined> {
  return db
    .selectFrom('sso_settings')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
}

export async function upsertSsoSettings(db: TDb, row: TSsoSettingsTable): Promise<void> {
  await db
    .insertInto('sso_settings')
    .values(row)
    .onConflict((oc) =>
      oc.column('organization_id').doUpdateSet({
        issuer_url: row.issuer_url,
        client_id: row.client_id,
        client_secret: row.client_secret,
        default_role: row.default_role,
        password_sign_in: row.password_sign_in,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export async function deleteSsoSettings(db: TDb, organizationId: string): Promise<void> {
  await db.deleteFrom('sso_domains').where('organization_id', '=', organizationId).execute();
  await db.deleteFrom('sso_settings').where('organization_id', '=', organizationId).execute();
}

export async function listSsoDomains(db: TDb, organizationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('sso_domains')
    .select('domain')
    .where('organization_id', '=', organizationId)
    .orderBy('domain')
    .execute();
  return rows.map((r) => r.domain);
}

/** Which of these domains another organization has claimed already. */
export async function findDomainsOfOthers(
  db: TDb,
  organizationId: string,
  domains: readonly string[],
): Promise<string[]> {
  if (domains.length === 0) return [];
  const rows = await db
    .selectFrom('sso_domains')
    .select('domain')
    .where('domain', 'in', domains)
    .where('organization_id', '<>', organizationId)
    .execute();
  return rows.map((r) => r.domain);
}

export async function replaceSsoDomains(
  db: TDb,
  organizationId: string,
  domains: readonly string[],
): Promise<void> {
  await db.deleteFrom('sso_domains').where('organization_id', '=', organizationId).execute();
  if (domains.length === 0) return;
  await db
    .insertInto('sso_domains')
    .values(domains.map((domain) => ({ domain, organization_id: organizationId })))
    .execute();
}

/** The organization that set up SSO and accepts this e-mail domain. */
export async function findOrganizationIdByDomain(
  db: TDb,
  domain: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('sso_domains')
    .select('organization_id')
    .where('domain', '=', domain)
    .executeTakeFirst();
  return row?.organization_id;
}

/** Of these organizations, those whose members may not sign in with a password. */
export async function findSsoOnlyOrganizations(
  db: TDb,
  organizationIds: readonly string[],
): Promise<Set<string>> {
  if (organizationIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('sso_settings')
    .select('organization_id')
    .where('organization_id', 'in', organizationIds)
    .where('password_sign_in', '=', 0)
    .execute();
  return new Set(rows.map((r) => r.organization_id));
}

/** True when an owner of the organization has an identity of this issuer linked. */
export async function ownerHasIdentity(
  db: TDb,
  organizationId: string,
  issuer: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('user_identities')
    .innerJoin('memberships', 'memberships.user_id', 'user_identities.user_id')
    .select('user_identities.subject')
    .where('memberships.organization_id', '=', organizationId)
    .where('memberships.role', '=', 'owner')
    .where('user_identities.issuer', '=', issuer)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function findIdentityUser(
  db: TDb,
  issuer: string,
  subject: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('user_identities')
    .select('user_id')
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .executeTakeFirst();
  return row?.user_id;
}

export async function insertIdentity(
  db: TDb,
  row: { issuer: string; subject: string; userId: string; at: string },
): Promise<void> {
  await db
    .insertInto('user_identities')
    .values({
      issuer: row.issuer,
      subject: row.subject,
      user_id: row.userId,
      created_at: row.at,
      last_sign_in_at: row.at,
    })
    .execute();
}

export async function touchIdentity(
  db: TDb,
  issuer: string,
  subject: string,
  at: string,
): Promise<void> {
  await db
    .updateTable('user_identities')
    .set({ last_sign_in_at: at })
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .execute();
}

export async function insertSsoFlow(db: TDb, row: TSsoFlowsTable): Promise<void> {
  await db.insertInto('sso_flows').values(row).execute();
}

/** Takes a started flow: returns it and deletes it, so a callback uses it once. */
export async function takeSsoFlow(db: TDb, state: string): Promise<TSsoFlowsTable | undefined> {
  const row = await db
    .selectFrom('sso_flows')
    .selectAll()
    .where('state', '=', state)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const deleted = await db.deleteFrom('sso_flows').where('state', '=', state).executeTakeFirst();
  // Two callbacks racing for one flow: only the one whose delete removed the row goes on.
  return deleted.numDeletedRows > 0n ? row : undefined;
}

export async function deleteExpiredSsoFlows(db: TDb, now: string): Promise<void> {
  await db.deleteFrom('sso_flows').where('expires_at', '<', now).execute();
}
