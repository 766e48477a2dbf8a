/**
 * A writer thread of a bulk load on a SQLite file (see `sqlite-batch-thread.ts`), run as plain
 * JavaScript built from this file (`thread-module.ts`). It opens its own connection, imports the
 * batch module named in its data (built the same way) and calls its factory with the connection
 * and the given arguments, which returns the function that writes one batch. The load posts
 * each batch (`{ type: 'batch', id, batch }`) as soon as it is packed, and later
 * `{ type: 'go', id }` once it holds its process's connection lock; the thread then writes that
 * batch and answers `{ id, reply }` or `{ id, error }`. Batches go in the order they come.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/** What the thread is started with. */
export interface TBatchWorkerData {
  file: string;
  /** URL of the batch module (plain JavaScript). */
  module: string;
  factory: string;
  args: readonly unknown[];
  busyTimeoutMs: number;
  autocheckpointPages: number;
}

/** What the load posts to the thread. */
export type TBatchWorkerMessage =
  | { type: 'batch'; id: number; batch: unknown; now: boolean }
  | { type: 'go'; id: number }
  | { type: 'close' };

type TBatchWriter = (batch: unknown) => unknown;
type TBatchWriterFactory = (db: Database.Database, ...args: unknown[]) => TBatchWriter;

const port = parentPort;
if (port === null) throw new Error('sqlite-batch-worker runs in a worker thread');
const data = workerData as TBatchWorkerData;
const db = new Database(data.file, { fileMustExist: true });
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.pragma(`busy_timeout = ${Number(data.busyTimeoutMs)}`);
db.pragma('cache_size = -65536');
db.pragma(`wal_autocheckpoint = ${Number(data.autocheckpointPages)}`);
const batchModule = (await import(data.module)) as Record<string, TBatchWriterFactory | undefined>;
const factory = batchModule[data.factory];
if (factory === undefined) throw new Error(`${data.module} has no ${data.factory}`);
const write = factory(db, ...data.args);
/** Batches copied over and waiting for their `go`. */
const ready = new Map<number, unknown>();

port.on('message', (message: TBatchWorkerMessage) => {
  if (message.type === 'close') {
    // Copy the load's pages from the WAL into the database here, not on the server's thread
    // when the load ends (PASSIVE: it never waits for readers).
    db.pragma('wal_checkpoint(PASSIVE)');
    db.close();
    port.close();
    return;
  }
  let batch: unknown;
  if (message.type === 'batch') {
    if (!message.now) {
      ready.set(message.id, message.batch);
      return;
    }
    batch = message.batch;
  } else {
    batch = ready.get(message.id);
    ready.delete(message.id);
  }
  try {
    if (batch === undefined) throw new Error(`batch ${message.id} never came`);
    port.postMessage({ id: message.id, reply: write(batch) });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    port.postMessage({ id: message.id, error: reason });
  }
});
