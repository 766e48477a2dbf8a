import { AppError } from '@touchstone/core';
import { type TFlush, type TUnitResult, type TWriteUnit } from './write-units.js';

export interface TResponseWriterOptions {
  /** Called after each COMMIT (the event dispatcher looks for the batch's events); must not throw. */
  onCommitted?: () => void;
  /** A batch is written once this many responses wait (and never holds many more). */
  maxBatch?: number;
  /**
   * How long the first waiting submission waits for company: 0 writes on the next turn of the
   * event loop (everything that arrived meanwhile goes along), more trades latency for batch size.
   */
  windowMs?: number;
}

interface TPending {
  unit: TWriteUnit;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const DEFAULT_MAX_BATCH = 2_000;

/**
 * Durable, fast response writes by group commit. Concurrent submissions are queued and written
 * together in one transaction; each submitter's promise settles only after that transaction
 * commits (or fails), so an acknowledged response is on disk. One batch is written at a time:
 * submissions that arrive while it is written form the next batch, so batches grow with load
 * and a commit's cost (an fsync on SQLite) is shared by everyone in it.
 *
 * A unit (the responses of one `write` call) is all-or-nothing. When a unit breaks a
 * constraint, the batch is retried unit by unit and only that unit's promise rejects.
 */
export class ResponseWriter {
  private readonly flush: TFlush;
  private readonly onCommitted: () => void;
  private readonly maxBatch: number;
  private readonly windowMs: number;
  private queue: TPending[] = [];
  private queuedRows = 0;
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  private running: Promise<void> | null = null;
  private closed = false;

  /** `flush` writes a batch in one transaction: an engine's (see `engine.ts`). */
  constructor(flush: TFlush, options: TResponseWriterOptions = {}) {
    this.flush = flush;
    this.onCommitted = options.onCommitted ?? (() => undefined);
    this.maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    this.windowMs = options.windowMs ?? 0;
  }

  /** Stores the responses together (all or none); resolves once they are committed. */
  write(unit: TWriteUnit): Promise<void> {
    if (this.closed) {
      return Promise.reject(new AppError('unavailable', 'the server is shutting down'));
    }
    if (unit.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ unit, resolve, reject });
      this.queuedRows += unit.length;
      this.schedule();
    });
  }

  /** Stores many units (an import): each settles on its own; one bad unit fails only itself. */
  writeEach(units: readonly TWriteUnit[]): Promise<PromiseSettledResult<void>[]> {
    return Promise.allSettled(units.map((unit) => this.write(unit)));
  }

  /** Writes what is queued, then refuses new work; resolves when the last batch committed. */
  async close(): Promise<void> {
    this.closed = true;
    await this.drain();
  }

  /** Resolves when everything queued so far is written. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.running !== null) {
      this.start();
      await this.running;
    }
  }

  private schedule(): void {
    if (this.running !== null) return; // the running loop takes the queue when its batch is done
    if (this.queuedRows >= this.maxBatch) {
      this.start();
      return;
    }
    if (this.timer !== null) return;
    this.timer =
      this.windowMs > 0
        ? setTimeout(() => this.start(), this.windowMs)
        : setImmediate(() => this.start());
  }

  private start(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
      this.timer = null;
    }
    if (this.running !== null || this.queue.length === 0) return;
    this.running = this.loop().finally(() => {
      this.running = null;
      if (this.queue.length > 0) this.schedule();
    });
  }

  /** Writes batches until the queue is empty: whatever arrived during a batch has waited enough. */
  private async loop(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.take();
      let results: TUnitResult[];
      try {
        results = await this.flush(batch.map((p) => p.unit));
      } catch (error) {
        results = batch.map(() => ({ ok: false, error }));
      }
      if (results.some((r) => r.ok)) this.onCommitted();
      batch.forEach((pending, i) => {
        const result = results[i];
        if (result?.ok === true) pending.resolve();
        else pending.reject(result?.error ?? new Error('response batch failed'));
      });
    }
  }

  /** Whole units from the front of the queue, up to maxBatch responses (at least one unit). */
  private take(): TPending[] {
    let rows = 0;
    let count = 0;
    for (const pending of this.queue) {
      if (count > 0 && rows + pending.unit.length > this.maxBatch) break;
      rows += pending.unit.length;
      count++;
    }
    const batch = this.queue.slice(0, count);
    this.queue = this.queue.slice(count);
    this.queuedRows -= rows;
    return batch;
  }
}
