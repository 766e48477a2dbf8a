import { PostgresAdapter, sql, type RawBuilder, type SqlBool } from 'kysely';
import type { TDb, TDialectName } from './database.js';

/**
 * Attribute keys reach SQL only after they were checked against the organization's declared keys;
 * this pattern is a second guard so that a key can never carry quotes or path syntax.
 */
const SAFE_KEY = /^[a-z0-9][a-z0-9_-]{0,63}$/;

function assertSafeKey(key: string): void {
  if (!SAFE_KEY.test(key)) throw new Error(`unsafe JSON key ${JSON.stringify(key)}`);
}

/** Which database a Kysely handle (or transaction) talks to. */
export function dialectOf(db: TDb): TDialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** The SQLite JSON path of a top-level key, quoted because keys may contain `-`. */
function sqlitePath(key: string): string {
  return `$."${key}"`;
}

/**
 * True where the JSON text column holds `key` (any non-null value): SQLite
 * `json_extract(col, '$."key"')`, PostgreSQL `(col::jsonb ->> 'key')`.
 */
export function jsonHasKey(db: TDb, column: string, key: string): RawBuilder<SqlBool> {
  assertSafeKey(key);
  const col = sql.ref(column);
  return dialectOf(db) === 'postgres'
    ? sql<SqlBool>`((${col})::jsonb ->> ${key}::text) is not null`
    : sql<SqlBool>`json_extract(${col}, ${sqlitePath(key)}) is not null`;
}

/**
 * True where the JSON text column's `key` equals `value`, compared as JSON types: the number 4
 * matches 4 and 4.0 but not "4", true matches only true (SQLite compares the extracted value, whose
 * storage class follows the JSON type; PostgreSQL compares jsonb values).
 */
export function jsonValueEquals(
  db: TDb,
  column: string,
  key: string,
  value: string | number | boolean,
): RawBuilder<SqlBool> {
  assertSafeKey(key);
  const col = sql.ref(column);
  if (dialectOf(db) === 'postgres') {
    return sql<SqlBool>`((${col})::jsonb -> ${key}::text) = ${JSON.stringify(value)}::jsonb`;
  }
  const path = sqlitePath(key);
  // json_extract turns true into 1; json_type tells a boolean from the number 1.
  if (typeof value === 'boolean') {
    return sql<SqlBool>`json_type(${col}, ${path}) = ${value ? 'true' : 'false'}`;
  }
  return sql<SqlBool>`json_extract(${col}, ${path}) = ${value}`;
}

/** True where the JSON text column's `key` is one of the given strings. */
export function jsonTextIn(
  db: TDb,
  column: string,
  key: string,
  values: readonly string[],
): RawBuilder<SqlBool> {
  assertSafeKey(key);
  const col = sql.ref(column);
  const list = sql.join(values.map((v) => sql`${v}`));
  return dialectOf(db) === 'postgres'
    ? sql<SqlBool>`((${col})::jsonb ->> ${key}::text) in (${list})`
    : sql<SqlBool>`json_extract(${col}, ${sqlitePath(key)}) in (${list})`;
}

/** Question keys as `values_json` holds them: a question id, or `question.item` for a matrix item. */
const ANSWER_KEY = /^[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62})?$/;

/**
 * The number stored under `key` in a JSON text column of numeric answers (`responses.values_json`),
 * null where the key is absent: SQLite `json_extract(col, '$."key"')`, PostgreSQL
 * `(col::jsonb ->> 'key')::double precision`. The key is quoted whole, so `q.item` is one key.
 */
export function jsonNumber(db: TDb, column: string, key: string): RawBuilder<number | null> {
  if (!ANSWER_KEY.test(key)) throw new Error(`unsafe answer key ${JSON.stringify(key)}`);
  const col = sql.ref(column);
  return dialectOf(db) === 'postgres'
    ? sql<number | null>`((${col})::jsonb ->> ${key}::text)::double precision`
    : sql<number | null>`json_extract(${col}, ${sqlitePath(key)})`;
}
