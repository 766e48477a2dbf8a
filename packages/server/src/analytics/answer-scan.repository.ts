/**
 * The SQL path for filters the rollups cannot answer (response channel and language): the
 * database scans the answers through their index and sums them into the same sufficient
 * statistics as a rollup cell, grouped by the cell's dimensions plus the channel. Only those sums
 * reach JavaScript, never the answers.
 */
import { sql } from 'kysely';
import type { TDb } from '../storage/database.js';
import { HISTOGRAM_BINS, RESPONSE_COUNT_KEY } from './rollup-deltas.js';

/** What the scan keeps. */
export interface TAnswerScanFilter {
  from: string | null;
  to: string | null;
  surveyIds: readonly string[] | null;
  touchpointIds: readonly string[] | null;
  channels: readonly string[];
  languages: readonly string[];
}

/** One summed cell of the scan. */
export interface TScannedCell {
  survey_id: string;
  touchpoint_id: string;
  day: string;
  segment_key: string;
  channel: string;
  n: number | string;
  sum: number | string | null;
  sum_sq: number | string | null;
  hist: (number | string)[];
}

type TRow = Omit<TScannedCell, 'hist'> & Record<`h${number}`, number | string>;

const BINS = Array.from({ length: HISTOGRAM_BINS }, (_, i) => i);

/** Sums the answers of one key (or counts complete responses for the count key) per cell and channel. */
export async function scanAnswerCells(
  db: TDb,
  orgId: string,
  questionKey: string,
  filter: TAnswerScanFilter,
): Promise<TScannedCell[]> {
  if (filter.surveyIds?.length === 0 || filter.touchpointIds?.length === 0) return [];
  let rows: TRow[];
  if (questionKey === RESPONSE_COUNT_KEY) {
    let q = db
      .selectFrom('responses')
      .select([
        'responses.survey_id',
        sql<string>`COALESCE(responses.touchpoint_id, '')`.as('touchpoint_id'),
        'responses.day',
        'responses.segment_key',
        'responses.channel',
        sql<number>`COUNT(*)`.as('n'),
        sql<number>`0`.as('sum'),
        sql<number>`0`.as('sum_sq'),
        ...BINS.map((b) => sql<number>`0`.as(`h${b}`)),
      ])
      .where('responses.organization_id', '=', orgId)
      .where('responses.status', '=', 'complete');
    if (filter.from !== null) q = q.where('responses.day', '>=', filter.from);
    if (filter.to !== null) q = q.where('responses.day', '<=', filter.to);
    if (filter.surveyIds) q = q.where('responses.survey_id', 'in', [...filter.surveyIds]);
    if (filter.touchpointIds)
      q = q.where('responses.touchpoint_id', 'in', [...filter.touchpointIds]);
    if (filter.channels.length > 0) q = q.where('responses.channel', 'in', [...filter.channels]);
    if (filter.languages.length > 0) q = q.where('responses.language', 'in', [...filter.languages]);
    rows = await q
      .groupBy([
        'responses.survey_id',
        sql`COALESCE(responses.touchpoint_id, '')`,
        'responses.day',
        'responses.segment_key',
        'responses.channel',
      ])
      .execute();
  } else {
    let q = db
      .selectFrom('response_values')
      .innerJoin('responses', 'responses.id', 'response_values.response_id')
      .select([
        'response_values.survey_id',
        sql<string>`COALESCE(response_values.touchpoint_id, '')`.as('touchpoint_id'),
        'response_values.day',
        'response_values.segment_key',
        'responses.channel',
        sql<number>`COUNT(*)`.as('n'),
        sql<number>`SUM(response_values.value)`.as('sum'),
        sql<number>`SUM(response_values.value * response_values.value)`.as('sum_sq'),
        ...BINS.map((b) =>
          sql<number>`SUM(CASE WHEN response_values.value = ${sql.lit(b)} THEN 1 ELSE 0 END)`.as(
            `h${b}`,
          ),
        ),
      ])
      .where('response_values.organization_id', '=', orgId)
      .where('responses.organization_id', '=', orgId)
      .where('response_values.question_key', '=', questionKey);
    if (filter.from !== null) q = q.where('response_values.day', '>=', filter.from);
    if (filter.to !== null) q = q.where('response_values.day', '<=', filter.to);
    if (filter.surveyIds) q = q.where('response_values.survey_id', 'in', [...filter.surveyIds]);
    if (filter.touchpointIds) {
      q = q.where('response_values.touchpoint_id', 'in', [...filter.touchpointIds]);
    }
    if (filter.channels.length > 0) q = q.where('responses.channel', 'in', [...filter.channels]);
    if (filter.languages.length > 0) q = q.where('responses.language', 'in', [...filter.languages]);
    rows = await q
      .groupBy([
        'response_values.survey_id',
        sql`COALESCE(response_values.touchpoint_id, '')`,
        'response_values.day',
        'response_values.segment_key',
        'responses.channel',
      ])
      .execute();
  }
  return rows.map((r) => ({ ...r, hist: BINS.map((b) => r[`h${b}`] ?? 0) }));
}
