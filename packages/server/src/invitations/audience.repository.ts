import type { TDb } from '../storage/database.js';
import { jsonValueEquals } from '../storage/json-path.js';

/** Keeps every statement under both databases' limits on bound parameters. */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** What eligibility and the e-mail need to know about a customer. */
export interface TRecipient {
  id: string;
  name: string | null;
  email: string | null;
  locale: string | null;
  email_consent: number;
  opted_out_at: string | null;
}

const RECIPIENT_COLUMNS = [
  'customers.id',
  'customers.name',
  'customers.email',
  'customers.locale',
  'customers.email_consent',
  'customers.opted_out_at',
] as const;

export async function findRecipientsByIds(
  db: TDb,
  orgId: string,
  ids: readonly string[],
): Promise<TRecipient[]> {
  const out: TRecipient[] = [];
  for (const part of chunks(ids)) {
    const rows = await db
      .selectFrom('customers')
      .select(RECIPIENT_COLUMNS)
      .where('organization_id', '=', orgId)
      .where('id', 'in', part)
      .execute();
    out.push(...rows);
  }
  return out;
}

/** Customers whose attributes equal every condition (none: every customer). */
export async function findSegmentRecipients(
  db: TDb,
  orgId: string,
  conditions: readonly { key: string; value: string | number | boolean }[],
): Promise<TRecipient[]> {
  let q = db.selectFrom('customers').select(RECIPIENT_COLUMNS).where('organization_id', '=', orgId);
  for (const c of conditions) {
    q = q.where(jsonValueEquals(db, 'customers.attributes_json', c.key, c.value));
  }
  return q.orderBy('customers.id').execute();
}

export async function findInteractionsByIds(db: TDb, orgId: string, ids: readonly string[]) {
  const out: { id: string; customer_id: string; occurred_at: string }[] = [];
  for (const part of chunks(ids)) {
    const rows = await db
      .selectFrom('interactions')
      .select(['id', 'customer_id', 'occurred_at'])
      .where('organization_id', '=', orgId)
      .where('id', 'in', part)
      .execute();
    out.push(...rows);
  }
  return out;
}

export async function findRecipient(db: TDb, orgId: string, customerId: string) {
  const rows = await findRecipientsByIds(db, orgId, [customerId]);
  return rows[0];
}

/**
 * Of the given customers, those invited to any survey of the organization since the instant (an
 * invitation that was made, whether or not delivered yet; skipped and failed ones do not count).
 */
export async function findRecentlyInvited(
  db: TDb,
  orgId: string,
  customerIds: readonly string[],
  since: string,
): Promise<Set<string>> {
  const out = new Set<string>();
  for (const part of chunks(customerIds)) {
    const rows = await db
      .selectFrom('invitations')
      .select('customer_id')
      .distinct()
      .where('organization_id', '=', orgId)
      .where('customer_id', 'in', part)
      .where('invited_at', '>=', since)
      .where('status', 'in', ['queued', 'sent'])
      .execute();
    for (const row of rows) out.add(row.customer_id);
  }
  return out;
}

/** Sets the customer's opt-out, keeping the first one. */
export async function optOutCustomer(db: TDb, orgId: string, customerId: string, at: string) {
  await db
    .updateTable('customers')
    .set({ opted_out_at: at, updated_at: at })
    .where('organization_id', '=', orgId)
    .where('id', '=', customerId)
    .where('opted_out_at', 'is', null)
    .execute();
}
