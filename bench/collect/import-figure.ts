/**
 * Figure d: responses imported per second from NDJSON through `importResponses` (the path of the
 * import API and CLI), into a fresh survey each run; counts, value sums and rollup counts must
 * equal what the file holds before a time counts.
 */
import type { TImportSource } from '../../packages/server/src/imports/import-source.js';
import { importResponses } from '../../packages/server/src/responses/response-import.js';
import type { TBenchDatabase } from '../databases.js';
import { median, note, timed } from '../report.js';
import { benchAnswers, createBenchSurvey, surveyTotals, type TCollectOrg } from './setup.js';

export interface TResponseImportFigure {
  database: string;
  /** What the database held before: nothing but the organization, or the submission runs' rows. */
  state: string;
  rows: number;
  medianMs: number;
  rowsPerSecond: number;
}

/** The NDJSON file as chunks of about 1 MB, and the NPS sum it holds. */
function ndjsonFile(rows: number): { chunks: string[]; npsSum: number } {
  const chunks: string[] = [];
  let lines: string[] = [];
  let size = 0;
  let npsSum = 0;
  const day = Date.UTC(2026, 0, 1);
  for (let i = 0; i < rows; i++) {
    const answers = benchAnswers(i);
    npsSum += answers.nps;
    const submittedAt = new Date(day + (i % 300) * 86_400_000 + (i % 86_400) * 1000).toISOString();
    const line = JSON.stringify({ answers, submittedAt });
    lines.push(line);
    size += line.length + 1;
    if (size > 1 << 20) {
      chunks.push(`${lines.join('\n')}\n`);
      lines = [];
      size = 0;
    }
  }
  if (lines.length > 0) chunks.push(`${lines.join('\n')}\n`);
  return { chunks, npsSum };
}

/** Imports `rows` responses `runs` times; returns the median. */
export async function measureResponseImport(
  database: TBenchDatabase,
  org: TCollectOrg,
  options: { rows: number; runs: number; state: string },
): Promise<TResponseImportFigure> {
  const file = ndjsonFile(options.rows);
  const times: number[] = [];
  for (let run = 0; run < options.runs; run++) {
    note(`  ${database.name}: NDJSON import of ${options.rows} responses, run ${run + 1}`);
    const survey = await createBenchSurvey(org.ctx, `import ${run + 1}`);
    const source: TImportSource = file.chunks;
    const { result, ms } = await timed(() =>
      importResponses(org.ctx, survey.id, () => ({
        source,
        format: 'ndjson',
        mapping: { columns: {}, field: 'query.mapping' },
      })),
    );
    if (result.failed !== 0) {
      throw new Error(
        `the import rejected ${result.failed} rows: ${JSON.stringify(result.errors[0])}`,
      );
    }
    const totals = await surveyTotals(database.storage, survey.id);
    const expected = { responses: options.rows, npsValues: options.rows, npsSum: file.npsSum };
    if (
      totals.responses !== expected.responses ||
      totals.npsValues !== expected.npsValues ||
      totals.npsSum !== expected.npsSum ||
      totals.rollupCsatN !== options.rows
    ) {
      throw new Error(
        `the import left ${JSON.stringify(totals)}, expected ${JSON.stringify(expected)}`,
      );
    }
    times.push(ms);
  }
  const medianMs = median(times);
  return {
    database: database.name,
    state: options.state,
    rows: options.rows,
    medianMs,
    rowsPerSecond: options.rows / (medianMs / 1000),
  };
}
