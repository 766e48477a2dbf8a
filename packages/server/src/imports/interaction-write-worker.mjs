/**
 * The writer thread of an interaction import on a SQLite file. The import posts each batch
 * (`{ type: 'batch', id, now, rows }`) as soon as it is ready, and later `{ type: 'go', id }`
 * once it holds its process's connection lock; the thread then writes that batch with its own
 * connection and answers `{ id, outcome }` or `{ id, error }`. Batches go in the order they come.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { interactionBatchWriter } from './interaction-batch.mjs';

const { file, orgId, busyTimeoutMs, autocheckpointPages } = workerData;
const db = new Database(file, { fileMustExist: true });
db.pragma('synchronous = FULL');
db.pragma(`busy_timeout = ${Number(busyTimeoutMs)}`);
db.pragma('cache_size = -65536');
db.pragma(`wal_autocheckpoint = ${Number(autocheckpointPages)}`);
const write = interactionBatchWriter(db, orgId);
/** Batches copied over and waiting for their `go`. */
const ready = new Map();

parentPort.on('message', (message) => {
  if (message.type === 'close') {
    // Copy the import's pages from the WAL into the database here, not on the server's thread
    // when the import ends (PASSIVE: it never waits for readers).
    db.pragma('wal_checkpoint(PASSIVE)');
    db.close();
    parentPort.close();
    return;
  }
  if (message.type === 'batch') {
    ready.set(message.id, message);
    return;
  }
  const batch = ready.get(message.id);
  ready.delete(message.id);
  try {
    if (batch === undefined) throw new Error(`batch ${message.id} never came`);
    parentPort.postMessage({ id: message.id, outcome: write(batch) });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    parentPort.postMessage({ id: message.id, error: reason });
  }
});
