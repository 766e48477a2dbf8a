import type { TResponse } from '@touchstone/core';
import { parseJsonColumn } from '../storage/rows.js';
import type { TResponsesTable } from '../storage/schema.js';
import type { TStoredResponse } from './stored-response.js';
import { sqlLiteral, type TPackedResponseRows } from './response-bulk-batch.js';

/**
 * The `responses` columns in the order the writer binds them: all but `organization_seq`, which
 * the database looks up from the organization (each writer adds it, see {@link INSERT_RESPONSE}).
 */
export const RESPONSE_COLUMNS = [
  'id',
  'organization_id',
  'survey_id',
  'survey_version',
  'touchpoint_id',
  'customer_id',
  'interaction_id',
  'channel',
  'language',
  'status',
  'answers_json',
  'hidden_json',
  'segment_json',
  'segment_key',
  'values_json',
  'resume_token_hash',
  'idempotency_key',
  'started_at',
  'submitted_at',
  'day',
  'updated_at',
] as const satisfies readonly (keyof TResponseRow)[];

/** A `responses` row as the writers build it: the organization's number is the database's. */
export type TResponseRow = Omit<TResponsesTable, 'organization_seq'>;

/** The organization's number for a row whose organization is `organizationId` (SQL text). */
export function organizationSeqSql(organizationId: string): string {
  return `(SELECT seq FROM organizations WHERE id = ${organizationId})`;
}

/**
 * Inserts one `responses` row: its values in `RESPONSE_COLUMNS` order, then the organization's
 * id once more, for its number.
 */
export const INSERT_RESPONSE = `INSERT INTO responses (${RESPONSE_COLUMNS.join(', ')}, organization_seq) VALUES (${RESPONSE_COLUMNS.map(() => '?').join(', ')}, ${organizationSeqSql('?')})`;

/** Values of the given columns, in their order, each typed as its column. */
type TRowValues<C extends readonly (keyof TResponseRow)[]> = {
  -readonly [K in keyof C]: TResponseRow[C[K]];
};
type TResponseRowValues = TRowValues<typeof RESPONSE_COLUMNS>;

/** An object as JSON text; `{}` without a call to JSON.stringify when it has no keys (most). */
function objectJson(value: object): string {
  for (const key in value) if (Object.hasOwn(value, key)) return JSON.stringify(value);
  return '{}';
}

/** The row of a response, as values in `RESPONSE_COLUMNS` order. */
export function responseRowValues(r: TStoredResponse): TResponseRowValues {
  return [
    r.id,
    r.organizationId,
    r.surveyId,
    r.surveyVersion,
    r.touchpointId,
    r.customerId,
    r.interactionId,
    r.channel,
    r.language,
    r.status,
    JSON.stringify(r.answers),
    objectJson(r.hidden),
    objectJson(r.segment),
    r.segmentKey,
    packValues(r),
    r.resumeTokenHash,
    r.idempotencyKey,
    r.startedAt,
    r.submittedAt,
    r.day,
    r.updatedAt,
  ];
}

/** The row of a response, by column. */
export function toResponseRow(r: TStoredResponse): TResponseRow {
  const values = responseRowValues(r);
  const row: Partial<Record<keyof TResponseRow, unknown>> = {};
  RESPONSE_COLUMNS.forEach((column, c) => {
    row[column] = values[c];
  });
  return row as TResponseRow;
}

/**
 * Responses packed by column in `RESPONSE_COLUMNS` order for the bulk writer: a column whose
 * value is the same in every row (the organization, the survey, the channel, often the
 * language and the empty hidden fields) goes once, as a SQL literal, and is not bound per row.
 */
export function packResponseRows(responses: readonly TStoredResponse[]): TPackedResponseRows {
  const count = responses.length;
  const columns = RESPONSE_COLUMNS.map(() => new Array<string | number | null>(count));
  for (let i = 0; i < count; i++) {
    const values: readonly unknown[] = responseRowValues(responses[i] as TStoredResponse);
    for (let c = 0; c < values.length; c++) (columns[c] as unknown[])[i] = values[c];
  }
  return {
    count,
    columns: columns.map((values) => {
      // One row's values are simply bound: a statement of literals would be prepared for it.
      if (count < 2) return values;
      const first = values[0] ?? null;
      for (let i = 1; i < count; i++) if (values[i] !== first) return values;
      const literal = sqlLiteral(first);
      return literal === null ? values : { sql: literal };
    }),
  };
}

/**
 * The numeric answers of a response as stored in `values_json`: a JSON object by question key,
 * `{}` until the response is complete, so that analyses see complete responses only. A key
 * answered twice keeps its last value.
 */
export function packValues(r: TStoredResponse): string {
  if (r.status !== 'complete' || r.values.length === 0) return '{}';
  const values: Record<string, number> = {};
  for (const v of r.values) values[v.questionKey] = v.value;
  return JSON.stringify(values);
}

/** A stored row as the API shows it. */
export function toResponse(row: TResponseRow): TResponse {
  // Enum columns are written only from validated input.
  return {
    id: row.id,
    surveyId: row.survey_id,
    surveyVersion: row.survey_version,
    touchpointId: row.touchpoint_id,
    customerId: row.customer_id,
    interactionId: row.interaction_id,
    channel: row.channel as TResponse['channel'],
    language: row.language,
    status: row.status as TResponse['status'],
    answers: parseJsonColumn<TResponse['answers']>(row.answers_json),
    hidden: parseJsonColumn<TResponse['hidden']>(row.hidden_json),
    segment: parseJsonColumn<TResponse['segment']>(row.segment_json),
    startedAt: row.started_at,
    submittedAt: row.submitted_at,
  };
}

/** A stored row as the writer's input, to continue a partial response (no values yet). */
export function rowToStored(row: TResponseRow): TStoredResponse {
  const response = toResponse(row);
  return {
    ...response,
    organizationId: row.organization_id,
    segmentKey: row.segment_key,
    idempotencyKey: row.idempotency_key,
    resumeTokenHash: row.resume_token_hash,
    day: row.day,
    updatedAt: row.updated_at,
    values: [],
    change: 'updated',
  };
}

/** The API view of a response the writer just stored (no round trip to the database). */
export function storedToResponse(r: TStoredResponse): TResponse {
  return {
    id: r.id,
    surveyId: r.surveyId,
    surveyVersion: r.surveyVersion,
    touchpointId: r.touchpointId,
    customerId: r.customerId,
    interactionId: r.interactionId,
    channel: r.channel,
    language: r.language,
    status: r.status,
    answers: r.answers,
    hidden: r.hidden,
    segment: r.segment,
    startedAt: r.startedAt,
    submittedAt: r.submittedAt,
  };
}
