import { newId } from '@touchstone/core';
import type { TDb } from '../storage/database.js';
import type { TJobsTable } from '../storage/schema.js';
import { insertJob, insertJobs } from './jobs.repository.js';

export const DEFAULT_MAX_ATTEMPTS = 10;

export interface TEnqueue {
  kind: string;
  /** Any JSON value; the handler registered for the kind validates it. */
  payload: unknown;
  /** The organization the work belongs to; omitted for installation-wide work. */
  organizationId?: string | null;
  /** Not before this instant; default now. */
  runAt?: Date;
  maxAttempts?: number;
  /** The current time, for callers that schedule on a clock of their own (tests, schedulers). */
  now?: Date;
}

function jobRow(input: TEnqueue): TJobsTable {
  const now = (input.now ?? new Date()).toISOString();
  return {
    id: newId(),
    organization_id: input.organizationId ?? null,
    kind: input.kind,
    payload_json: JSON.stringify(input.payload ?? null),
    status: 'queued',
    attempts: 0,
    max_attempts: input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    run_at: (input.runAt ?? input.now ?? new Date()).toISOString(),
    locked_by: null,
    locked_until: null,
    last_error: null,
    created_at: now,
    updated_at: now,
  };
}

/**
 * Adds a job and returns its id. Pass a transaction as `db` to make the job part of a larger
 * write: the job exists exactly when the data it works on was committed.
 */
export async function enqueueJob(db: TDb, input: TEnqueue): Promise<string> {
  const row = jobRow(input);
  await insertJob(db, row);
  return row.id;
}

/** `enqueueJob` for many jobs at once (a statement per few hundred); their ids in order. */
export async function enqueueJobs(db: TDb, inputs: readonly TEnqueue[]): Promise<string[]> {
  const rows = inputs.map(jobRow);
  await insertJobs(db, rows);
  return rows.map((r) => r.id);
}
