/**
 * The SQL path for filters the rollups cannot answer (response channel and language): the
 * database scans the organization's complete responses in the period, reads the key's number out
 * of `values_json`, and sums it into the same sufficient
 * statistics as a rollup cell, grouped by the cell's dimensions plus the channel. Only those sums
 * reach JavaScript, never the answers.
 */
import { sql, type SqlBool } from 'kysely';
import { organizationSeq } from '../organizations/organizations.repository.js';
import type { TDb } from '../storage/database.js';
import { jsonNumber } from '../storage/json-path.js';
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
  // The count key counts complete responses (no sums); any other key sums its number where
  // the response has one.
  const value =
    questionKey === RESPONSE_COUNT_KEY
      ? null
      : jsonNumber(db, 'responses.values_json', questionKey);
  let q = db
    .selectFrom('responses')
    .where('responses.organization_seq', '=', organizationSeq(orgId))
    .where('responses.organization_id', '=', orgId)
    .where('responses.status', '=', 'complete');
  if (value !== null) q = q.where(sql<SqlBool>`${value} IS NOT NULL`);
  // A complete response's day is its submission's: the submitted_at bounds say the same and
  // let the (organization_seq, submitted_at) index serve the range.
  if (filter.from !== null) {
    q = q.where('responses.day', '>=', filter.from).where('submitted_at', '>=', filter.from);
  }
  if (filter.to !== null) {
    q = q.where('responses.day', '<=', filter.to).where('submitted_at', '<', `${filter.to}T99`);
  }
  if (filter.surveyIds) q = q.where('responses.survey_id', 'in', [...filter.surveyIds]);
  if (filter.touchpointIds) {
    q = q.where('responses.touchpoint_id', 'in', [...filter.touchpointIds]);
  }
  if (filter.channels.length > 0) q = q.where('responses.channel', 'in', [...filter.channels]);
  if (filter.languages.length > 0) q = q.where('responses.language', 'in', [...filter.languages]);
  const zero = sql<number>`0`;
  const rows: TRow[] = await q
    .select([
      'responses.survey_id',
      sql<string>`COALESCE(responses.touchpoint_id, '')`.as('touchpoint_id'),
      'responses.day',
      'responses.segment_key',
      'responses.channel',
      sql<number>`COUNT(*)`.as('n'),
      (value === null ? zero : sql<number>`SUM(${value})`).as('sum'),
      (value === null ? zero : sql<number>`SUM(${value} * ${value})`).as('sum_sq'),
      ...BINS.map((b) =>
        (value === null
          ? zero
          : sql<number>`SUM(CASE WHEN ${value} = ${sql.lit(b)} THEN 1 ELSE 0 END)`
        ).as(`h${b}`),
      ),
    ])
    .groupBy([
      'responses.survey_id',
      sql`COALESCE(responses.touchpoint_id, '')`,
      'responses.day',
      'responses.segment_key',
      'responses.channel',
    ])
    .execute();
  return rows.map((r) => ({ ...r, hist: BINS.map((b) => r[`h${b}`] ?? 0) }));
}
