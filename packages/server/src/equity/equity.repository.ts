// What customer equity reads: the revenue interactions, the customers' answers and attributes,
// and cheap signatures that say whether any of them changed.
import { sql } from 'kysely';
import type { TAttributeScalar } from '../attribute-keys/attribute-validation.js';
import { organizationSeq } from '../organizations/organizations.repository.js';
import type { TDb } from '../storage/database.js';
import { jsonNumber } from '../storage/json-path.js';
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

/** A complete response of a known customer, with its numeric answers to the asked-for keys. */
export interface TCustomerAnswers {
  customerId: string;
  surveyId: string;
  submittedAt: string;
  values: Record<string, number>;
}

/**
 * Complete responses linked to a customer, with the numeric answers to `keys` only (extracted by
 * the database, so the rest of each response's answers is never parsed here).
 */
export async function listCustomerAnswers(
  db: TDb,
  orgId: string,
  keys: readonly string[],
): Promise<TCustomerAnswers[]> {
  if (keys.length === 0) return [];
  let query = db
    .selectFrom('responses')
    .select(['customer_id', 'survey_id', 'submitted_at', 'day'])
    .where('organization_seq', '=', organizationSeq(orgId))
    .where('status', '=', 'complete')
    .where('customer_id', 'is not', null);
  keys.forEach((key, i) => {
    query = query.select(jsonNumber(db, 'values_json', key).as(`k${i}`));
  });
  const rows = (await query.execute()) as unknown as (Record<string, number | string | null> & {
    customer_id: string | null;
    survey_id: string;
    submitted_at: string | null;
    day: string;
  })[];
  return rows.map((row) => {
    const values: Record<string, number> = {};
    keys.forEach((key, i) => {
      const value = row[`k${i}`];
      if (value !== null && value !== undefined) values[key] = Number(value);
    });
    return {
      customerId: row.customer_id ?? '',
      surveyId: row.survey_id,
      submittedAt: row.submitted_at ?? row.day,
      values,
    };
  });
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
