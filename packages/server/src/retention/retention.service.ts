/**
 * Retention: an organization's policy (keep responses N months, then anonymise or delete them)
 * and the sweep that applies it. A sweep strips or deletes expired responses in batches, each
 * batch one transaction with the purge of its comments' analysis, and leaves the rollups as they
 * are: the history of scores outlives the responses, as the policy promises.
 */
import {
  AppError,
  type TAnswers,
  type TRetentionMode,
  type TRetentionPolicy,
  type TRetentionPolicyUpdate,
  type TRetentionRun,
  type TSurveyDefinition,
} from '@touchstone/core';
import { recordAudit } from '../audit/audit.repository.js';
import { systemActor, type TServiceContext } from '../auth/actor.js';
import { deleteCommentsOfResponses } from '../comments/comment-store.repository.js';
import { withoutFreeText } from '../customers/customer-erasure.js';
import { anonymiseResponseRow, deleteResponseRows } from '../responses/responses.repository.js';
import type { TStorage } from '../storage/database.js';
import { parseJsonColumn } from '../storage/rows.js';
import { SurveyCache } from '../surveys/survey-cache.js';
import {
  deleteRetentionPolicy,
  findExpiredSubmitted,
  findExpiredUnsubmitted,
  findRetentionPolicy,
  recordRetentionRun,
  upsertRetentionPolicy,
  type TExpiredResponse,
} from './retention.repository.js';

const BATCH = 500;

/** The instant `months` calendar months before `now`, the day clamped to the target month. */
export function retentionCutoff(now: Date, months: number): Date {
  const total = now.getUTCFullYear() * 12 + now.getUTCMonth() - months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(year, month, Math.min(now.getUTCDate(), lastDay));
  return cutoff;
}

export async function getRetentionPolicy(ctx: TServiceContext): Promise<TRetentionPolicy> {
  const row = await findRetentionPolicy(ctx.storage.db, ctx.actor.organizationId);
  if (row === undefined) return { months: null, mode: 'anonymise', lastRunAt: null, lastRun: null };
  return {
    months: row.months,
    mode: row.mode as TRetentionMode,
    lastRunAt: row.last_run_at,
    lastRun:
      row.last_result_json === null ? null : parseJsonColumn<TRetentionRun>(row.last_result_json),
  };
}

/** Sets or (months null) switches off the policy; audited. The next daily sweep applies it. */
export async function setRetentionPolicy(
  ctx: TServiceContext,
  update: TRetentionPolicyUpdate,
): Promise<TRetentionPolicy> {
  const orgId = ctx.actor.organizationId;
  await ctx.storage.db.transaction().execute(async (trx) => {
    if (update.months === null) await deleteRetentionPolicy(trx, orgId);
    else {
      await upsertRetentionPolicy(trx, {
        organization_id: orgId,
        months: update.months,
        mode: update.mode,
        updated_at: new Date().toISOString(),
      });
    }
    await recordAudit(trx, ctx.actor, {
      action: 'update',
      entity: 'retention_policy',
      entityId: orgId,
      details: { months: update.months, mode: update.mode },
    });
  });
  return getRetentionPolicy(ctx);
}

/** The survey definitions of a batch, read before its transaction (SQLite has one connection). */
async function definitionsOf(
  surveys: SurveyCache,
  organizationId: string,
  batch: readonly TExpiredResponse[],
): Promise<Map<string, TSurveyDefinition | undefined>> {
  const definitions = new Map<string, TSurveyDefinition | undefined>();
  for (const r of batch) {
    const key = `${r.survey_id}:${r.survey_version}`;
    if (definitions.has(key)) continue;
    const survey = await surveys.surveyById(organizationId, r.survey_id);
    definitions.set(
      key,
      survey === undefined ? undefined : await surveys.definition(survey, r.survey_version),
    );
  }
  return definitions;
}

/** Strips or deletes one batch with its comments, in one transaction; how many comments went. */
async function sweepBatch(
  storage: TStorage,
  surveys: SurveyCache,
  organizationId: string,
  mode: TRetentionMode,
  batch: readonly TExpiredResponse[],
  at: string,
): Promise<number> {
  const definitions =
    mode === 'anonymise' ? await definitionsOf(surveys, organizationId, batch) : null;
  return storage.db.transaction().execute(async (trx) => {
    const ids = batch.map((r) => r.id);
    const comments = await deleteCommentsOfResponses(trx, organizationId, ids);
    if (definitions === null) {
      await deleteResponseRows(trx, organizationId, ids);
      return comments;
    }
    for (const r of batch) {
      const definition = definitions.get(`${r.survey_id}:${r.survey_version}`);
      const answers = withoutFreeText(definition, parseJsonColumn<TAnswers>(r.answers_json));
      await anonymiseResponseRow(trx, organizationId, r.id, JSON.stringify(answers), at);
    }
    return comments;
  });
}

/**
 * Applies an organization's policy at `now`: every response submitted (or, never submitted,
 * started) before the cutoff is anonymised or deleted, and its comments' analysis purged.
 * Null when the organization has no policy. Recorded on the policy and in the audit log.
 */
export async function sweepOrganization(
  storage: TStorage,
  organizationId: string,
  now: Date,
): Promise<TRetentionRun | null> {
  const policy = await findRetentionPolicy(storage.db, organizationId);
  if (policy === undefined) return null;
  const mode = policy.mode as TRetentionMode;
  const cutoff = retentionCutoff(now, policy.months).toISOString();
  const includeStripped = mode === 'delete';
  const surveys = new SurveyCache(storage);
  const at = now.toISOString();
  let responses = 0;
  let comments = 0;
  let after: { submittedAt: string; id: string } | null = null;
  for (;;) {
    const batch = await findExpiredSubmitted(
      storage.db,
      organizationId,
      cutoff,
      // Deleted rows leave the index, so a delete sweep always reads from the start.
      mode === 'delete' ? null : after,
      BATCH,
      includeStripped,
    );
    if (batch.length === 0) break;
    comments += await sweepBatch(storage, surveys, organizationId, mode, batch, at);
    responses += batch.length;
    const last = batch[batch.length - 1]!;
    after = { submittedAt: last.submitted_at ?? '', id: last.id };
  }
  for (;;) {
    const batch = await findExpiredUnsubmitted(
      storage.db,
      organizationId,
      cutoff,
      BATCH,
      includeStripped,
    );
    if (batch.length === 0) break;
    comments += await sweepBatch(storage, surveys, organizationId, mode, batch, at);
    responses += batch.length;
  }
  const run: TRetentionRun = { cutoff, responses, comments };
  await storage.db.transaction().execute(async (trx) => {
    await recordRetentionRun(trx, organizationId, at, JSON.stringify(run));
    await recordAudit(trx, systemActor(organizationId, 'system:retention'), {
      action: mode === 'delete' ? 'retention.delete' : 'retention.anonymise',
      entity: 'responses',
      entityId: null,
      details: { ...run, months: policy.months },
    });
  });
  return run;
}

/** The sweep on demand, for the organization of the caller. */
export async function runRetentionNow(ctx: TServiceContext): Promise<TRetentionRun> {
  const run = await sweepOrganization(ctx.storage, ctx.actor.organizationId, new Date());
  if (run === null) throw new AppError('conflict', 'no retention policy is set: set months first');
  return run;
}
