import { findInteractionIds } from '../interactions/interactions.repository.js';
import {
  AppError,
  validateSubmission,
  type TAttributes,
  type TFieldIssue,
  type TResponseSubmit,
  type TSurveyDefinition,
} from '@touchstone/core';
import type { TDb } from '../storage/database.js';
import { parseJsonColumn, toStoredInstant } from '../storage/rows.js';
import type { TOrgRuntime, TSurveyRuntime } from '../surveys/survey-cache.js';
import type { TStoredResponse } from '../ingest/stored-response.js';
import { buildNewResponse, type TRespondent } from './response-builder.js';
import { findCustomersForResponses } from './responses.repository.js';
import { resolveSubmissionLanguage, resolveTouchpoint } from './submission-refs.js';

/** Late delivery is fine; answers from the future are a client's clock or a bug. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** The customers and interactions a set of submissions names, fetched in one query each. */
export interface TSubmissionLookups {
  customers: ReadonlyMap<string, TRespondent>;
  interactions: ReadonlySet<string>;
}

export async function lookupsFor(
  db: TDb,
  orgId: string,
  items: readonly Pick<TResponseSubmit, 'customerExternalId' | 'interactionId'>[],
): Promise<TSubmissionLookups> {
  const externalIds = [
    ...new Set(items.flatMap((i) => (i.customerExternalId ? [i.customerExternalId] : []))),
  ];
  const interactionIds = [
    ...new Set(items.flatMap((i) => (i.interactionId ? [i.interactionId] : []))),
  ];
  const [customers, interactions] = await Promise.all([
    findCustomersForResponses(db, orgId, externalIds),
    interactionIds.length === 0 ? [] : findInteractionIds(db, orgId, interactionIds),
  ]);
  return {
    customers: new Map(
      customers.map((c) => [
        c.external_id,
        { id: c.id, attributes: parseJsonColumn<TAttributes>(c.attributes_json) },
      ]),
    ),
    interactions: new Set(interactions.map((i) => i.id)),
  };
}

/** A survey that takes responses: live. */
export function assertLive(survey: TSurveyRuntime): void {
  if (survey.status === 'live') return;
  const why = survey.status === 'closed' ? 'is closed' : 'is a draft (not live yet)';
  throw new AppError('conflict', `survey ${survey.id} ${why}: it takes no responses`, [
    { field: 'survey.status', message: `${survey.status}: only a live survey takes responses` },
  ]);
}

/** Issues of the survey engine, moved under the request's field prefix. */
export function prefixed(issues: readonly TFieldIssue[], prefix: string): TFieldIssue[] {
  return issues.map((i) => ({ field: `${prefix}${i.field}`, message: i.message }));
}

/** Throws one validation error with every issue; the message names the first. */
export function throwIssues(issues: readonly TFieldIssue[]): void {
  const first = issues[0];
  if (first === undefined) return;
  throw new AppError('validation_failed', `${first.field}: ${first.message}`, [...issues]);
}

/**
 * Checks one API submission against the survey's current version and the organization, and
 * builds the response to store; problems are added to `issues` under `prefix` (`body.`).
 */
export function prepareSubmission(
  survey: TSurveyRuntime,
  definition: TSurveyDefinition,
  org: TOrgRuntime,
  lookups: TSubmissionLookups,
  item: TResponseSubmit,
  idempotencyKey: string | null,
  prefix: string,
  issues: TFieldIssue[],
): TStoredResponse | null {
  const before = issues.length;
  const checked = validateSubmission(
    definition,
    { answers: item.answers, hidden: item.hidden },
    { partial: false },
  );
  issues.push(...prefixed(checked.issues, prefix));
  const touchpointId = resolveTouchpoint(item, survey, org, prefix, issues);
  let customer: TRespondent | null = null;
  if (item.customerExternalId !== undefined) {
    customer = lookups.customers.get(item.customerExternalId) ?? null;
    if (customer === null) {
      issues.push({
        field: `${prefix}customerExternalId`,
        message: `no customer has the external id ${item.customerExternalId}`,
      });
    }
  }
  if (item.interactionId !== undefined && !lookups.interactions.has(item.interactionId)) {
    issues.push({
      field: `${prefix}interactionId`,
      message: 'not an interaction of this organization',
    });
  }
  const language = resolveSubmissionLanguage(
    definition.languages,
    definition.defaultLanguage,
    item.language,
    `${prefix}language`,
    issues,
  );
  const now = Date.now();
  const at =
    item.submittedAt === undefined
      ? new Date(now).toISOString()
      : toStoredInstant(item.submittedAt);
  if (Date.parse(at) > now + MAX_CLOCK_SKEW_MS) {
    issues.push({ field: `${prefix}submittedAt`, message: 'lies in the future' });
  }
  if (issues.length > before) return null;
  return buildNewResponse({
    organizationId: survey.organizationId,
    surveyId: survey.id,
    surveyVersion: survey.version,
    definition,
    org,
    touchpointId,
    customer,
    interactionId: item.interactionId ?? null,
    channel: item.channel,
    language,
    complete: true,
    answers: checked.answers,
    hidden: item.hidden,
    idempotencyKey,
    resumeTokenHash: null,
    at,
  });
}
