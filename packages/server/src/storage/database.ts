import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { TDatabaseSchema } from './schema.js';

export type TDialectName = 'sqlite' | 'postgres';
export type TDb = Kysely<TDatabaseSchema>;

/** An open database: the Kysely handle, and the raw driver for the few bulk paths that need it. */
export interface TStorage {
  db: TDb;
  dialect: TDialectName;
  /** The better-sqlite3 handle, on SQLite only (bulk imports use prepared statements on it). */
  sqlite: SqliteDatabase.Database | null;
  /** The pg pool, on PostgreSQL only. */
  pool: pg.Pool | null;
  /** The PostgreSQL schema given at open (tests), null for the default. */
  pgSchema: string | null;
  /** Bulk loads' bookkeeping on this database (see `runAfterLoad` and `withImportTuning`). */
  readonly loads: TBulkLoads;
  close(): Promise<void>;
}

/** What bulk loads leave running or changed on an open database. */
export interface TBulkLoads {
  /** Work a bulk load left running after it returned (see `runAfterLoad`). */
  readonly pending: Set<Promise<void>>;
  /** The SQLite connection's checkpoint interval while imports run, and how many run. */
  tuning: { imports: number; previous: number } | null;
}

function bulkLoads(): TBulkLoads {
  return { pending: new Set(), tuning: null };
}

export interface TOpenOptions {
  /** PostgreSQL schema to use (tests give each suite its own); created when missing. */
  pgSchema?: string;
  pgPoolSize?: number;
}

/** How long a SQLite connection waits for another one's write lock before it gives up. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** Opens SQLite (WAL) for a file path or `:memory:`, or PostgreSQL for a `postgres://` URL. */
export async function openStorage(url: string, options: TOpenOptions = {}): Promise<TStorage> {
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url, options);
  return openSqlite(url);
}

/**
 * Keeps track of work a bulk load leaves running once its rows are committed (its writer
 * thread copying the load's pages from the WAL into the database file); `loadsSettled` and the
 * database's `close` wait for it. A failure there loses nothing: the rows are committed in the
 * WAL, and the next checkpoint copies them.
 */
export function runAfterLoad(storage: TStorage, work: Promise<unknown>): void {
  const { pending } = storage.loads;
  const settled: Promise<void> = work.then(
    () => undefined,
    () => undefined,
  );
  pending.add(settled);
  void settled.then(() => pending.delete(settled));
}

/** Resolves once the work that bulk loads left running (`runAfterLoad`) has ended. */
export async function loadsSettled(storage: TStorage): Promise<void> {
  const { pending } = storage.loads;
  while (pending.size > 0) await Promise.all(pending);
}

function openSqlite(file: string): TStorage {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL in WAL mode syncs at checkpoints; FULL syncs every commit so an acknowledged write
  // survives power loss, not only a process crash.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  sqlite.pragma('cache_size = -65536');
  const db = new Kysely<TDatabaseSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
  const storage: TStorage = {
    db,
    dialect: 'sqlite',
    sqlite,
    pool: null,
    pgSchema: null,
    loads: bulkLoads(),
    close: async () => {
      await loadsSettled(storage);
      await db.destroy();
    },
  };
  return storage;
}

async function openPostgres(url: string, options: TOpenOptions): Promise<TStorage> {
  const schema = options.pgSchema;
  if (schema !== undefined) {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
    const setup = new pg.Client({ connectionString: url });
    await setup.connect();
    try {
      await setup.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await setup.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.pgPoolSize ?? 10,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  const db = new Kysely<TDatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    sqlite: null,
    pool,
    pgSchema: schema ?? null,
    loads: bulkLoads(),
    close: () => db.destroy(),
  };
}
