import { sql } from 'kysely';
import type { TDb } from '../storage/database.js';
import { dialectOf } from '../storage/json-path.js';
import type { TJobsTable } from '../storage/schema.js';

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed', 'dead'] as const;
export type TJobStatus = (typeof JOB_STATUSES)[number];

export async function insertJob(db: TDb, row: TJobsTable): Promise<void> {
  await db.insertInto('jobs').values(row).execute();
}

/** Rows per INSERT: well under either database's limit of bound parameters. */
const INSERT_CHUNK = 500;

/** Inserts many jobs with a statement per chunk of rows. */
export async function insertJobs(db: TDb, rows: readonly TJobsTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await db
      .insertInto('jobs')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .execute();
  }
}

/**
 * Sets when queued jobs become due, each its own time, with a statement per chunk of jobs (a job
 * claimed or finished meanwhile keeps its row as it is).
 */
export async function setQueuedJobsDue(
  db: TDb,
  due: readonly { id: string; runAt: string }[],
  now: string,
): Promise<void> {
  for (let i = 0; i < due.length; i += INSERT_CHUNK) {
    const chunk = due.slice(i, i + INSERT_CHUNK);
    const runAt = sql<string>`CASE id ${sql.join(
      chunk.map((d) => sql`WHEN ${d.id} THEN ${d.runAt}`),
      sql` `,
    )} END`;
    await db
      .updateTable('jobs')
      .set({ run_at: runAt, updated_at: now })
      .where(
        'id',
        'in',
        chunk.map((d) => d.id),
      )
      .where('status', '=', 'queued')
      .execute();
  }
}

export async function findJob(db: TDb, id: string): Promise<TJobsTable | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Jobs of a kind (newest last), for tests and operators. */
export async function listJobsOfKind(db: TDb, kind: string): Promise<TJobsTable[]> {
  return db
    .selectFrom('jobs')
    .selectAll()
    .where('kind', '=', kind)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export interface TClaim {
  workerId: string;
  /** Only kinds this worker has handlers for: a process never takes work it cannot do. */
  kinds: readonly string[];
  now: string;
  lockedUntil: string;
  limit: number;
}

/**
 * Takes up to `limit` due jobs: queued or failed ones whose time has come, and running ones whose
 * lease expired (their worker died). One UPDATE ... RETURNING: on SQLite the statement is atomic
 * on the one serialized connection; on PostgreSQL the inner SELECT locks its rows with
 * FOR UPDATE SKIP LOCKED, so concurrent workers each get different jobs and never wait on another.
 */
export async function claimJobs(db: TDb, claim: TClaim): Promise<TJobsTable[]> {
  if (claim.kinds.length === 0 || claim.limit <= 0) return [];
  const due = db
    .selectFrom('jobs')
    .select('id')
    .where('kind', 'in', claim.kinds)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', 'in', ['queued', 'failed']), eb('run_at', '<=', claim.now)]),
        eb.and([eb('status', '=', 'running'), eb('locked_until', '<', claim.now)]),
      ]),
    )
    .orderBy('run_at')
    .limit(claim.limit);
  const locked = dialectOf(db) === 'postgres' ? due.forUpdate().skipLocked() : due;
  return db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'running',
      attempts: eb('attempts', '+', 1),
      locked_by: claim.workerId,
      locked_until: claim.lockedUntil,
      updated_at: claim.now,
    }))
    .where('id', 'in', locked)
    .returningAll()
    .execute();
}

/**
 * Moves jobs whose worker died on their last attempt to `dead`: a job that kills its process must
 * not be retried forever.
 */
export async function buryAbandonedJobs(db: TDb, now: string): Promise<number> {
  const result = await db
    .updateTable('jobs')
    .set({
      status: 'dead',
      last_error: 'the worker running the last attempt stopped before finishing (lease expired)',
      locked_by: null,
      locked_until: null,
      updated_at: now,
    })
    .where('status', '=', 'running')
    .where('locked_until', '<', now)
    .whereRef('attempts', '>=', 'max_attempts')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Extends the leases of running jobs while their handlers work; how many it still held. */
export async function extendLeases(
  db: TDb,
  ids: readonly string[],
  workerId: string,
  lockedUntil: string,
): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('jobs')
    .set({ locked_until: lockedUntil })
    .where('id', 'in', [...ids])
    .where('status', '=', 'running')
    .where('locked_by', '=', workerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Marks the jobs done in one statement, those whose lease this worker still holds; how many. */
export async function finishJobsDone(
  db: TDb,
  ids: readonly string[],
  workerId: string,
  now: string,
): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('jobs')
    .set({ status: 'done', locked_by: null, locked_until: null, updated_at: now })
    .where('id', 'in', [...ids])
    .where('status', '=', 'running')
    .where('locked_by', '=', workerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Records a failed attempt, only while this worker still holds the lease. */
export async function finishJob(
  db: TDb,
  id: string,
  workerId: string,
  outcome:
    | { status: 'failed'; now: string; error: string; runAt: string }
    | { status: 'dead'; now: string; error: string },
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({
      status: outcome.status,
      locked_by: null,
      locked_until: null,
      updated_at: outcome.now,
      last_error: outcome.error,
      ...(outcome.status === 'failed' && { run_at: outcome.runAt }),
    })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('locked_by', '=', workerId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** True when a job of the kind with exactly this payload is waiting or running (besides one). */
export async function hasPendingJob(
  db: TDb,
  kind: string,
  payload: unknown,
  exceptId?: string,
): Promise<boolean> {
  let q = db
    .selectFrom('jobs')
    .select('id')
    .where('kind', '=', kind)
    .where('payload_json', '=', JSON.stringify(payload))
    .where('status', 'in', ['queued', 'running', 'failed']);
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

/** Deletes jobs that finished successfully before the instant; dead ones stay for inspection. */
export async function deleteDoneJobs(db: TDb, updatedBefore: string): Promise<number> {
  const result = await db
    .deleteFrom('jobs')
    .where('status', '=', 'done')
    .where('updated_at', '<', updatedBefore)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
