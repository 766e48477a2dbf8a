/**
 * Domain events: what a committed write appends to the outbox, and how a write's events are
 * built from what it stored. Pure: the write path appends them inside its transaction.
 */
import { newId, type TEventType } from '@touchstone/core';
import type { TStoredResponse } from '../ingest/stored-response.js';

/** An event as read back from the outbox, in order of commit. */
export interface TDomainEvent {
  /** Position in the order of commit; a subscriber's cursor is the last it handled. */
  seq: number;
  /** Stable across deliveries: delivery is at least once, so subscribers deduplicate on it. */
  id: string;
  organizationId: string;
  type: TEventType;
  subjectId: string;
  payload: Record<string, unknown>;
  /** True on the last event of the transaction that wrote it. */
  txEnd: boolean;
  at: string;
}

/** An event to append, its payload serialised. */
export interface TNewEvent {
  id: string;
  organizationId: string;
  type: TEventType;
  subjectId: string;
  payloadJson: string;
  at: string;
}

/**
 * What a response event carries: the response's identity and dimensions, and for a completed
 * response its numeric answers and the organization's rollup version after the write, from which
 * a subscriber (the in-memory cube) adds the response to its cells without reading it back.
 */
export interface TResponseEventPayload {
  responseId: string;
  surveyId: string;
  surveyVersion: number;
  touchpointId: string | null;
  customerId: string | null;
  channel: string;
  status: 'partial' | 'complete';
  /** True when this write inserted the response. */
  created: boolean;
  day: string;
  segmentKey: string;
  submittedAt: string | null;
  /** Numeric answers as [question key, value], complete responses only. */
  values: [string, number][];
  /** The organization's rollup version this write made (complete responses only). */
  rollupVersion: number | null;
}

/** A batch event of a bulk load: the rows it stored. */
export interface TBatchEventPayload {
  ids: string[];
  /** The organization's rollup version after the batch (responses), else null. */
  rollupVersion: number | null;
}

function responseEventType(response: TStoredResponse): TEventType {
  if (response.status === 'complete') return 'response.completed';
  return response.change === 'created' ? 'response.created' : 'response.updated';
}

/** One event per stored response (`response.completed` once it is complete). */
export function responseEvents(
  written: readonly TStoredResponse[],
  rollupVersions: ReadonlyMap<string, number>,
): TNewEvent[] {
  return written.map((r) => {
    const complete = r.status === 'complete';
    const payload: TResponseEventPayload = {
      responseId: r.id,
      surveyId: r.surveyId,
      surveyVersion: r.surveyVersion,
      touchpointId: r.touchpointId,
      customerId: r.customerId,
      channel: r.channel,
      status: r.status,
      created: r.change === 'created',
      day: r.day,
      segmentKey: r.segmentKey,
      submittedAt: r.submittedAt,
      values: complete ? r.values.map((v) => [v.questionKey, v.value]) : [],
      rollupVersion: complete ? (rollupVersions.get(r.organizationId) ?? null) : null,
    };
    return {
      id: newId(),
      organizationId: r.organizationId,
      type: responseEventType(r),
      subjectId: r.id,
      payloadJson: JSON.stringify(payload),
      at: r.updatedAt,
    };
  });
}

/** The one event of a bulk batch, naming its rows. */
export function batchEvent(
  type: 'responses.imported' | 'interactions.imported',
  organizationId: string,
  ids: readonly string[],
  rollupVersion: number | null,
  at: string,
): TNewEvent {
  const payload: TBatchEventPayload = { ids: [...ids], rollupVersion };
  return {
    id: newId(),
    organizationId,
    type,
    subjectId: ids[0] ?? '',
    payloadJson: JSON.stringify(payload),
    at,
  };
}
