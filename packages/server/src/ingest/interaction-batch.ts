/**
 * One batch of validated interactions written to SQLite in one immediate transaction. The
 * import's writer thread (`storage/sqlite-batch-worker.ts`) runs it on its own connection, and
 * the import itself calls it for an in-memory database.
 *
 * The references are checked once per batch instead of once per row: inside the transaction,
 * which holds the write lock, the batch's customers are looked up by external id and its
 * touchpoints and organization are confirmed; the rows then go in with SQLite's per-row
 * foreign-key checks off for that transaction alone (three index probes a row saved).
 */
import type SqliteDatabase from 'better-sqlite3';

type TValue = string | number | null;

/**
 * A batch: the creation time of its rows, the rows packed one after another, and the id of the
 * `interactions.imported` event that names the rows it stores (appended in its transaction).
 */
export interface TPackedBatch {
  now: string;
  rows: TValue[];
  eventId: string;
}

export interface TPackedOutcome {
  created: number;
  updated: number;
  errors: { row: number; field: string; reason: string }[];
}

/** Values per row in a packed batch, in this order. */
export const PACKED_FIELDS = [
  'id',
  'row',
  'externalId',
  'customerExternalId',
  'touchpointId',
  'occurredAt',
  'type',
  'amount',
  'currency',
  'attributesJson',
] as const;
const STRIDE = PACKED_FIELDS.length;

/** The `interactions` columns a batch writes, in this order. */
export const INTERACTION_COLUMNS = [
  'id',
  'organization_id',
  'external_id',
  'customer_id',
  'touchpoint_id',
  'occurred_at',
  'type',
  'amount',
  'currency',
  'attributes_json',
  'created_at',
  'organization_seq',
] as const;

/**
 * A re-imported interaction (same external id) replaces the stored one, events being sent whole:
 * every column from the customer to the attributes.
 */
export const REPLACED_COLUMNS = INTERACTION_COLUMNS.slice(
  INTERACTION_COLUMNS.indexOf('customer_id'),
  INTERACTION_COLUMNS.indexOf('attributes_json') + 1,
);

/** The distinct strings at `field` of every packed row, as one JSON array (a `json_each` input). */
function distinctJson(rows: readonly TValue[], field: number): string {
  const seen = new Set<TValue | undefined>();
  for (let i = field; i < rows.length; i += STRIDE) seen.add(rows[i]);
  return JSON.stringify([...seen]);
}

/**
 * Prepares the statements of one organization's import on `db` (a better-sqlite3 handle) and
 * returns the function that writes a batch: `{ now, rows }`, rows packed `PACKED_FIELDS` after
 * another. It must run outside any transaction, where the foreign-key pragma takes effect.
 */
export function interactionBatchWriter(
  db: SqliteDatabase.Database,
  orgId: string,
  insertEventSql: string,
): (batch: TPackedBatch) => TPackedOutcome {
  const insertSql =
    `INSERT INTO interactions (${INTERACTION_COLUMNS.join(', ')}) ` +
    `VALUES (${INTERACTION_COLUMNS.map(() => '?').join(', ')})`;
  // A new external id takes the INSERT; one already stored (or earlier in the batch) makes it a
  // no-op (0 changes) and the row takes the upsert. No probe of the batch's ids beforehand.
  const insert = db.prepare(`${insertSql} ON CONFLICT (organization_seq, external_id) DO NOTHING`);
  // The stored row keeps its id: the event names that one.
  const upsert = db
    .prepare<[(TValue | undefined)[]], string>(
      `${insertSql} ON CONFLICT (organization_seq, external_id) DO UPDATE SET ` +
        REPLACED_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ') +
        ' RETURNING id',
    )
    .pluck();
  const insertEvent = db.prepare<unknown[]>(insertEventSql);
  const organization = db
    .prepare<[string], number>('SELECT seq FROM organizations WHERE id = ?')
    .pluck();
  const touchpoints = db
    .prepare<[string, string], string>(
      `SELECT id FROM touchpoints
       WHERE organization_id = ? AND id IN (SELECT value FROM json_each(?))`,
    )
    .pluck();
  // Written as IN (subquery): as a join, SQLite scanned the organization's customers per id.
  const customers = db
    .prepare<[string, string], [TValue, string]>(
      `SELECT external_id, id FROM customers
       WHERE organization_id = ? AND external_id IN (SELECT value FROM json_each(?))`,
    )
    .raw(true);

  const write = db.transaction(({ now, rows, eventId }: TPackedBatch): TPackedOutcome => {
    const seq = organization.get(orgId);
    if (seq === undefined) throw new Error(`organization ${orgId} no longer exists`);
    const customerIds = new Map<TValue | undefined, string>(
      customers.all(orgId, distinctJson(rows, 3)),
    );
    const touchpointIds = new Set<TValue | undefined>(
      touchpoints.all(orgId, distinctJson(rows, 4)),
    );
    const errors: TPackedOutcome['errors'] = [];
    let created = 0;
    let updated = 0;
    // A repeated external id updates the row written earlier: the event names it once.
    const stored = new Set<string>();
    const values = new Array<TValue | undefined>(INTERACTION_COLUMNS.length);
    values[1] = orgId;
    values[10] = now;
    values[11] = seq;
    for (let i = 0; i < rows.length; i += STRIDE) {
      const customerId = customerIds.get(rows[i + 3]);
      if (customerId === undefined) {
        errors.push({
          row: Number(rows[i + 1]),
          field: 'customerExternalId',
          reason: `no customer with external id "${String(rows[i + 3])}"`,
        });
        continue;
      }
      if (!touchpointIds.has(rows[i + 4])) {
        // Deleted by another process since the import read the touchpoints.
        errors.push({
          row: Number(rows[i + 1]),
          field: 'touchpoint',
          reason: 'the touchpoint no longer exists',
        });
        continue;
      }
      values[0] = rows[i];
      values[2] = rows[i + 2];
      values[3] = customerId;
      for (let k = 4; k < 10; k++) values[k] = rows[i + k];
      if (insert.run(values).changes === 1) {
        created++;
        stored.add(String(values[0]));
      } else {
        const id = upsert.get(values);
        if (id !== undefined) stored.add(id);
        updated++;
      }
    }
    if (stored.size > 0) {
      const ids = [...stored];
      const payload = JSON.stringify({ ids, rollupVersion: null });
      const subject = ids[0] ?? '';
      insertEvent.run(eventId, orgId, 'interactions.imported', subject, payload, 1, now);
    }
    return { created, updated, errors };
  });

  return (batch: TPackedBatch) => {
    db.pragma('foreign_keys = OFF');
    try {
      return write.immediate(batch);
    } finally {
      db.pragma('foreign_keys = ON');
    }
  };
}
