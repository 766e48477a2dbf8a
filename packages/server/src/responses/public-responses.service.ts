import {
  AppError,
  invalidField,
  notFound,
  localize,
  resolveLanguage,
  validateSubmission,
  type TFieldIssue,
  type TSurveyDefinition,
} from '@touchstone/core';
import { hashToken, randomToken } from '../auth/tokens.js';
import type { TStorage } from '../storage/database.js';
import { isUniqueViolation } from '../storage/constraint-violation.js';
import { nowIso } from '../storage/rows.js';
import type { TSurveyRuntime } from '../surveys/survey-cache.js';
import type { TServices } from '../composition/services.js';
import type { TInvitationContext, TPublicResponseOptions } from './invitations.js';
import type {
  TPublicContinue,
  TPublicQuery,
  TPublicResponse,
  TPublicSubmit,
  TPublicSubmitResult,
  TPublicSurvey,
} from './public.schema.js';
import { ZPublicChannel } from './public.schema.js';
import { buildContinuedResponse, buildNewResponse } from './response-builder.js';
import type { TStoredResponse } from '../ingest/stored-response.js';
import { rowToStored } from '../ingest/response-rows.js';
import type { ResponseWriter } from '../ingest/response-writer.js';
import { findResponseRowByResumeHash, setResumeTokenHash } from './responses.repository.js';
import { lookupsFor, prefixed, throwIssues } from './submission-prepare.js';
import { resolveTouchpoint } from './submission-refs.js';

/** What the respondent endpoints need besides their input. */
export interface TPublicContext {
  storage: TStorage;
  services: TServices;
  writer: ResponseWriter;
  options: TPublicResponseOptions;
}

/** A survey behind a public slug that respondents may see: 404 unknown or draft, 410 closed. */
async function publicSurvey(services: TServices, slug: string): Promise<TSurveyRuntime> {
  const survey = await services.surveys.surveyBySlug(slug);
  if (!survey || survey.status === 'draft') throw notFound('survey', slug);
  if (survey.status === 'closed') {
    throw new AppError('gone', `the survey ${slug} is closed and takes no more responses`);
  }
  return survey;
}

function surveyView(
  survey: TSurveyRuntime,
  definition: TSurveyDefinition,
  version: number,
  language: string,
): TPublicSurvey {
  return {
    slug: survey.slug,
    version,
    language,
    definition,
    style: survey.styleGuide,
    brandName: survey.brandName,
  };
}

/** The live survey's current definition, its brand's style and the language to show it in. */
export async function getPublicSurvey(
  services: TServices,
  slug: string,
  query: TPublicQuery,
  acceptLanguage: string | undefined,
): Promise<TPublicSurvey> {
  const survey = await publicSurvey(services, slug);
  const def = survey.definition;
  return surveyView(
    survey,
    def,
    survey.version,
    resolveLanguage(def, query['lang'], acceptLanguage),
  );
}

/** Declared hidden fields given as query parameters of the respondent link. */
function hiddenFromQuery(def: TSurveyDefinition, query: TPublicQuery): Record<string, string> {
  const hidden: Record<string, string> = {};
  for (const field of def.hiddenFields) {
    const value = query[field.key];
    if (typeof value === 'string' && Object.hasOwn(query, field.key)) hidden[field.key] = value;
  }
  return hidden;
}

async function invitationOf(
  ctx: TPublicContext,
  survey: TSurveyRuntime,
  token: string | undefined,
): Promise<TInvitationContext | null> {
  if (token === undefined) return null;
  const resolver = ctx.options.resolveInvitation;
  if (!resolver)
    throw invalidField('body.invitation', 'invitations are not enabled on this server');
  const invitation = await resolver.resolve(ctx.storage, survey, token);
  if (!invitation) throw invalidField('body.invitation', 'unknown or expired invitation');
  return invitation;
}

