/**
 * The writer thread of an interaction import on a SQLite file: its own connection writes each
 * batch the import posts (`{ id, now, rows }`) and answers `{ id, outcome }` or `{ id, error }`,
 * while the import's thread parses and validates the next batch. Batches are written in the
 * order they come, one at a time.
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

parentPort.on('message', (message) => {
  if (message.type === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    parentPort.postMessage({ id: message.id, outcome: write(message) });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    parentPort.postMessage({ id: message.id, error: reason });
  }
});
