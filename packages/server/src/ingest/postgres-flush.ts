import { sql } from 'kysely';
import type { TDb, TStorage } from '../storage/database.js';
import {
  allFailed,
  allOk,
  applyListeners,
  isRowLevelError,
  staleResponse,
  writtenResponses,
  type TFlush,
  type TUnitResult,
  type TWriteUnit,
} from './write-units.js';
import type { TResponseBatchListener } from './stored-response.js';
import type { TAppendResponseEvents } from './outbox.js';
import { RESPONSE_COLUMNS, responseRowValues, toResponseRow } from './response-rows.js';
import { postgresWriteTx } from './write-tx.js';

/**
 * Rows per INSERT. Its parameters are a column's values each (22 whatever the rows), unnested into
 * rows by PostgreSQL. A multi-row VALUES took 22 parameters a row, and PostgreSQL parsed and
 * planned each 1,000-row statement anew: fewer, smaller statements to parse and plan, so the
 * bench's response import runs faster unnested.
 */
const RESPONSES_PER_INSERT = 10_000;

/** The array type of each column's parameter, by column: text unless named here. */
const ARRAY_TYPES: Readonly<Record<string, string>> = { survey_version: 'int[]' };

/**
 * Organization numbers by id, kept for the writer of one database: a number never changes, and
 * a row of an organization deleted since still fails, on its foreign key.
 */
export type TKnownSeqs = Map<string, number>;
const MAX_KNOWN_SEQS = 10_000;

/**
 * The numbers of the organizations of `responses`, read once and then kept: as a subquery in
 * every row, PostgreSQL planned a thousand subqueries per INSERT, which slowed imports markedly.
 * An organization not found gets 0, no organization's number, and its rows fail on their foreign
 * key.
 */
export async function organizationSeqs(
  trx: TDb,
  knownSeqs: TKnownSeqs,
  responses: TWriteUnit,
): Promise<(organizationId: string) => number> {
  const missing = [...new Set(responses.map((r) => r.organizationId))].filter(
    (id) => !knownSeqs.has(id),
  );
  if (missing.length > 0) {
    const rows = await trx
      .selectFrom('organizations')
      .select(['id', 'seq'])
      .where('id', 'in', missing)
      .execute();
    if (knownSeqs.size + rows.length > MAX_KNOWN_SEQS) knownSeqs.clear();
    for (const o of rows) knownSeqs.set(o.id, Number(o.seq));
  }
  return (organizationId: string): number => knownSeqs.get(organizationId) ?? 0;
}

/** Inserts new responses, `RESPONSES_PER_INSERT` a statement, each column as one array. */
async function insertResponses(trx: TDb, knownSeqs: TKnownSeqs, fresh: TWriteUnit) {
  const seqOf = await organizationSeqs(trx, knownSeqs, fresh);
  for (let i = 0; i < fresh.length; i += RESPONSES_PER_INSERT) {
    const columns = RESPONSE_COLUMNS.map((): unknown[] => []);
    const seqs: number[] = [];
    for (const response of fresh.slice(i, i + RESPONSES_PER_INSERT)) {
      const values = responseRowValues(response);
      for (let c = 0; c < columns.length; c++) columns[c]?.push(values[c]);
      seqs.push(seqOf(response.organizationId));
    }
    const arrays = RESPONSE_COLUMNS.map(
      (name, c) => sql`${sql.val(columns[c])}::${sql.raw(ARRAY_TYPES[name] ?? 'text[]')}`,
    );
    await sql`INSERT INTO responses (${sql.raw(RESPONSE_COLUMNS.join(', '))}, organization_seq)
      SELECT * FROM unnest(${sql.join(arrays)}, ${sql.val(seqs)}::int[])`.execute(trx);
  }
}

async function writeResponses(trx: TDb, knownSeqs: TKnownSeqs, unit: TWriteUnit): Promise<void> {
  await insertResponses(
    trx,
    knownSeqs,
    unit.filter((r) => r.change === 'created'),
  );
  for (const response of unit) {
    if (response.change !== 'updated') continue;
    const row = toResponseRow(response);
    const result = await trx
      .updateTable('responses')
      .set({
        language: row.language,
        status: row.status,
        answers_json: row.answers_json,
        hidden_json: row.hidden_json,
        values_json: row.values_json,
        submitted_at: row.submitted_at,
        day: row.day,
        updated_at: row.updated_at,
      })
      .where('id', '=', row.id)
      .where('organization_id', '=', row.organization_id)
      .where('status', '=', 'partial')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw staleResponse(row.id);
  }
}

/** Group commit on PostgreSQL: one Kysely transaction with multi-row inserts per batch. */
export function postgresFlush(
  storage: TStorage,
  listeners: readonly TResponseBatchListener[],
  appendResponseEvents: TAppendResponseEvents,
): TFlush {
  const knownSeqs: TKnownSeqs = new Map();
  return async (units) => {
    try {
      await storage.db.transaction().execute(async (trx) => {
        await writeResponses(trx, knownSeqs, units.flat());
        const tx = postgresWriteTx(trx);
        await applyListeners(listeners, units.flat(), tx);
        await appendResponseEvents(tx, units.flat());
      });
      return allOk(units);
    } catch (error) {
      if (units.length === 1 || !isRowLevelError(error)) return allFailed(units, error);
    }
    // Again unit by unit behind savepoints, in one transaction, so only the offender fails.
    const results: TUnitResult[] = [];
    try {
      await storage.db.transaction().execute(async (trx) => {
        for (const unit of units) {
          await sql`savepoint unit`.execute(trx);
          try {
            await writeResponses(trx, knownSeqs, unit);
            await sql`release savepoint unit`.execute(trx);
            results.push({ ok: true });
          } catch (error) {
            await sql`rollback to savepoint unit`.execute(trx);
            results.push({ ok: false, error });
          }
        }
        const written = writtenResponses(units, results);
        const tx = postgresWriteTx(trx);
        await applyListeners(listeners, written, tx);
        await appendResponseEvents(tx, written);
      });
      return results;
    } catch (error) {
      return allFailed(units, error);
    }
  };
}
