import type SqliteDatabase from 'better-sqlite3';
import { CompiledQuery } from 'kysely';
import type { TDb } from '../storage/database.js';
import type { TQueryParam, TSqlValue, TUpsertSpec, TWriteTx } from './stored-response.js';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
/** Bound parameters per statement, under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMS = { sqlite: 30_000, postgres: 60_000 } as const;

function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`upsert: "${name}" is not a plain identifier`);
  return `"${name}"`;
}

type TRow = Record<string, TSqlValue>;

/** A row's identity as one string: typed and length-prefixed, so distinct keys never collide. */
function keyOf(row: TRow, key: readonly string[]): string {
  let out = '';
  for (const k of key) {
    const v = row[k] ?? null;
    out +=
      v === null ? '\u0000n' : typeof v === 'number' ? `\u0000d${v}` : `\u0000s${v.length}:${v}`;
  }
  return out;
}

/** Merges rows with the same key the way the database would, so each key appears once. */
function mergeDuplicateKeys(rows: readonly TRow[], spec: TUpsertSpec): TRow[] {
  const byKey = new Map<string, TRow>();
  const copies = new Set<TRow>();
  for (const row of rows) {
    const key = keyOf(row, spec.key);
    const found = byKey.get(key);
    if (found === undefined) {
      byKey.set(key, row); // copied only if a duplicate is merged into it
      continue;
    }
    let seen = found;
    if (!copies.has(found)) {
      seen = { ...found };
      copies.add(seen);
      byKey.set(key, seen);
    }
    for (const [column, how] of Object.entries(spec.merge)) {
      const a = seen[column] ?? null;
      const b = row[column] ?? null;
      if (how === 'replace' || a === null) seen[column] = b;
      else if (b === null) continue;
      else if (how === 'add') seen[column] = Number(a) + Number(b);
      else if (how === 'min') seen[column] = b < a ? b : a;
      else seen[column] = b > a ? b : a;
    }
  }
  return [...byKey.values()];
}

