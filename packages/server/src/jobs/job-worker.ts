import { hostname } from 'node:os';
import { randomToken } from '../auth/tokens.js';
import type { TStorage } from '../storage/database.js';
import { parseJsonColumn } from '../storage/rows.js';
import type { TJobsTable } from '../storage/schema.js';
import { DEFAULT_BACKOFF, retryDelayMs, type TBackoff } from './backoff.js';
import { PermanentJobError, type JobRegistry } from './job-registry.js';
import {
  buryAbandonedJobs,
  claimJobs,
  deleteDoneJobs,
  extendLease,
  finishJob,
} from './jobs.repository.js';

/** The part of a pino logger the worker uses; the server passes its own. */
export interface TJobLog {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface TWorkerOptions {
  /** Names this worker in `locked_by`; default host, pid and a random suffix. */
  workerId?: string;
  /** Jobs run at the same time (claimed in one batch). */
  concurrency?: number;
  /** Sleep between polls while the queue is empty. */
  pollMs?: number;
  /** Lease of a claimed job; another worker takes it over when the lease ends unfinished. */
  lockMs?: number;
  backoff?: TBackoff;
  /** How long finished jobs are kept before the worker deletes them; default 7 days. */
  keepDoneMs?: number;
  /** The clock; tests move time instead of waiting. */
  now?: () => Date;
  random?: () => number;
  log?: TJobLog;
}

const SILENT: TJobLog = { warn: () => undefined, error: () => undefined };

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.slice(0, 2000);
}

/**
 * Claims due jobs from the jobs table and runs the registered handler of each: done on success;
 * on error a retry with backoff, or `dead` after the last attempt. Any number of workers, in one
 * process or many, can share a database.
 */
export class JobWorker {
  readonly workerId: string;
  private readonly concurrency: number;
  private readonly pollMs: number;
  private readonly lockMs: number;
  private readonly backoff: TBackoff;
  private readonly clock: () => Date;
  private readonly random: () => number;
  private readonly log: TJobLog;
  private readonly keepDoneMs: number;
  private lastPruneAt = 0;
  private loop: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly storage: TStorage,
    private readonly registry: JobRegistry,
    options: TWorkerOptions = {},
  ) {
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomToken(4)}`;
    this.concurrency = options.concurrency ?? 4;
    this.pollMs = options.pollMs ?? 1000;
    this.lockMs = options.lockMs ?? 5 * 60_000;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.clock = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.log = options.log ?? SILENT;
    this.keepDoneMs = options.keepDoneMs ?? 7 * 24 * 60 * 60_000;
  }

  /** Starts polling in the background; `stop` ends it. */
  start(): void {
    if (this.loop !== null) return;
    this.stopping = false;
    this.loop = this.pollUntilStopped();
  }

  /** Stops polling and waits for the jobs in hand to finish (nothing is abandoned mid-send). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = null;
  }

  /** Claims one batch of due jobs and runs it to the end; returns how many jobs ran. */
  async runDueJobs(): Promise<number> {
    const now = this.clock();
    await buryAbandonedJobs(this.storage.db, now.toISOString());
    const jobs = await claimJobs(this.storage.db, {
      workerId: this.workerId,
      kinds: this.registry.kinds(),
      now: now.toISOString(),
      lockedUntil: new Date(now.getTime() + this.lockMs).toISOString(),
      limit: this.concurrency,
    });
    await Promise.all(jobs.map((job) => this.runJob(job)));
    return jobs.length;
  }

  /** Runs batches until none is due (tests, and draining before shutdown). */
  async drain(): Promise<number> {
    let total = 0;
    for (let ran = await this.runDueJobs(); ran > 0; ran = await this.runDueJobs()) total += ran;
    return total;
  }

  /** Deletes jobs that finished longer ago than `keepDoneMs`; returns how many. */
  async pruneDoneJobs(): Promise<number> {
    const before = new Date(this.clock().getTime() - this.keepDoneMs).toISOString();
    return deleteDoneJobs(this.storage.db, before);
  }

  private async pollUntilStopped(): Promise<void> {
    while (!this.stopping) {
      let ran = 0;
      try {
        // The table would otherwise grow by every e-mail ever sent; once an hour is plenty.
        if (this.clock().getTime() - this.lastPruneAt > 60 * 60_000) {
          this.lastPruneAt = this.clock().getTime();
          await this.pruneDoneJobs();
        }
        ran = await this.runDueJobs();
      } catch (error) {
        // The database may be briefly unreachable; the next poll tries again.
        this.log.error({ err: error, workerId: this.workerId }, 'job worker poll failed');
      }
      if (ran === 0 && !this.stopping) await this.sleep(this.pollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async runJob(job: TJobsTable): Promise<void> {
    const handler = this.registry.handlerOf(job.kind);
    const db = this.storage.db;
    const started = this.clock();
    // A long handler keeps its lease, so that no other worker takes the job over meanwhile.
    const heartbeat = setInterval(
      () => {
        const until = new Date(this.clock().getTime() + this.lockMs).toISOString();
        extendLease(db, job.id, this.workerId, until).catch((error: unknown) => {
          this.log.warn({ err: error, jobId: job.id }, 'could not extend a job lease');
        });
      },
      Math.max(1000, Math.floor(this.lockMs / 3)),
    );
    try {
      if (!handler) throw new PermanentJobError(`no handler for job kind ${job.kind}`);
      await handler.run(parseJsonColumn<unknown>(job.payload_json), {
        id: job.id,
        kind: job.kind,
        organizationId: job.organization_id,
        attempt: job.attempts,
        maxAttempts: job.max_attempts,
        storage: this.storage,
        now: started,
      });
      await finishJob(db, job.id, this.workerId, {
        status: 'done',
        now: this.clock().toISOString(),
      });
    } catch (error) {
      await this.recordFailure(job, error);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async recordFailure(job: TJobsTable, error: unknown): Promise<void> {
    const now = this.clock();
    const message = errorText(error);
    const final = error instanceof PermanentJobError || job.attempts >= job.max_attempts;
    const details = { jobId: job.id, kind: job.kind, attempt: job.attempts, error: message };
    try {
      if (final) {
        this.log.error(details, 'job failed for good (dead)');
        await finishJob(this.storage.db, job.id, this.workerId, {
          status: 'dead',
          now: now.toISOString(),
          error: message,
        });
      } else {
        this.log.warn(details, 'job failed; will retry');
        const delay = retryDelayMs(job.attempts, this.backoff, this.random);
        await finishJob(this.storage.db, job.id, this.workerId, {
          status: 'failed',
          now: now.toISOString(),
          error: message,
          runAt: new Date(now.getTime() + delay).toISOString(),
        });
      }
    } catch (recordError) {
      // The lease expires and another attempt follows; nothing more can be done here.
      this.log.error({ err: recordError, jobId: job.id }, 'could not record a job failure');
    }
  }
}