function channelOf(body: TPublicSubmit, query: TPublicQuery, invited: boolean) {
  if (body.channel !== undefined) return body.channel;
  const fromQuery = ZPublicChannel.safeParse(query['channel']);
  if (fromQuery.success) return fromQuery.data;
  return invited ? 'email' : 'link';
}

function thankYouOf(stored: TStoredResponse, def: TSurveyDefinition): string | null {
  return stored.status === 'complete' ? localize(def.thankYou, stored.language, def) : null;
}

/**
 * The customer a widget page named with `touchstone.identify()`. Only the widget may name one
 * (links carry invitations instead); an id the organization does not know is left out rather
 * than losing the response.
 */
async function identifiedCustomer(storage: TStorage, orgId: string, body: TPublicSubmit) {
  if (body.customerExternalId === undefined) return null;
  if (body.channel !== 'widget') {
    throw invalidField('body.customerExternalId', 'only the widget channel names a customer');
  }
  const { customers } = await lookupsFor(storage.db, orgId, [
    { customerExternalId: body.customerExternalId },
  ]);
  return customers.get(body.customerExternalId) ?? null;
}

/**
 * An invitation takes one response: a second one is refused (409) and the link reopens the
 * first instead (`reopenInvitedResponse`). The response's idempotency key makes the database
 * refuse a second one even when two submissions race.
 */
function alreadyAnswered(responseId: string | null): AppError {
  return new AppError(
    'conflict',
    `body.invitation: this invitation was already answered` +
      (responseId === null ? '' : ` (response ${responseId})`) +
      '; reopen that response with POST /api/public/surveys/{slug}/reopen instead of starting another',
  );
}

const invitationKey = (invitation: TInvitationContext) => `invitation:${invitation.invitationId}`;

async function store(
  ctx: TPublicContext,
  stored: TStoredResponse,
  invitation: TInvitationContext | null,
): Promise<void> {
  try {
    await ctx.writer.write([stored]);
  } catch (error) {
    if (invitation && isUniqueViolation(error)) throw alreadyAnswered(null);
    throw error;
  }
  if (invitation) {
    await ctx.options.resolveInvitation?.responded?.(ctx.storage, invitation.invitationId, stored);
  }
}

/**
 * Starts (`complete: false`, returns a resume token) or submits a response from a respondent
 * page or the widget. Nothing is stored unless every check passes.
 */
export async function startPublicResponse(
  ctx: TPublicContext,
  slug: string,
  body: TPublicSubmit,
  query: TPublicQuery,
  acceptLanguage: string | undefined,
): Promise<TPublicSubmitResult> {
  const survey = await publicSurvey(ctx.services, slug);
  const def = survey.definition;
  const org = await ctx.services.surveys.org(survey.organizationId);
  const invitation = await invitationOf(ctx, survey, body.invitation);
  if (invitation?.responseId != null) throw alreadyAnswered(invitation.responseId);
  const hidden = { ...invitation?.hidden, ...hiddenFromQuery(def, query), ...body.hidden };
  const checked = validateSubmission(
    def,
    { answers: body.answers, hidden },
    { partial: !body.complete },
  );
  const issues: TFieldIssue[] = prefixed(checked.issues, 'body.');
  const ref = { touchpointKey: body.touchpointKey, hidden };
  const touchpointId =
    invitation?.touchpointId ?? resolveTouchpoint(ref, survey, org, 'body.', issues);
  throwIssues(issues);
  const language = resolveLanguage(
    def,
    body.language ?? query['lang'] ?? invitation?.language ?? undefined,
    acceptLanguage,
  );
  const token = body.complete ? null : randomToken();
  const stored = buildNewResponse({
    organizationId: survey.organizationId,
    surveyId: survey.id,
    surveyVersion: survey.version,
    definition: def,
    org,
    touchpointId,
    customer:
      invitation?.customer ?? (await identifiedCustomer(ctx.storage, survey.organizationId, body)),
    interactionId: invitation?.interactionId ?? null,
    channel: channelOf(body, query, invitation !== null),
    language,
    complete: body.complete,
    answers: checked.answers,
    hidden,
    idempotencyKey: invitation ? invitationKey(invitation) : null,
    resumeTokenHash: token === null ? null : hashToken(token),
    at: nowIso(),
  });
  await store(ctx, stored, invitation);
  return {
    id: stored.id,
    status: stored.status,
    resumeToken: token,
    thankYou: thankYouOf(stored, def),
  };
}

