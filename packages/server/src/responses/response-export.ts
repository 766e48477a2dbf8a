import { Readable } from 'node:stream';
import type { TAnswers, TAttributes, TSurveyDefinition } from '@touchstone/core';
import type { TServiceContext } from '../auth/actor.js';
import { notFound } from '@touchstone/core';
import { parseJsonColumn } from '../storage/rows.js';
import { findSurveyRow, listSurveyVersionRows } from '../surveys/surveys.repository.js';
import { answerCell, answerColumns, type TAnswerColumn } from './answer-columns.js';
import { csvLine } from './csv-cells.js';
import { toResponse } from '../ingest/response-rows.js';
import { exportPage, type TExportRow } from './responses.repository.js';

export type TExportFormat = 'csv' | 'ndjson';

/** Rows per query: memory stays at one page whatever the survey's size. */
const PAGE_SIZE = 1_000;

/** The metadata columns of a CSV export, before hidden fields, segment and answers. */
const META_COLUMNS: readonly [string, (row: TExportRow) => string][] = [
  ['id', (r) => r.id],
  ['surveyVersion', (r) => String(r.survey_version)],
  ['status', (r) => r.status],
  ['channel', (r) => r.channel],
  ['language', (r) => r.language],
  ['startedAt', (r) => r.started_at],
  ['submittedAt', (r) => r.submitted_at ?? ''],
  ['touchpointKey', (r) => r.touchpoint_key ?? ''],
  ['customerExternalId', (r) => r.customer_external_id ?? ''],
  ['interactionId', (r) => r.interaction_id ?? ''],
];

/**
 * Export metadata columns an import of the same file may carry and ignores (`id` it keeps: see
 * IMPORT_FIELDS).
 */
export const EXPORT_ONLY_COLUMNS: ReadonlySet<string> = new Set([
  'surveyVersion',
  'status',
  'channel',
  'startedAt',
  'interactionId',
]);

/**
 * Keys of an NDJSON export line that an import of the same file may carry and ignores: the export
 * metadata above, and the source database's ids and the customer's segment (an import names the
 * touchpoint and customer by `touchpointKey` and `customerExternalId`, which the line also has).
 */
export const NDJSON_EXPORT_ONLY_KEYS: ReadonlySet<string> = new Set([
  ...EXPORT_ONLY_COLUMNS,
  'surveyId',
  'touchpointId',
  'customerId',
  'segment',
]);

interface TCsvPlan {
  hiddenKeys: string[];
  segmentKeys: readonly string[];
  answers: TAnswerColumn[];
}

function header(plan: TCsvPlan): string {
  return csvLine([
    ...META_COLUMNS.map(([name]) => name),
    ...plan.hiddenKeys.map((k) => `hidden.${k}`),
    ...plan.segmentKeys.map((k) => `segment.${k}`),
    ...plan.answers.map((c) => c.header),
  ]);
}

function csvRecord(plan: TCsvPlan, row: TExportRow): string {
  const answers = parseJsonColumn<TAnswers>(row.answers_json);
  const hidden = parseJsonColumn<Record<string, string>>(row.hidden_json);
  const segment = parseJsonColumn<TAttributes>(row.segment_json);
  return csvLine([
    ...META_COLUMNS.map(([, read]) => read(row)),
    ...plan.hiddenKeys.map((k) => (Object.hasOwn(hidden, k) ? (hidden[k] ?? '') : '')),
    ...plan.segmentKeys.map((k) => {
      const value = Object.hasOwn(segment, k) ? segment[k] : undefined;
      return value === undefined || value === null ? '' : String(value);
    }),
    ...plan.answers.map((c) => answerCell(c, answers)),
  ]);
}

function ndjsonRecord(row: TExportRow): string {
  const record = {
    ...toResponse(row),
    touchpointKey: row.touchpoint_key,
    customerExternalId: row.customer_external_id,
  };
  return `${JSON.stringify(record)}\n`;
}

/**
 * A survey's responses as CSV (a column per question, matrix item and "other" text, with
 * metadata, hidden fields and segment) or NDJSON, streamed page by page with keyset pagination.
 */
export async function exportResponses(
  ctx: TServiceContext,
  surveyId: string,
  format: TExportFormat,
): Promise<{ stream: Readable; filename: string; contentType: string }> {
  const orgId = ctx.actor.organizationId;
  const db = ctx.storage.db;
  const survey = await findSurveyRow(db, orgId, surveyId);
  if (!survey) throw notFound('survey', surveyId);
  const versions = await listSurveyVersionRows(db, orgId, surveyId);
  const definitions = versions
    .map((v) => parseJsonColumn<TSurveyDefinition>(v.definition_json))
    .reverse();
  const org = await ctx.services.surveys.org(orgId);
  const plan: TCsvPlan = {
    hiddenKeys: [...new Set(definitions.flatMap((d) => d.hiddenFields.map((f) => f.key)))],
    segmentKeys: org.segmentKeys,
    answers: answerColumns(definitions),
  };

  async function* records(): AsyncGenerator<string> {
    if (format === 'csv') yield header(plan);
    let after: { version: number; id: string } | null = null;
    for (;;) {
      const rows = await exportPage(db, orgId, surveyId, after, PAGE_SIZE);
      if (rows.length === 0) return;
      yield rows.map((r) => (format === 'csv' ? csvRecord(plan, r) : ndjsonRecord(r))).join('');
      const last = rows[rows.length - 1];
      if (last === undefined || rows.length < PAGE_SIZE) return;
      after = { version: last.survey_version, id: last.id };
    }
  }

  return {
    stream: Readable.from(records()),
    filename: `${survey.slug}-responses.${format}`,
    contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
  };
}