/** `INSERT ... VALUES (...), ... ON CONFLICT (key) DO UPDATE SET ...` for `count` rows. */
export function upsertSql(
  dialect: 'sqlite' | 'postgres',
  table: string,
  columns: readonly string[],
  count: number,
  spec: TUpsertSpec,
): string {
  const t = identifier(table);
  let n = 0;
  const tuple = () =>
    `(${columns.map(() => (dialect === 'postgres' ? `$${++n}` : '?')).join(', ')})`;
  const values = Array.from({ length: count }, tuple).join(', ');
  const least = dialect === 'postgres' ? 'least' : 'min';
  const greatest = dialect === 'postgres' ? 'greatest' : 'max';
  const sets = Object.entries(spec.merge).map(([column, how]) => {
    const c = identifier(column);
    const stored = `${t}.${c}`;
    const given = `excluded.${c}`;
    switch (how) {
      case 'add':
        return `${c} = coalesce(${stored}, 0) + coalesce(${given}, 0)`;
      case 'min':
        return `${c} = coalesce(${least}(${stored}, ${given}), ${stored}, ${given})`;
      case 'max':
        return `${c} = coalesce(${greatest}(${stored}, ${given}), ${stored}, ${given})`;
      case 'replace':
        return `${c} = ${given}`;
    }
  });
  const conflict = `(${spec.key.map(identifier).join(', ')})`;
  const action = sets.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${sets.join(', ')}`;
  return `INSERT INTO ${t} (${columns.map(identifier).join(', ')}) VALUES ${values} ON CONFLICT ${conflict} ${action}`;
}

/** Rows in a full statement: big enough to amortise a call, small enough to prepare once. */
const BLOCK_ROWS = 128;

/**
 * Rows of the next statement: a full block, else the largest power of two that fits, so a table
 * needs at most eight statement shapes and SQLite reuses them across batches instead of
 * compiling a new statement for every batch size.
 */
function statementRows(left: number, perStatement: number): number {
  const block = Math.min(BLOCK_ROWS, perStatement);
  if (left >= block) return block;
  let size = 1;
  while (size * 2 <= left) size *= 2;
  return size;
}

/** Splits rows (unique by key, as arrays in `columns` order) into statements under the limit. */
function* arrayStatements(
  dialect: 'sqlite' | 'postgres',
  table: string,
  columns: readonly string[],
  rows: readonly (readonly TSqlValue[])[],
  spec: TUpsertSpec,
): Generator<{ sql: string; params: TSqlValue[] }> {
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS[dialect] / columns.length));
  for (let start = 0; start < rows.length;) {
    // PostgreSQL parses every statement anyway: there, fewer and bigger is better.
    const left = rows.length - start;
    const size =
      dialect === 'sqlite' ? statementRows(left, perStatement) : Math.min(left, perStatement);
    const params: TSqlValue[] = [];
    for (let i = start; i < start + size; i++) {
      const row = rows[i] ?? [];
      for (let c = 0; c < columns.length; c++) params.push(row[c] ?? null);
    }
    start += size;
    yield { sql: upsertSql(dialect, table, columns, size, spec), params };
  }
}

/** Merges rows by key, then splits them into statements that stay under the parameter limit. */
function statements(
  dialect: 'sqlite' | 'postgres',
  table: string,
  rows: readonly TRow[],
  spec: TUpsertSpec,
): Generator<{ sql: string; params: TSqlValue[] }> {
  const merged = mergeDuplicateKeys(rows, spec);
  const columns = Object.keys(merged[0] ?? {});
  const arrays = merged.map((row) => columns.map((c) => row[c] ?? null));
  return arrayStatements(dialect, table, columns, arrays, spec);
}

const MAX_PREPARED = 200;

/**
 * A writer's prepared statements on its SQLite connection, by SQL text (a few shapes per table
 * in practice), prepared once and reused batch after batch.
 */
export class PreparedStatements {
  private readonly byText = new Map<string, SqliteDatabase.Statement>();

  constructor(readonly sqlite: SqliteDatabase.Database) {}

  get(text: string): SqliteDatabase.Statement {
    let statement = this.byText.get(text);
    if (!statement) {
      if (this.byText.size >= MAX_PREPARED) this.byText.clear();
      statement = this.sqlite.prepare(text);
      this.byText.set(text, statement);
    }
    return statement;
  }
}

/** The write transaction on SQLite: raw prepared statements on the connection the writer holds. */
export function sqliteWriteTx(prepared: PreparedStatements, db: TDb): TWriteTx {
  return {
    dialect: 'sqlite',
    db,
    rollupVersions: new Map(),
    upsert(table, rows, spec) {
      for (const { sql, params } of statements('sqlite', table, rows, spec)) {
        prepared.get(sql).run(params);
      }
      return Promise.resolve();
    },
    upsertUnique(table, columns, rows, spec) {
      for (const { sql, params } of arrayStatements('sqlite', table, columns, rows, spec)) {
        prepared.get(sql).run(params);
      }
      return Promise.resolve();
    },
    query<T>(text: string, params: readonly TQueryParam[]) {
      const statement = prepared.get(text);
      return Promise.resolve(
        (statement.reader ? statement.all(...params) : (statement.run(...params), [])) as T[],
      );
    },
  };
}

/** `?` placeholders as PostgreSQL's `$1, $2, ...` (the SQL given holds no `?` otherwise). */
function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** The write transaction on PostgreSQL: statements on the Kysely transaction. */
export function postgresWriteTx(trx: TDb): TWriteTx {
  return {
    dialect: 'postgres',
    db: trx,
    rollupVersions: new Map(),
    async upsert(table, rows, spec) {
      for (const { sql, params } of statements('postgres', table, rows, spec)) {
        await trx.executeQuery(CompiledQuery.raw(sql, params));
      }
    },
    async upsertUnique(table, columns, rows, spec) {
      for (const { sql, params } of arrayStatements('postgres', table, columns, rows, spec)) {
        await trx.executeQuery(CompiledQuery.raw(sql, params));
      }
    },
    async query<T>(text: string, params: readonly TQueryParam[]) {
      const result = await trx.executeQuery<T>(CompiledQuery.raw(numbered(text), [...params]));
      return [...result.rows];
    },
  };
}
