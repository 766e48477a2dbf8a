import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PG_URL, TEST_DATABASES } from '../../test/harness.js';
import { openStorage, type TStorage } from '../storage/database.js';
import { migrateToLatest } from '../storage/migrate.js';
import { enqueueJob, enqueueJobs } from './enqueue-job.js';
import { JobRegistry, PermanentJobError } from './job-registry.js';
import { JobWorker } from './job-worker.js';
import { claimJobs, findJob, finishJob } from './jobs.repository.js';

const T0 = new Date('2026-03-01T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const ZNote = z.object({ note: z.string() });

for (const database of TEST_DATABASES) {
  describe(`jobs [${database.dialect}]`, () => {
    let storage: TStorage & { drop(): Promise<void> };
    beforeAll(async () => {
      storage = await database.open();
      await migrateToLatest(storage.db, storage.pgSchema);
    });
    afterAll(async () => storage.drop());

    /** A worker on a clock the test moves; random 0.5 makes the jitter predictable. */
    function workerOn(registry: JobRegistry, clock: { now: Date }, workerId = 'worker-a') {
      return new JobWorker(storage, registry, {
        workerId,
        now: () => clock.now,
        random: () => 0.5,
        backoff: { baseMs: 1000, maxMs: 60_000 },
        lockMs: 30_000,
      });
    }

    it('retries a failing job with exponential backoff and jitter, then succeeds', async () => {
      const attempts: number[] = [];
      const registry = new JobRegistry().register('flaky', ZNote, async (payload, ctx) => {
        attempts.push(ctx.attempt);
        expect(payload.note).toBe('hello');
        if (ctx.attempt < 3) throw new Error(`smtp down (attempt ${ctx.attempt})`);
        return Promise.resolve();
      });
      const clock = { now: T0 };
      const worker = workerOn(registry, clock);
      const id = await enqueueJob(storage.db, {
        kind: 'flaky',
        payload: { note: 'hello' },
        now: T0,
      });

      expect(await worker.runDueJobs()).toBe(1);
      // Attempt 1 failed: wait between 500 and 1000 ms; random 0.5 gives 750.
      expect(await findJob(storage.db, id)).toMatchObject({
        status: 'failed',
        attempts: 1,
        run_at: '2026-03-01T10:00:00.750Z',
        last_error: 'smtp down (attempt 1)',
        locked_by: null,
      });
      expect(await worker.runDueJobs()).toBe(0);

      clock.now = at(750);
      expect(await worker.runDueJobs()).toBe(1);
      // Attempt 2 failed: between 1000 and 2000 ms; 1500 after 10:00:00.750.
      expect(await findJob(storage.db, id)).toMatchObject({
        status: 'failed',
        attempts: 2,
        run_at: '2026-03-01T10:00:02.250Z',
      });

      clock.now = at(2250);
      expect(await worker.runDueJobs()).toBe(1);
      expect(await findJob(storage.db, id)).toMatchObject({ status: 'done', attempts: 3 });
      expect(attempts).toEqual([1, 2, 3]);
      expect(await worker.drain()).toBe(0);
    });

    it('moves a job to dead after its last attempt, or at once for a permanent error', async () => {
      const registry = new JobRegistry()
        .register('always-fails', ZNote, (_payload, ctx) =>
          Promise.reject(new Error(`boom ${ctx.attempt}`)),
        )
        .register('hopeless', ZNote, () => Promise.reject(new PermanentJobError('gone for good')));
      const clock = { now: T0 };
      const worker = workerOn(registry, clock);
      const failing = await enqueueJob(storage.db, {
        kind: 'always-fails',
        payload: { note: 'x' },
        maxAttempts: 3,
        now: T0,
      });
      const hopeless = await enqueueJob(storage.db, {
        kind: 'hopeless',
        payload: { note: 'y' },
        now: T0,
      });
      const malformed = await enqueueJob(storage.db, {
        kind: 'always-fails',
        payload: { note: 42 },
        now: T0,
      });

      for (let hour = 0; hour < 5; hour += 1) {
        clock.now = at(hour * 3_600_000);
        await worker.drain();
      }
      expect(await findJob(storage.db, failing)).toMatchObject({
        status: 'dead',
        attempts: 3,
        last_error: 'boom 3',
      });
      expect(await findJob(storage.db, hopeless)).toMatchObject({
        status: 'dead',
        attempts: 1,
        last_error: 'gone for good',
      });
      expect(await findJob(storage.db, malformed)).toMatchObject({ status: 'dead', attempts: 1 });
      expect((await findJob(storage.db, malformed))?.last_error).toContain(
        'invalid always-fails payload: note',
      );
    });

    it('takes over the job of a crashed worker when its lease expires', async () => {
      const ran: string[] = [];
      const registry = new JobRegistry().register('recoverable', ZNote, (payload) => {
        ran.push(payload.note);
        return Promise.resolve();
      });
      const id = await enqueueJob(storage.db, {
        kind: 'recoverable',
        payload: { note: 'survivor' },
        now: T0,
      });
      const lastChance = await enqueueJob(storage.db, {
        kind: 'recoverable',
        payload: { note: 'last' },
        maxAttempts: 1,
        now: T0,
      });
      // A worker claims both and dies without finishing.
      const claimed = await claimJobs(storage.db, {
        workerId: 'crashed-worker',
        kinds: ['recoverable'],
        now: T0.toISOString(),
        lockedUntil: at(30_000).toISOString(),
        limit: 10,
      });
      expect(claimed.map((j) => j.id).sort()).toEqual([id, lastChance].sort());

      const clock = { now: at(10_000) };
      const rescuer = workerOn(registry, clock, 'rescuer');
      expect(await rescuer.runDueJobs()).toBe(0);

      clock.now = at(30_001);
      expect(await rescuer.runDueJobs()).toBe(1);
      expect(ran).toEqual(['survivor']);
      expect(await findJob(storage.db, id)).toMatchObject({ status: 'done', attempts: 2 });
      // The job that was on its last attempt is not run again: it is dead.
      expect(await findJob(storage.db, lastChance)).toMatchObject({ status: 'dead', attempts: 1 });
      // The crashed worker, coming back late, cannot overwrite the outcome.
      const late = await finishJob(storage.db, id, 'crashed-worker', {
        status: 'failed',
        now: at(40_000).toISOString(),
        error: 'late',
        runAt: at(40_000).toISOString(),
      });
      expect(late).toBe(false);
      expect(await findJob(storage.db, id)).toMatchObject({ status: 'done' });
    });

    it('claims only kinds it has a handler for, and jobs of a rolled-back transaction never exist', async () => {
      const registry = new JobRegistry().register('known', ZNote, () => Promise.resolve());
      const worker = workerOn(registry, { now: T0 });
      const foreign = await enqueueJob(storage.db, {
        kind: 'someone-elses',
        payload: {},
        now: T0,
      });
      await expect(
        storage.db.transaction().execute(async (trx) => {
          await enqueueJob(trx, { kind: 'known', payload: { note: 'rolled back' }, now: T0 });
          throw new Error('abort the transaction');
        }),
      ).rejects.toThrow('abort the transaction');
      expect(await worker.drain()).toBe(0);
      expect(await findJob(storage.db, foreign)).toMatchObject({ status: 'queued', attempts: 0 });
    });

    it('two workers on separate connections never run the same job twice', async () => {
      // On PostgreSQL the second worker has its own pool, as a second server process would.
      const other =
        database.dialect === 'postgres' && PG_URL !== undefined
          ? await openStorage(PG_URL, { pgSchema: storage.pgSchema ?? undefined, pgPoolSize: 4 })
          : storage;
      try {
        const runs = new Map<string, number>();
        const registry = new JobRegistry().register('count', ZNote, async (payload) => {
          runs.set(payload.note, (runs.get(payload.note) ?? 0) + 1);
          await new Promise((resolve) => setTimeout(resolve, 2));
        });
        const ids: string[] = [];
        for (let i = 0; i < 60; i += 1) {
          ids.push(await enqueueJob(storage.db, { kind: 'count', payload: { note: `job-${i}` } }));
        }
        const options = { concurrency: 4, lockMs: 60_000 };
        const a = new JobWorker(storage, registry, { ...options, workerId: 'a' });
        const b = new JobWorker(other, registry, { ...options, workerId: 'b' });
        const [ranA, ranB] = await Promise.all([a.drain(), b.drain()]);
        expect(ranA + ranB).toBe(60);
        expect(runs.size).toBe(60);
        expect([...runs.values()].every((n) => n === 1)).toBe(true);
        const statuses = await storage.db
          .selectFrom('jobs')
          .select(['status', 'attempts'])
          .where('id', 'in', ids)
          .execute();
        expect(statuses.every((s) => s.status === 'done' && s.attempts === 1)).toBe(true);
      } finally {
        if (other !== storage) await other.close();
      }
    });

    it('deletes finished jobs after the retention time and keeps dead ones', async () => {
      const registry = new JobRegistry()
        .register('tidy', ZNote, () => Promise.resolve())
        .register('doomed', ZNote, () => Promise.reject(new PermanentJobError('no')));
      const clock = { now: at(0) };
      const worker = new JobWorker(storage, registry, {
        workerId: 'tidy',
        now: () => clock.now,
        keepDoneMs: 3_600_000,
      });
      const done = await enqueueJob(storage.db, { kind: 'tidy', payload: { note: 'a' }, now: T0 });
      const dead = await enqueueJob(storage.db, {
        kind: 'doomed',
        payload: { note: 'b' },
        now: T0,
      });
      await worker.drain();
      clock.now = at(3_599_000);
      expect(await worker.pruneDoneJobs()).toBe(0);
      clock.now = at(3_601_000);
      expect(await worker.pruneDoneJobs()).toBe(1);
      expect(await findJob(storage.db, done)).toBeUndefined();
      expect(await findJob(storage.db, dead)).toMatchObject({ status: 'dead' });
    });

    it('hands a batch kind all its jobs of a claim at once; a failure or bad payload fails alone', async () => {
      const calls: string[][] = [];
      const singles: string[] = [];
      const registry = new JobRegistry()
        .registerBatch('batched', ZNote, (jobs) => {
          calls.push(jobs.map((j) => j.payload.note));
          const failed = jobs.filter((j) => j.payload.note === 'refused');
          return Promise.resolve(
            new Map(failed.map((j) => [j.context.id, new Error('receiver said no')])),
          );
        })
        .register('single', ZNote, (payload) => {
          singles.push(payload.note);
          return Promise.resolve();
        });
      const clock = { now: T0 };
      const worker = new JobWorker(storage, registry, {
        workerId: 'batcher',
        now: () => clock.now,
        random: () => 0.5,
        backoff: { baseMs: 1000, maxMs: 60_000 },
        concurrency: 10,
      });
      const notes = ['one', 'refused', 'two', 'three'];
      const ids = await enqueueJobs(storage.db, [
        ...notes.map((note) => ({ kind: 'batched', payload: { note }, now: T0 })),
        { kind: 'batched', payload: { wrong: 1 }, now: T0 },
        { kind: 'single', payload: { note: 'alone' }, now: T0 },
      ]);
      expect(ids).toHaveLength(6);

      expect(await worker.runDueJobs()).toBe(6);
      expect(calls.map((c) => [...c].sort())).toEqual([['one', 'refused', 'three', 'two']]);
      expect(singles).toEqual(['alone']);
      const rows = await Promise.all(ids.map((id) => findJob(storage.db, id)));
      expect(rows.map((r) => r?.status)).toEqual([
        'done',
        'failed',
        'done',
        'done',
        'dead',
        'done',
      ]);
      expect(rows[1]).toMatchObject({ last_error: 'receiver said no', attempts: 1 });
      expect(rows[4]?.last_error).toMatch(/^invalid batched payload: note/);

      clock.now = at(750);
      expect(await worker.runDueJobs()).toBe(1);
      expect(calls.at(-1)).toEqual(['refused']);
    });

    it('a batch handler that throws leaves every job of its claim to be retried', async () => {
      const registry = new JobRegistry().registerBatch('all-or-nothing', ZNote, () =>
        Promise.reject(new Error('could not record')),
      );
      const worker = workerOn(registry, { now: T0 }, 'thrower');
      const ids = await enqueueJobs(storage.db, [
        { kind: 'all-or-nothing', payload: { note: 'a' }, now: T0 },
        { kind: 'all-or-nothing', payload: { note: 'b' }, now: T0 },
      ]);
      expect(await worker.runDueJobs()).toBe(2);
      for (const id of ids) {
        expect(await findJob(storage.db, id)).toMatchObject({
          status: 'failed',
          last_error: 'could not record',
          run_at: '2026-03-01T10:00:00.750Z',
        });
      }
    });

    it('looks for jobs at once when woken instead of at the end of its poll interval', async () => {
      const ran: string[] = [];
      const registry = new JobRegistry().register('prompt', ZNote, (payload) => {
        ran.push(payload.note);
        return Promise.resolve();
      });
      const worker = new JobWorker(storage, registry, { workerId: 'sleeper', pollMs: 60_000 });
      worker.start();
      try {
        // Let the first poll find nothing and go to sleep for a minute.
        await new Promise((resolve) => setTimeout(resolve, 200));
        await enqueueJob(storage.db, { kind: 'prompt', payload: { note: 'now' } });
        worker.wake();
        const deadline = Date.now() + 5_000;
        while (ran.length === 0 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        expect(ran).toEqual(['now']);
      } finally {
        await worker.stop();
      }
    });

    it('polls in the background and finishes the job in hand when stopped', async () => {
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const started: string[] = [];
      const registry = new JobRegistry().register('slow', ZNote, async (payload) => {
        started.push(payload.note);
        await gate;
      });
      const worker = new JobWorker(storage, registry, { workerId: 'poller', pollMs: 20 });
      worker.start();
      const id = await enqueueJob(storage.db, { kind: 'slow', payload: { note: 'in hand' } });
      while (started.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      const stopped = worker.stop();
      release();
      await stopped;
      expect(await findJob(storage.db, id)).toMatchObject({ status: 'done', attempts: 1 });
    });
  });
}
