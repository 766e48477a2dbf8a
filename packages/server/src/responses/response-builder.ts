import {
  newId,
  numericValues,
  segmentKey,
  type TAnswers,
  type TAttributes,
  type TResponse,
  type TSurveyDefinition,
} from '@touchstone/core';
import type { TOrgRuntime } from '../surveys/survey-cache.js';
import type { TStoredResponse } from '../ingest/stored-response.js';

/** A customer as a response needs it: the id and the attributes to take the segment from. */
export interface TRespondent {
  id: string;
  attributes: TAttributes;
}

/** Everything a new response is made of, after validation. */
export interface TNewResponse {
  organizationId: string;
  surveyId: string;
  surveyVersion: number;
  definition: TSurveyDefinition;
  org: TOrgRuntime;
  touchpointId: string | null;
  customer: TRespondent | null;
  interactionId: string | null;
  channel: TResponse['channel'];
  language: string;
  complete: boolean;
  /** Normalized answers (from validateSubmission). */
  answers: TAnswers;
  hidden: Record<string, string>;
  idempotencyKey: string | null;
  resumeTokenHash: string | null;
  /** Stored instant; the submission time of a complete response. */
  at: string;
}

/** The segment: the customer's values of the organization's segment keys (present ones only). */
export function segmentOf(customer: TRespondent | null, keys: readonly string[]): TAttributes {
  const segment: TAttributes = {};
  if (customer === null) return segment;
  for (const key of keys) {
    const value = customer.attributes[key];
    if (value !== undefined && value !== null && Object.hasOwn(customer.attributes, key)) {
      segment[key] = value;
    }
  }
  return segment;
}

/** The numeric answers to store, from the survey engine (empty until complete). */
function valuesOf(definition: TSurveyDefinition, answers: TAnswers, complete: boolean) {
  if (!complete) return [];
  return numericValues(definition, answers).map((v) => ({
    questionKey: v.key,
    value: v.value,
    type: v.type,
    dimension: v.dimension,
    reverse: v.reverse,
    scaleMin: v.scaleMin,
    scaleMax: v.scaleMax,
  }));
}

/** A response to insert. */
export function buildNewResponse(input: TNewResponse): TStoredResponse {
  const segment = segmentOf(input.customer, input.org.segmentKeys);
  return {
    id: newId(),
    organizationId: input.organizationId,
    surveyId: input.surveyId,
    surveyVersion: input.surveyVersion,
    touchpointId: input.touchpointId,
    customerId: input.customer?.id ?? null,
    interactionId: input.interactionId,
    channel: input.channel,
    language: input.language,
    status: input.complete ? 'complete' : 'partial',
    answers: input.answers,
    hidden: input.hidden,
    segment,
    // Without a customer the segment is empty, and so is its key.
    segmentKey: input.customer === null ? '' : segmentKey(segment, input.org.segmentKeys),
    idempotencyKey: input.idempotencyKey,
    resumeTokenHash: input.resumeTokenHash,
    startedAt: input.at,
    submittedAt: input.complete ? input.at : null,
    day: input.at.slice(0, 10),
    updatedAt: input.at,
    values: valuesOf(input.definition, input.answers, input.complete),
    change: 'created',
  };
}

/** The next state of a partial response: new answers, and complete when asked. */
export function buildContinuedResponse(
  current: TStoredResponse,
  definition: TSurveyDefinition,
  next: { answers: TAnswers; hidden: Record<string, string>; language: string; complete: boolean },
  at: string,
): TStoredResponse {
  return {
    ...current,
    language: next.language,
    status: next.complete ? 'complete' : 'partial',
    answers: next.answers,
    hidden: next.hidden,
    submittedAt: next.complete ? at : null,
    day: (next.complete ? at : current.startedAt).slice(0, 10),
    updatedAt: at,
    values: valuesOf(definition, next.answers, next.complete),
    change: 'updated',
  };
}
