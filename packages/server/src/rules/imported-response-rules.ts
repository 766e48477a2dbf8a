/**
 * Rules on imported responses, for an import that asked for them (`actions=run`): imported
 * history takes no action unless asked. Each batch of the import is queued as jobs of
 * IMPORTED_RULES_SLICE responses before it is written, and made due once it is stored,
 * SLICE_SPACING_MS apart one after another for the whole import. A job evaluates its responses CHUNK at a time (a transaction each) and after each chunk
 * waits as long as the chunk took: the import's rule runs and cases (several statements each) take
 * at most half of the event loop and hold it no longer than a chunk, so live submissions keep
 * their latency while a big import's actions are taken over minutes instead of at once.
 */
import { ZId } from '@touchstone/core';
import { z } from 'zod';
import { enqueueJobs, type TEnqueue } from '../jobs/enqueue-job.js';
import { setQueuedJobsDue } from '../jobs/jobs.repository.js';
import type { JobRegistry, TJobContext } from '../jobs/job-registry.js';
import { PermanentJobError } from '../jobs/job-registry.js';
import type { TDb, TStorage } from '../storage/database.js';
import { SurveyQuestionCache } from './rule-batch.js';
import { rulesByOrganization, runResponseRules } from './rule-events.js';
import { findEnabledRules } from './rules.repository.js';

export const IMPORTED_RESPONSE_RULES_JOB = 'rules.imported-responses';

/** Responses of a job. */
export const IMPORTED_RULES_SLICE = 100;
/** The least time between two slices of an import becoming due: at most a slice a second. */
const SLICE_SPACING_MS = 1000;
/** Responses evaluated in one transaction, between two pauses. */
const CHUNK = 25;

const ZImportedResponseRulesJob = z.object({
  importId: ZId,
  ids: z.array(z.string().min(1)).min(1),
  /** When the import stored them: rules switched on since then do not act on them. */
  arrivedAt: z.string(),
});
type TImportedResponseRulesJob = z.infer<typeof ZImportedResponseRulesJob>;

/**
 * How long the jobs of a batch wait before they are due unless released: the batch's
 * transaction commits well within it, and a process that dies between the commit and the
 * release leaves the jobs to run this much later instead of never.
 */
export const IMPORTED_RULES_HOLD_MS = 10 * 60_000;

/** The jobs of a batch queued before it is written, not yet due. */
export interface THeldRuleJobs {
  jobIds: readonly string[];
}

/**
 * The actions of one import's batches. `hold` queues the jobs of a batch's responses before the
 * batch is written (due only after IMPORTED_RULES_HOLD_MS); once the batch is stored, `release`
 * makes them due, one after another SLICE_SPACING_MS apart, after the jobs the import released
 * before. A job whose responses were never stored (the batch refused or rolled back) finds none
 * of them and does nothing; one whose responses were stored acts, whether or not the process
 * lived to release it.
 */
export interface TImportedRulesQueue {
  hold(ids: readonly string[]): Promise<THeldRuleJobs>;
  release(held: THeldRuleJobs): Promise<void>;
}

/** The queue of one import's actions (see `TImportedRulesQueue`). */
export function importedRulesQueue(
  db: TDb,
  organizationId: string,
  importId: string,
  clock: () => Date = () => new Date(),
): TImportedRulesQueue {
  let nextDue = 0;
  return {
    async hold(ids) {
      const now = clock();
      const arrivedAt = now.toISOString();
      const runAt = new Date(now.getTime() + IMPORTED_RULES_HOLD_MS);
      const jobs: TEnqueue[] = [];
      for (let i = 0; i < ids.length; i += IMPORTED_RULES_SLICE) {
        const payload: TImportedResponseRulesJob = {
          importId,
          ids: ids.slice(i, i + IMPORTED_RULES_SLICE),
          arrivedAt,
        };
        jobs.push({ kind: IMPORTED_RESPONSE_RULES_JOB, payload, organizationId, runAt, now });
      }
      return { jobIds: jobs.length === 0 ? [] : await enqueueJobs(db, jobs) };
    },
    async release(held) {
      if (held.jobIds.length === 0) return;
      const now = clock();
      nextDue = Math.max(nextDue, now.getTime());
      const due = held.jobIds.map((id) => {
        const runAt = new Date(nextDue).toISOString();
        nextDue += SLICE_SPACING_MS;
        return { id, runAt };
      });
      await setQueuedJobsDue(db, due, now.toISOString());
    },
  };
}

/** Lets the I/O that waits (requests, replies) run for `ms` before the next chunk. */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.ceil(ms))));
}

async function runSlice(
  storage: TStorage,
  payload: TImportedResponseRulesJob,
  context: TJobContext,
  questions: SurveyQuestionCache,
): Promise<void> {
  const orgId = context.organizationId;
  if (orgId === null) throw new PermanentJobError('imported responses belong to an organization');
  // Read per slice: a rule switched off while the import's actions are queued stops acting.
  const rules = rulesByOrganization(await findEnabledRules(storage.db, [orgId], 'response'));
  const forResponses = rules.get(orgId) ?? [];
  if (forResponses.length === 0) return;
  for (let i = 0; i < payload.ids.length; i += CHUNK) {
    const started = performance.now();
    const ids = payload.ids.slice(i, i + CHUNK);
    await runResponseRules(storage, orgId, ids, forResponses, questions, payload.arrivedAt);
    await pause(performance.now() - started);
  }
}

/** Registers the job that runs rules on a slice of an import's responses. */
export function registerImportedRuleJobs(registry: JobRegistry): void {
  const questions = new SurveyQuestionCache();
  registry.registerBatch(IMPORTED_RESPONSE_RULES_JOB, ZImportedResponseRulesJob, async (jobs) => {
    const failures = new Map<string, unknown>();
    for (const job of jobs) {
      try {
        await runSlice(job.context.storage, job.payload, job.context, questions);
      } catch (error) {
        failures.set(job.context.id, error);
      }
    }
    return failures;
  });
}
