import { hostname } from 'node:os';
import { randomToken } from '../auth/tokens.js';
import type { TStorage } from '../storage/database.js';
import { parseJsonColumn } from '../storage/rows.js';
import type { TJobsTable } from '../storage/schema.js';
import { DEFAULT_BACKOFF, retryDelayMs, type TBackoff } from './backoff.js';
import {
  PermanentJobError,
  type JobRegistry,
  type TBatchJob,
  type TJobContext,
} from './job-registry.js';
import {
  buryAbandonedJobs,
  claimJobs,
  deleteDoneJobs,
  extendLeases,
  finishJob,
  finishJobsDone,
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
  private endSleep: (() => void) | null = null;
  /** Set by `wake`: work was queued since the last claim began. */
  private woken = false;

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

  /** Looks for due jobs now instead of at the end of the poll interval (new work was queued). */
  wake(): void {
    this.woken = true;
    this.endSleep?.();
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
    this.endSleep?.();
    await this.loop;
    this.loop = null;
  }

  /**
   * Claims one batch of due jobs and runs it to the end; returns how many jobs ran. The jobs
   * that succeeded are marked done in one statement; a kind registered for batches gets all of
   * its jobs of the claim in one call.
   */
  async runDueJobs(): Promise<number> {
    const now = this.clock();
    const db = this.storage.db;
    await buryAbandonedJobs(db, now.toISOString());
    const jobs = await claimJobs(db, {
      workerId: this.workerId,
      kinds: this.registry.kinds(),
      now: now.toISOString(),
      lockedUntil: new Date(now.getTime() + this.lockMs).toISOString(),
      limit: this.concurrency,
    });
    if (jobs.length === 0) return 0;
    // Long handlers keep their leases, so that no other worker takes the jobs over meanwhile.
    const ids = jobs.map((j) => j.id);
    const heartbeat = setInterval(
      () => {
        const until = new Date(this.clock().getTime() + this.lockMs).toISOString();
        extendLeases(db, ids, this.workerId, until).catch((error: unknown) => {
          this.log.warn({ err: error, jobIds: ids }, 'could not extend job leases');
        });
      },
      Math.max(1000, Math.floor(this.lockMs / 3)),
    );
    try {
      const failures = await this.runClaimed(jobs, now);
      const done = jobs.filter((j) => !failures.has(j.id)).map((j) => j.id);
      try {
        await finishJobsDone(db, done, this.workerId, this.clock().toISOString());
      } catch (error) {
        // The leases expire and the jobs run again: handlers are safe to repeat.
        this.log.error({ err: error, jobIds: done }, 'could not record finished jobs');
      }
      for (const job of jobs) {
        if (failures.has(job.id)) await this.recordFailure(job, failures.get(job.id));
      }
    } finally {
      clearInterval(heartbeat);
    }
    return jobs.length;
  }

  /** Runs the claimed jobs at the same time; the failures by job id. */
  private async runClaimed(
    jobs: readonly TJobsTable[],
    started: Date,
  ): Promise<Map<string, unknown>> {
    const failures = new Map<string, unknown>();
    const byKind = new Map<string, TJobsTable[]>();
    for (const job of jobs) byKind.set(job.kind, [...(byKind.get(job.kind) ?? []), job]);
    const context = (job: TJobsTable): TJobContext => ({
      id: job.id,
      kind: job.kind,
      organizationId: job.organization_id,
      attempt: job.attempts,
      maxAttempts: job.max_attempts,
      storage: this.storage,
      now: started,
    });
    const runs: Promise<void>[] = [];
    for (const [kind, group] of byKind) {
      const handler = this.registry.handlerOf(kind);
      if (handler === undefined) {
        const error = new PermanentJobError(`no handler for job kind ${kind}`);
        for (const job of group) failures.set(job.id, error);
      } else if (handler.batch) {
        const batch: TBatchJob<unknown>[] = group.map((job) => ({
          payload: parseJsonColumn<unknown>(job.payload_json),
          context: context(job),
        }));
        runs.push(
          handler.runBatch(batch, this.storage).then(
            (failed) => {
              for (const [id, error] of failed) failures.set(id, error);
            },
            (error: unknown) => {
              for (const job of group) failures.set(job.id, error);
            },
          ),
        );
      } else {
        for (const job of group) {
          runs.push(
            handler
              .run(parseJsonColumn<unknown>(job.payload_json), context(job))
              .catch((error: unknown) => {
                failures.set(job.id, error);
              }),
          );
        }
      }
    }
    await Promise.all(runs);
    return failures;
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
      this.woken = false;
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
      if (ran === 0 && !this.woken && !this.stopping) await this.sleep(this.pollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.endSleep = done;
    });
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
