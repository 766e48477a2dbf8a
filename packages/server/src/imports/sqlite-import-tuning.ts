import { withBulkLoadHeap } from '../composition/heap-growth.js';
import { runAfterLoad, type TStorage } from '../storage/database.js';

/**
 * WAL pages after which SQLite checkpoints while an import runs (256 MiB of 4 KiB pages instead of
 * the default 1,000). Every checkpoint copies the WAL into the database and syncs it; an import
 * rewrites the same index pages batch after batch, so checkpointing rarely writes each page once
 * instead of once per batch, and an import stores more rows per second (how many more depends
 * on the disk). The interaction import's writer thread checkpoints what is left when it closes,
 * so that work stays off the server's thread.
 */
export const IMPORT_AUTOCHECKPOINT = 65_536;

/**
 * Runs an import with the heap's growth left to V8 (`withBulkLoadHeap`) and, on SQLite, the
 * checkpoint interval raised on this connection; the last import to finish restores it and
 * checkpoints, so the WAL does not stay large.
 *
 * `closeWriter` ends the import's writer; on SQLite its thread then checkpoints the import's
 * pages (see `sqliteBatchThread`). The import returns without waiting for that copy (its rows
 * are committed already): the interval is restored, and this connection checkpoints what is
 * left, once the thread has ended, in the background (`runAfterLoad`). Until then this
 * connection keeps the raised interval, so that a write of the server's does not start the same
 * copy on the server's thread.
 */
export function withImportTuning<T>(
  storage: TStorage,
  work: () => Promise<T>,
  closeWriter?: () => Promise<void>,
): Promise<T> {
  // The heap's growth too (see `withBulkLoadHeap`).
  return withBulkLoadHeap(() => withCheckpointTuning(storage, work, closeWriter));
}

async function withCheckpointTuning<T>(
  storage: TStorage,
  work: () => Promise<T>,
  closeWriter?: () => Promise<void>,
): Promise<T> {
  const sqlite = storage.sqlite;
  if (sqlite === null) {
    try {
      return await work();
    } finally {
      await closeWriter?.();
    }
  }
  // Pragmas go through Kysely's connection so they never interleave with another query.
  const onConnection = (fn: () => void) =>
    storage.db.connection().execute(() => Promise.resolve(fn()));
  await onConnection(() => {
    const state = storage.loads.tuning;
    if (state) {
      state.imports++;
      return;
    }
    const previous = sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
    storage.loads.tuning = { imports: 1, previous };
    sqlite.pragma(`wal_autocheckpoint = ${IMPORT_AUTOCHECKPOINT}`);
  });
  const restore = () =>
    onConnection(() => {
      const state = storage.loads.tuning;
      if (state === null || --state.imports > 0) return;
      storage.loads.tuning = null;
      sqlite.pragma(`wal_autocheckpoint = ${state.previous}`);
      sqlite.pragma('wal_checkpoint(PASSIVE)');
    });
  try {
    return await work();
  } finally {
    if (closeWriter === undefined) await restore();
    else runAfterLoad(storage, closeWriter().finally(restore));
  }
}
