/**
 * PostgreSQL's rollup writes, into writer slots (migration 0028). A transaction adds its deltas
 * to the rows of one slot, held by a transaction-level advisory lock, so that writers of one
 * organization in several processes (or an import beside the group commit) write different rows
 * and never wait for each other's row locks until commit. The database does the additions (the
 * cross-product moments too, element by element), so a row is right whoever writes it: the slot
 * only keeps writers apart. Reads sum a cell's slots (`cube.repository.ts`).
 */
import { CompiledQuery, sql } from 'kysely';
import type { TWriteTx } from '../ingest/stored-response.js';
import type { TDb } from '../storage/database.js';
import {
  CROSS_COLUMNS,
  VALUE_COLUMNS,
  VALUE_KEY_COLUMNS,
  VALUE_SUM_COLUMNS,
  crossCellColumns,
} from '../ingest/rollup-row.js';
import { HISTOGRAM_BINS, type TCrossDelta, type TRollupDeltas } from './rollup-deltas.js';

/** Writer slots: more than the transactions that ever write rollups at once. */
export const ROLLUP_SLOTS = 32;

/** The first key of a slot's advisory lock (the second is the slot): 'tSLT'. */
const SLOT_LOCKS = 0x7453_4c54;

const q = (column: string) => `"${column}"`;

/** `unnest($n::t1[], ...)` from parameter `first` on: one array per column, whatever the rows. */
const unnestOf = (types: readonly string[], first: number) =>
  `unnest(${types.map((type, i) => `$${first + i}::${type}[]`).join(', ')})`;

const VALUE_TYPES = VALUE_COLUMNS.map((column) =>
  (VALUE_KEY_COLUMNS as readonly string[]).includes(column)
    ? 'text'
    : column === 'sum' || column === 'sum_sq'
      ? 'float8'
      : 'int',
);
const CROSS_TYPES = CROSS_COLUMNS.map((column) => (column === 'n' ? 'int' : 'text'));
/** Parameters of `DELTAS_IN_SLOT`: the value columns, the cross-product columns, the slot. */
const PARAMETERS = VALUE_TYPES.length + CROSS_TYPES.length + 1;

const FREE_SLOT = `SELECT s FROM generate_series(0, ${ROLLUP_SLOTS - 1}) AS s
  WHERE pg_try_advisory_xact_lock(${SLOT_LOCKS}, s) LIMIT 1`;

const VALUE_SETS = VALUE_SUM_COLUMNS.map((c) => `${q(c)} = r.${q(c)} + excluded.${q(c)}`);

/** Element by element, the stored moments plus the delta's (JSON arrays of one cell's length). */
const ADD_MOMENTS = `(SELECT json_agg(coalesce(a.m::float8, 0) + coalesce(b.m::float8, 0)
    ORDER BY coalesce(a.i, b.i))::text
  FROM json_array_elements_text(c.moments_json::json) WITH ORDINALITY AS a(m, i)
  FULL JOIN json_array_elements_text(excluded.moments_json::json) WITH ORDINALITY AS b(m, i)
  ON a.i = b.i)`;

/**
 * Adds value and cross-product deltas (one row per cell, each column an array) to the rows of
 * one slot, in one statement: the first slot free (then held to commit) or the one given as the
 * last parameter. Returns the slot, or no slot when every slot was held (nothing is written).
 */
function deltasSql(slot: 'free' | 'given'): string {
  const chosen = slot === 'free' ? FREE_SLOT : `SELECT $${PARAMETERS}::int AS s`;
  return `WITH slot AS MATERIALIZED (${chosen}),
  value_cells AS (
    INSERT INTO rollup_values AS r (${VALUE_COLUMNS.map(q).join(', ')}, slot)
    SELECT v.*, slot.s FROM ${unnestOf(VALUE_TYPES, 1)} AS v CROSS JOIN slot
    ON CONFLICT (${VALUE_KEY_COLUMNS.map(q).join(', ')}, slot)
    DO UPDATE SET ${VALUE_SETS.join(', ')}),
  cross_cells AS (
    INSERT INTO rollup_cross_products AS c (${CROSS_COLUMNS.map(q).join(', ')}, slot)
    SELECT v.*, slot.s FROM ${unnestOf(CROSS_TYPES, VALUE_TYPES.length + 1)} AS v CROSS JOIN slot
    ON CONFLICT (organization_id, cell_id, slot)
    DO UPDATE SET n = c.n + excluded.n, moments_json = ${ADD_MOMENTS})
  SELECT s AS slot FROM slot`;
}

const DELTAS_IN_FREE_SLOT = deltasSql('free');
const DELTAS_IN_SLOT = deltasSql('given');

/** Value deltas as one array per column of `VALUE_COLUMNS`. */
function valueColumns(deltas: TRollupDeltas['values']): unknown[][] {
  const columns: unknown[][] = VALUE_COLUMNS.map(() => []);
  const push = (at: number, value: unknown) => columns[at]?.push(value);
  for (const d of deltas) {
    push(0, d.organizationId);
    push(1, d.questionKey);
    push(2, d.surveyId);
    push(3, d.touchpointId);
    push(4, d.day);
    push(5, d.segmentKey);
    push(6, d.n);
    push(7, d.sum);
    push(8, d.sumSq);
    for (let bin = 0; bin < HISTOGRAM_BINS; bin++) push(9 + bin, d.hist[bin] ?? 0);
  }
  return columns;
}

/** Cross-product deltas as one array per column of `CROSS_COLUMNS`. */
function crossColumns(deltas: readonly TCrossDelta[]): unknown[][] {
  const columns: unknown[][] = CROSS_COLUMNS.map(() => []);
  for (const d of deltas) {
    const moments = Array.from(d.moments);
    const row = [
      d.organizationId,
      ...crossCellColumns(d),
      moments[0] ?? 0,
      JSON.stringify(moments),
    ];
    row.forEach((value, at) => columns[at]?.push(value));
  }
  return columns;
}

async function run<T>(tx: TWriteTx, text: string, params: unknown[]): Promise<T[]> {
  const result = await tx.db.executeQuery<T>(CompiledQuery.raw(text, params));
  return [...result.rows];
}

/**
 * Adds a batch's deltas to the rollups in a slot of their own (PostgreSQL): the first free slot,
 * which the transaction then holds. When every slot is held (a rebuild holds them all), it
 * waits for slot 0.
 */
export async function addRollupDeltasInSlot(tx: TWriteTx, deltas: TRollupDeltas): Promise<void> {
  const columns = [...valueColumns(deltas.values), ...crossColumns(deltas.cross)];
  const [picked] = await run<{ slot: number }>(tx, DELTAS_IN_FREE_SLOT, columns);
  if (picked !== undefined) return;
  await run(tx, `SELECT pg_advisory_xact_lock(${SLOT_LOCKS}, 0)`, []);
  await run(tx, DELTAS_IN_SLOT, [...columns, 0]);
}

/**
 * Takes every writer slot until commit, waiting for the transactions that hold them (PostgreSQL;
 * a rebuild, so that no delta is written beside it). Writers only try a slot, and wait for one
 * only when all are taken, so taking them in order cannot deadlock.
 */
export async function lockEveryRollupSlot(db: TDb): Promise<void> {
  await sql`SELECT count(pg_advisory_xact_lock(${sql.lit(SLOT_LOCKS)}, s))
    FROM generate_series(0, ${sql.lit(ROLLUP_SLOTS - 1)}) AS s`.execute(db);
}