/**
 * Reopens the response given through a personal invitation link, wherever it was started: a
 * fresh resume token replaces the old one (a link opened on a second device takes the response
 * over). The response is editable while partial and read-only once complete. 404 when the
 * invitation has no response yet: the page then starts one.
 */
export async function reopenInvitedResponse(
  ctx: TPublicContext,
  slug: string,
  invitationToken: string,
): Promise<{ resumeToken: string; status: TPublicSubmitResult['status'] }> {
  const survey = await publicSurvey(ctx.services, slug);
  const invitation = await invitationOf(ctx, survey, invitationToken);
  if (invitation === null || invitation.responseId === null) {
    throw notFound('response', '(invitation without a response yet)');
  }
  const token = randomToken();
  const status = await setResumeTokenHash(
    ctx.storage.db,
    survey.organizationId,
    invitation.responseId,
    hashToken(token),
  );
  if (status === null) throw notFound('response', invitation.responseId);
  return { resumeToken: token, status: status === 'complete' ? 'complete' : 'partial' };
}

/** The partial response behind a resume token, with the survey version it answers. */
async function resumable(services: TServices, token: string) {
  const row = await findResponseRowByResumeHash(services.storage.db, hashToken(token));
  if (!row) throw notFound('response', '(resume token)');
  const cache = services.surveys;
  const survey = await cache.surveyById(row.organization_id, row.survey_id);
  if (!survey) throw notFound('response', '(resume token)');
  const def = await cache.definition(survey, row.survey_version);
  if (!def) throw notFound('survey version', `${row.survey_id}/${row.survey_version}`);
  return { row, survey, def };
}

/** A response read back with its resume token (to continue it on another page or device). */
export async function getPublicResponse(
  services: TServices,
  token: string,
): Promise<TPublicResponse> {
  const { row, survey, def } = await resumable(services, token);
  const stored = rowToStored(row);
  return {
    id: stored.id,
    status: stored.status,
    language: stored.language,
    answers: stored.answers,
    hidden: stored.hidden,
    survey: surveyView(survey, def, row.survey_version, stored.language),
  };
}

/**
 * Continues a partial response: the answers replace those so far; `complete` runs the full
 * validation against the version the response started on. A complete response is final (409).
 */
export async function continuePublicResponse(
  ctx: TPublicContext,
  token: string,
  body: TPublicContinue,
  acceptLanguage: string | undefined,
): Promise<TPublicSubmitResult> {
  const { row, survey, def } = await resumable(ctx.services, token);
  if (row.status === 'complete') {
    throw new AppError('conflict', 'the response is complete and can no longer be changed');
  }
  if (survey.status !== 'live') {
    throw new AppError('gone', `the survey ${survey.slug} is closed and takes no more responses`);
  }
  const current = rowToStored(row);
  const hidden = { ...current.hidden, ...body.hidden };
  const checked = validateSubmission(
    def,
    { answers: body.answers, hidden },
    { partial: !body.complete },
  );
  throwIssues(prefixed(checked.issues, 'body.'));
  const language =
    body.language === undefined
      ? current.language
      : resolveLanguage(def, body.language, acceptLanguage);
  const next = buildContinuedResponse(
    current,
    def,
    { answers: checked.answers, hidden, language, complete: body.complete },
    nowIso(),
  );
  await ctx.writer.write([next]);
  return {
    id: next.id,
    status: next.status,
    resumeToken: body.complete ? null : token,
    thankYou: thankYouOf(next, def),
  };
}
