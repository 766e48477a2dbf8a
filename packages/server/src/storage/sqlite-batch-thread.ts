import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type SqliteDatabase from 'better-sqlite3';
import { SQLITE_BUSY_TIMEOUT_MS, type TStorage } from './database.js';
import type { TBatchWorkerData, TBatchWorkerMessage } from './sqlite-batch-worker.js';
import { threadModuleUrl } from './thread-module.js';

/** The batch module a writer thread loads: `factory(db, ...args)` returns the batch writer. */
export interface TBatchModule {
  /** URL of the TypeScript module; the thread runs it built as JavaScript (`thread-module.ts`). */
  module: URL;
  factory: string;
  args: readonly unknown[];
}

/**
 * A writer thread of a bulk load on a SQLite file: its own connection writes batches while the
 * load's thread parses, validates and packs the next ones.
 *
 * A batch is copied to the thread as soon as it is `send`, but written only by `write`, which
 * takes this process's connection lock and lets it go once the batch is stored. So the load's
 * transactions take turns with the rest of the process's queries, as they would on the shared
 * connection: a submission waits its turn in the lock's queue instead of meeting SQLite's busy
 * handler, which sleeps the event loop and gives up after 5 s while the thread commits batch
 * after batch.
 */
export interface TSqliteBatchThread<Batch, Reply> {
  /** Copies a batch to the thread; returns its id for `write`. */
  send(batch: Batch): number;
  /** Writes a batch sent before (in the order sent), holding the connection lock meanwhile. */
  write(id: number): Promise<Reply>;
  /**
   * Like `write`, then `then` runs with the reply while the lock is still held: it may `send`
   * and `writeHeld` again (a batch written again without the rows that failed) before any other
   * query of this process runs.
   */
  writeThen<T>(id: number, then: (reply: Reply) => Promise<T> | T): Promise<T>;
  /** `write` for a caller that holds the lock already (inside `writeThen`). */
  writeHeld(id: number): Promise<Reply>;
  /** Checkpoints in the thread, closes its connection and ends it. */
  close(): Promise<void>;
}

/** What the thread answers for a batch. */
type TWorkerReply<Reply> = { id: number; reply: Reply } | { id: number; error: string };

interface TPending<Reply> {
  resolve(reply: Reply): void;
  reject(error: Error): void;
}

/**
 * Starts a writer thread on the file of `sqlite` (not an in-memory database). `exclusive`: the
 * load holds the process's connection lock for its whole run (nothing else of the process may
 * query meanwhile), so batches are written as soon as they arrive and `write` takes no lock;
 * the thread then never waits for this one to turn its event loop between two batches.
 */
export function sqliteBatchThread<Batch, Reply>(
  storage: TStorage,
  sqlite: SqliteDatabase.Database,
  batchModule: TBatchModule,
  options: { autocheckpointPages: number; exclusive?: boolean },
): TSqliteBatchThread<Batch, Reply> {
  const exclusive = options.exclusive === true;
  if (sqlite.memory) throw new Error('a writer thread needs a database file');
  const workerData: TBatchWorkerData = {
    file: sqlite.name,
    module: threadModuleUrl(batchModule.module).href,
    factory: batchModule.factory,
    args: batchModule.args,
    busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS,
    autocheckpointPages: options.autocheckpointPages,
  };
  const worker = new Worker(threadModuleUrl(new URL('./sqlite-batch-worker.ts', import.meta.url)), {
    workerData,
  });
  const post = (message: TBatchWorkerMessage) => worker.postMessage(message);
  const waiting = new Map<number, TPending<Reply>>();
  const sent = new Map<number, Promise<Reply>>();
  let nextId = 0;
  let broken: Error | null = null;
  const failAll = (error: Error) => {
    broken ??= error;
    for (const pending of waiting.values()) pending.reject(error);
    waiting.clear();
  };
  worker.on('message', (message: TWorkerReply<Reply>) => {
    const pending = waiting.get(message.id);
    if (pending === undefined) return;
    waiting.delete(message.id);
    if ('error' in message) pending.reject(new Error(message.error));
    else pending.resolve(message.reply);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`the load's writer thread exited (${code})`)));

  const withLock = <T>(work: () => Promise<T>) =>
    exclusive ? work() : storage.db.connection().execute(work);
  const writeHeld = (id: number): Promise<Reply> => {
    const stored = sent.get(id);
    sent.delete(id);
    if (stored === undefined) return Promise.reject(new Error(`batch ${id} was not sent`));
    if (broken !== null) return Promise.reject(broken);
    if (!exclusive) post({ type: 'go', id });
    return stored;
  };
  return {
    send(batch) {
      const id = nextId++;
      const stored = new Promise<Reply>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
      });
      // Settled through write; until then a failure must not count as unhandled.
      stored.catch(() => undefined);
      sent.set(id, stored);
      if (broken === null) post({ type: 'batch', id, batch, now: exclusive });
      return id;
    },
    write: (id) => withLock(() => writeHeld(id)),
    writeThen: (id, then) => withLock(async () => then(await writeHeld(id))),
    writeHeld,
    async close() {
      if (broken !== null) return;
      const exited = once(worker, 'exit');
      post({ type: 'close' });
      await exited;
    },
  };
}
