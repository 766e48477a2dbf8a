/**
 * The database of a floor measurement: a new SQLite file in a temporary folder, in WAL mode,
 * synced on every commit (as the bulk writer's thread runs it), checkpointed every 16,384 pages,
 * with a 64 MiB page cache; closed and removed after `work`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';

export function withFloorDatabase<T>(prefix: string, work: (db: SqliteDatabase.Database) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const db = new SqliteDatabase(path.join(dir, 'floor.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('wal_autocheckpoint = 16384');
    db.pragma('cache_size = -65536');
    return work(db);
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
