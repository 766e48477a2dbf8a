/**
 * The databases a benchmark runs on: a SQLite file in a temporary folder, and PostgreSQL in a
 * fresh schema when a server URL is given; both are removed afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createServices,
  type TProcessServices,
} from '../packages/server/src/composition/create-services.js';
import { ZConfig } from '../packages/server/src/config.js';
import { limitHeapGrowth } from '../packages/server/src/composition/heap-growth.js';
import { openStorage, type TStorage } from '../packages/server/src/storage/database.js';
import { migrateToLatest } from '../packages/server/src/storage/migrate.js';

/**
 * The services of the bench's own process on an open database (as the CLI builds them: no
 * event delivery; the server processes the bench starts build and start their own).
 */
export function benchServices(storage: TStorage): Promise<TProcessServices> {
  const config = ZConfig.parse({
    databaseUrl: storage.dialect,
    logLevel: 'silent',
    heapGrowthPercent: process.env['HEAP_GROWTH_PERCENT'],
  });
  // The heap grows as in `touchstone serve`, so that in-process figures (imports) pay what the
  // server pays.
  limitHeapGrowth(config.heapGrowthPercent);
  return createServices(config, { storage });
}

export interface TBenchDatabase {
  name: 'SQLite' | 'PostgreSQL';
  storage: TStorage;
  /** How a second process opens the same database (URL and optional schema). */
  url: string;
  pgSchema: string | null;
  drop(): Promise<void>;
}

export async function openBenchSqlite(): Promise<TBenchDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-bench-'));
  const url = path.join(dir, 'bench.db');
  const storage = await openStorage(url);
  await migrateToLatest(storage.db);
  return {
    name: 'SQLite',
    storage,
    url,
    pgSchema: null,
    drop: async () => {
      await storage.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function openBenchPostgres(url: string): Promise<TBenchDatabase> {
  const schema = `bench_${Date.now().toString(36)}_${process.pid}`;
  const storage = await openStorage(url, { pgSchema: schema, pgPoolSize: 12 });
  await migrateToLatest(storage.db, schema);
  return {
    name: 'PostgreSQL',
    storage,
    url,
    pgSchema: schema,
    drop: async () => {
      await storage.pool?.query(`DROP SCHEMA ${schema} CASCADE`);
      await storage.close();
    },
  };
}

/** The databases of this run, opened one at a time so that only one holds data at once. */
export function benchDatabases(pgUrl: string | null): (() => Promise<TBenchDatabase>)[] {
  return [openBenchSqlite, ...(pgUrl === null ? [] : [() => openBenchPostgres(pgUrl)])];
}
