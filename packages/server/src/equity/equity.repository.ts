// What customer equity reads: the revenue interactions, the customers' answers and attributes,
// and cheap signatures that say whether any of them changed.
import { sql } from 'kysely';
import type { TAttributeScalar } from '../attribute-keys/attribute-validation.js';
import { organizationSeq } from '../organizations/organizations.repository.js';
import type { TDb } from '../storage/database.js';
import { parseJsonColumn } from '../storage/rows.js';

/** A revenue interaction: who, when (stored instant), how much, in which currency. */
export interface TRevenueRow {
  customerId: string;
  occurredAt: string;
  amount: number;
  currency: string | null;
}

/**
 * Changes when a revenue interaction is added, deleted, or has its amount or time moved past
 * either end: the count, the sum of amounts, the first and the latest time (all read from the
 * revenue index of migration 0016).
 */
export async function findRevenueSignature(db: TDb, orgId: string): Promise<string> {
  const row = await db
    .selectFrom('interactions')
    .select([
      sql<number | string>`count(*)`.as('n'),
      sql<number | string | null>`sum(amount)`.as('total'),
      sql<string | null>`min(occurred_at)`.as('first'),
      sql<string | null>`max(occurred_at)`.as('last'),
    ])
    .where('organization_seq', '=', organizationSeq(orgId))
    .where('amount', 'is not', null)
    .executeTakeFirst();
  return [row?.n ?? 0, Number(row?.total ?? 0), row?.first ?? '', row?.last ?? ''].join('|');
}

/** Every interaction of the organization that carries an amount. */
export async function listRevenueRows(db: TDb, orgId: string): Promise<TRevenueRow[]> {
  const rows = await db
    .selectFrom('interactions')
    .select(['customer_id', 'occurred_at', 'amount', 'currency'])
    .where('organization_seq', '=', organizationSeq(orgId))
    .where('amount', 'is not', null)
    .execute();
  return rows.map((row) => ({
    customerId: row.customer_id,
    occurredAt: row.occurred_at,
    amount: Number(row.amount),
    currency: row.currency,
  }));
}

/** A complete response of a known customer, with its numeric answers by question key. */
export interface TCustomerAnswers {
  customerId: string;
  surveyId: string;
  submittedAt: string;
  values: Record<string, number>;
}

/** Complete responses linked to a customer. */
export async function listCustomerAnswers(db: TDb, orgId: string): Promise<TCustomerAnswers[]> {
  const rows = await db
    .selectFrom('responses')
    .select(['customer_id', 'survey_id', 'submitted_at', 'day', 'values_json'])
    .where('organization_seq', '=', organizationSeq(orgId))
    .where('status', '=', 'complete')
    .where('customer_id', 'is not', null)
    .execute();
  return rows.map((row) => ({
    customerId: row.customer_id ?? '',
    surveyId: row.survey_id,
    submittedAt: row.submitted_at ?? row.day,
    values: parseJsonColumn<Record<string, number>>(row.values_json),
  }));
}

/** Changes when a customer is added, changed or erased. */
export async function findCustomersSignature(db: TDb, orgId: string): Promise<string> {
  const row = await db
    .selectFrom('customers')
    .select([
      sql<number | string>`count(*)`.as('n'),
      sql<string | null>`max(updated_at)`.as('last'),
    ])
    .where('organization_id', '=', orgId)
    .executeTakeFirst();
  return `${row?.n ?? 0}|${row?.last ?? ''}`;
}

/** Each customer's value of one attribute (null when unset). */
export async function listCustomerAttribute(
  db: TDb,
  orgId: string,
  key: string,
): Promise<Map<string, TAttributeScalar | null>> {
  const rows = await db
    .selectFrom('customers')
    .select(['id', 'attributes_json'])
    .where('organization_id', '=', orgId)
    .execute();
  const values = new Map<string, TAttributeScalar | null>();
  for (const row of rows) {
    const attributes = parseJsonColumn<Record<string, TAttributeScalar>>(row.attributes_json);
    values.set(row.id, attributes[key] ?? null);
  }
  return values;
}

/** The organization's customer attribute keys, oldest first. */
export async function listCustomerAttributeKeys(db: TDb, orgId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('attribute_keys')
    .select('key')
    .where('organization_id', '=', orgId)
    .where('entity', '=', 'customer')
    .orderBy('created_at')
    .orderBy('key')
    .execute();
  return rows.map((row) => row.key);
}

/** True when the customer exists in the organization. */
export async function customerExists(db: TDb, orgId: string, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('customers')
    .select('id')
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}
