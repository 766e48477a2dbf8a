/**
 * A writer thread of a bulk load on a SQLite file (see `sqlite-batch-thread.ts`). It opens its
 * own connection, imports the batch module named in its data (plain JavaScript, so no TypeScript
 * loader is needed here) and calls its factory with the connection and the given arguments, which
 * returns the function that writes one batch. The load posts each batch
 * (`{ type: 'batch', id, batch }`) as soon as it is packed, and later `{ type: 'go', id }` once
 * it holds its process's connection lock; the thread then writes that batch and answers
 * `{ id, reply }` or `{ id, error }`. Batches go in the order they come.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, module, factory, args, busyTimeoutMs, autocheckpointPages } = workerData;
const db = new Database(file, { fileMustExist: true });
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.pragma(`busy_timeout = ${Number(busyTimeoutMs)}`);
db.pragma('cache_size = -65536');
db.pragma(`wal_autocheckpoint = ${Number(autocheckpointPages)}`);
const write = (await import(module))[factory](db, ...args);
/** Batches copied over and waiting for their `go`. */
const ready = new Map();

parentPort.on('message', (message) => {
  if (message.type === 'close') {
    // Copy the load's pages from the WAL into the database here, not on the server's thread
    // when the load ends (PASSIVE: it never waits for readers).
    db.pragma('wal_checkpoint(PASSIVE)');
    db.close();
    parentPort.close();
    return;
  }
  let batch = message.batch;
  if (message.type === 'batch') {
    if (!message.now) {
      ready.set(message.id, batch);
      return;
    }
  } else {
    batch = ready.get(message.id);
    ready.delete(message.id);
  }
  try {
    if (batch === undefined) throw new Error(`batch ${message.id} never came`);
    parentPort.postMessage({ id: message.id, reply: write(batch) });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    parentPort.postMessage({ id: message.id, error: reason });
  }
});
