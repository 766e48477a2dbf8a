/**
 * The daily retention sweep: one installation-wide job that applies every organization's policy
 * and queues the next day's run. The server makes sure one is queued when it starts.
 */
import { z } from 'zod';
import type { JobRegistry, TJobContext } from '../jobs/job-registry.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import { hasPendingJob } from '../jobs/jobs.repository.js';
import type { TStorage } from '../storage/database.js';
import { listRetentionPolicies } from './retention.repository.js';
import { sweepOrganization } from './retention.service.js';

export const RETENTION_SWEEP_JOB = 'retention.sweep';
/** The hour (UTC) of the daily sweep: a quiet hour for most of Europe and the Americas. */
const SWEEP_HOUR_UTC = 3;
const PAYLOAD = {};

/** The next sweep time strictly after `now`. */
export function nextSweepAt(now: Date): Date {
  const next = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), SWEEP_HOUR_UTC),
  );
  if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

/** Queues the next sweep unless one is waiting (besides the job that asks). */
export async function ensureRetentionSweep(
  storage: TStorage,
  now: Date,
  exceptJobId?: string,
): Promise<void> {
  if (await hasPendingJob(storage.db, RETENTION_SWEEP_JOB, PAYLOAD, exceptJobId)) return;
  await enqueueJob(storage.db, {
    kind: RETENTION_SWEEP_JOB,
    payload: PAYLOAD,
    runAt: nextSweepAt(now),
    now,
  });
}

async function runSweep(_payload: unknown, context: TJobContext): Promise<void> {
  for (const policy of await listRetentionPolicies(context.storage.db)) {
    await sweepOrganization(context.storage, policy.organization_id, context.now);
  }
  await ensureRetentionSweep(context.storage, context.now, context.id);
}

export function registerRetentionJobs(registry: JobRegistry): void {
  registry.register(RETENTION_SWEEP_JOB, z.object({}), runSweep);
}
