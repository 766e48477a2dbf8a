import type { TFieldIssue, TResponse, TResponseListQuery, TResponseSubmit } from '@touchstone/core';
import type { TServiceContext } from '../auth/actor.js';
import { AppError, notFound } from '@touchstone/core';
import { isUniqueViolation } from '../storage/constraint-violation.js';
import { type TSurveyRuntime } from '../surveys/survey-cache.js';
import type { TStoredResponse } from '../ingest/stored-response.js';
import { storedToResponse } from '../ingest/response-rows.js';
import type { ResponseWriter } from '../ingest/response-writer.js';
import {
  findResponse,
  findResponseByIdempotencyKey,
  findResponsesByIdempotencyKeys,
  listResponses as listResponseRows,
} from './responses.repository.js';
import { assertLive, lookupsFor, prepareSubmission, throwIssues } from './submission-prepare.js';

/** A stored response, and whether it was stored by an earlier request with the same key. */
export interface TSubmitOutcome {
  response: TResponse;
  replayed: boolean;
}

/**
 * Settles that the survey exists in the actor's organization before anything is said about the
 * body: another organization's survey id is a 404 whatever the request carries.
 */
export async function assertSurveyExists(ctx: TServiceContext, surveyId: string): Promise<void> {
  const survey = await ctx.services.surveys.surveyById(ctx.actor.organizationId, surveyId);
  if (!survey) throw notFound('survey', surveyId);
}

/** A live survey of the actor's organization, from the cache. */
async function liveSurvey(ctx: TServiceContext, surveyId: string): Promise<TSurveyRuntime> {
  const survey = await ctx.services.surveys.surveyById(ctx.actor.organizationId, surveyId);
  if (!survey) throw notFound('survey', surveyId);
  assertLive(survey);
  return survey;
}

/**
 * Stores one response submitted through the API. With an idempotency key, a retry of a stored
 * submission returns the stored response (never a second one), also when the two race.
 */
export async function submitResponse(
  ctx: TServiceContext,
  writer: ResponseWriter,
  surveyId: string,
  input: TResponseSubmit,
  headerKey: string | undefined,
): Promise<TSubmitOutcome> {
  const orgId = ctx.actor.organizationId;
  const db = ctx.storage.db;
  const survey = await liveSurvey(ctx, surveyId);
  const key = input.idempotencyKey ?? headerKey ?? null;
  if (key !== null) {
    const existing = await findResponseByIdempotencyKey(db, orgId, key);
    if (existing) return { response: existing, replayed: true };
  }
  const org = await ctx.services.surveys.org(orgId);
  const lookups = await lookupsFor(db, orgId, [input]);
  const issues: TFieldIssue[] = [];
  const stored = prepareSubmission(
    survey,
    survey.definition,
    org,
    lookups,
    input,
    key,
    'body.',
    issues,
  );
  throwIssues(issues);
  if (stored === null) throw new AppError('internal', 'a submission without issues was not built');
  try {
    await writer.write([stored]);
  } catch (error) {
    if (key !== null && isUniqueViolation(error)) {
      // Another request with the same key committed first: answer as its replay.
      const existing = await findResponseByIdempotencyKey(db, orgId, key);
      if (existing) return { response: existing, replayed: true };
    }
    throw error;
  }
  return { response: storedToResponse(stored), replayed: false };
}

/** What a batch submission did, in request order. */
export interface TBatchOutcome {
  items: TResponse[];
  created: number;
  replayed: number;
}

/**
 * Stores up to 1000 responses all or nothing: every item is checked first (422 lists every
 * issue as `body.responses.N...` and stores nothing), then all are written in one unit. Items
 * whose idempotency key is stored already come back as stored. An `Idempotency-Key` header
 * gives item N the key `<header>:N` unless it has its own.
 */
export async function submitResponseBatch(
  ctx: TServiceContext,
  writer: ResponseWriter,
  surveyId: string,
  items: TResponseSubmit[],
  headerKey: string | undefined,
): Promise<TBatchOutcome> {
  const orgId = ctx.actor.organizationId;
  const db = ctx.storage.db;
  const survey = await liveSurvey(ctx, surveyId);
  const keys = items.map(
    (item, i) => item.idempotencyKey ?? (headerKey ? `${headerKey}:${i}` : null),
  );
  const issues: TFieldIssue[] = [];
  const firstIndexOfKey = new Map<string, number>();
  keys.forEach((key, i) => {
    if (key === null) return;
    const first = firstIndexOfKey.get(key);
    if (first === undefined) firstIndexOfKey.set(key, i);
    else {
      issues.push({
        field: `body.responses.${i}.idempotencyKey`,
        message: `repeats the key of responses.${first}`,
      });
    }
  });
  const existing = await findResponsesByIdempotencyKeys(
    db,
    orgId,
    keys.filter((k): k is string => k !== null),
  );
  const org = await ctx.services.surveys.org(orgId);
  const fresh = items.filter((_, i) => !existing.has(keys[i] ?? ''));
  const lookups = await lookupsFor(db, orgId, fresh);
  const results: (TStoredResponse | TResponse | null)[] = items.map((item, i) => {
    const key = keys[i] ?? null;
    const stored = key === null ? undefined : existing.get(key);
    if (stored) return stored;
    const prefix = `body.responses.${i}.`;
    return prepareSubmission(survey, survey.definition, org, lookups, item, key, prefix, issues);
  });
  throwIssues(issues);
  const toWrite = results.filter((r): r is TStoredResponse => r !== null && 'values' in r);
  try {
    await writer.write(toWrite);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(
        'conflict',
        'another request stored responses with some of these idempotency keys meanwhile; nothing of this batch was stored, retry it to get the stored responses back',
      );
    }
    throw error;
  }
  return {
    items: results.map((r) =>
      r === null ? unreachable() : 'values' in r ? storedToResponse(r) : r,
    ),
    created: toWrite.length,
    replayed: items.length - toWrite.length,
  };
}

function unreachable(): never {
  throw new AppError('internal', 'a batch item without issues was not built');
}

/** A response of the actor's organization. */
export async function getResponse(ctx: TServiceContext, id: string): Promise<TResponse> {
  const response = await findResponse(ctx.storage.db, ctx.actor.organizationId, id);
  if (!response) throw notFound('response', id);
  return response;
}

/** One page of the organization's responses. */
export function listResponses(ctx: TServiceContext, query: TResponseListQuery) {
  return listResponseRows(ctx.storage.db, ctx.actor.organizationId, query);
}
