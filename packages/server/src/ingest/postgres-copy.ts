/**
 * COPY ... FROM STDIN for the bulk writers on PostgreSQL: rows streamed in COPY's text format
 * (`pg-copy-streams`) into a staging table of the transaction, then moved into their table by
 * one `INSERT ... SELECT` that settles conflicts, beside the Kysely statements of the same
 * transaction (rollups, outbox).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import pgCopy from 'pg-copy-streams';
import type { TDb, TStorage } from '../storage/database.js';
import type { TDatabaseSchema } from '../storage/schema.js';

/** A value as COPY reads it: text, a number, or NULL. */
export type TCopyValue = string | number | null;

const NEEDS_ESCAPE = /[\\\n\r\t]/;
const ESCAPED = /[\\\n\r\t]/g;
const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/**
 * A value in COPY's text format: `\N` for NULL (so NULL and the empty string stay apart), and
 * the backslash, tab, newline and carriage return escaped; everything else as it is (NUL, which
 * PostgreSQL's text cannot hold, is refused before a row gets here).
 */
export function copyTextValue(value: TCopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPED, (c) => ESCAPES[c] ?? c) : value;
}

/** Characters of COPY text per chunk written to the connection. */
const CHUNK_CHARS = 1 << 16;

/** Rows as COPY text lines, grouped in chunks of about `CHUNK_CHARS`. */
export function* copyTextChunks(rows: Iterable<readonly TCopyValue[]>): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    let line = '';
    for (let c = 0; c < row.length; c++) {
      if (c > 0) line += '\t';
      line += copyTextValue(row[c] ?? null);
    }
    chunk += `${line}\n`;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function identifiers(names: readonly string[]): string {
  for (const name of names) {
    if (!IDENTIFIER.test(name)) throw new Error(`copy: "${name}" is not a plain identifier`);
  }
  return names.join(', ');
}

/** Streams `rows` (values in `columns` order) into `table` with COPY FROM STDIN; the row count. */
export async function copyRows(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly TCopyValue[]>,
): Promise<number> {
  const stream = client.query(
    pgCopy.from(`COPY ${identifiers([table])} (${identifiers(columns)}) FROM STDIN`),
  );
  await pipeline(Readable.from(copyTextChunks(rows)), stream);
  return stream.rowCount;
}

/**
 * A temporary table with `columns` of `table` (their types, no constraints or indexes), dropped
 * at COMMIT: where COPY lands rows before one `INSERT ... SELECT` settles their conflicts. With
 * `ordinal`, an integer column of that name comes first: the rows' order, for a query to use.
 */
export async function createStagingTable(
  client: pg.PoolClient,
  staging: string,
  table: string,
  columns: readonly string[],
  ordinal?: string,
): Promise<void> {
  const first = ordinal === undefined ? '' : `0::int AS ${identifiers([ordinal])}, `;
  await client.query(
    `CREATE TEMP TABLE ${identifiers([staging])} ON COMMIT DROP AS
     SELECT ${first}${identifiers(columns)} FROM ${identifiers([table])} WITH NO DATA`,
  );
}

/** A pool of the one connection held: Kysely runs its transaction on the client COPY uses. */
function heldConnection(client: pg.PoolClient): PostgresPool {
  const held: PostgresPoolClient = {
    query: client.query.bind(client),
    release: () => undefined,
  };
  return { connect: () => Promise.resolve(held), end: () => Promise.resolve() };
}

/**
 * Runs `work` in one transaction on one connection of the pool, with a Kysely handle of that
 * transaction and the raw client for COPY: both write in the same transaction.
 */
export async function withCopyTransaction<T>(
  storage: TStorage,
  work: (trx: TDb, client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const pool = storage.pool;
  if (pool === null) throw new Error('COPY needs PostgreSQL');
  const client = await pool.connect();
  try {
    const db = new Kysely<TDatabaseSchema>({
      dialect: new PostgresDialect({ pool: heldConnection(client) }),
    });
    return await db.transaction().execute((trx) => work(trx, client));
  } finally {
    // The pool drops a client whose connection broke (pg-pool checks it on release).
    client.release();
  }
}
