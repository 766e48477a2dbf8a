/**
 * Figure e: the PostgreSQL bulk response writer with COPY against the INSERT writer it replaced
 * (`insert-bulk-writer.ts`), on the same responses built beforehand (not timed), alternating
 * run by run, each run into a fresh survey. Before a time counts, the two surveys of a run must
 * hold equal rows (answers, values, days, times) and equal rollup cells.
 */
import { sql } from 'kysely';
import { newId, validateSubmission } from '@touchstone/core';
import type { TBulkResponseWriter } from '../../packages/server/src/ingest/bulk-response-writer.js';
import { ingestEngine } from '../../packages/server/src/ingest/engine.js';
import type { TStoredResponse } from '../../packages/server/src/ingest/stored-response.js';
import { buildNewResponse } from '../../packages/server/src/responses/response-builder.js';
import type { TStorage } from '../../packages/server/src/storage/database.js';
import type { TBenchDatabase } from '../databases.js';
import { median, note, timed } from '../report.js';
import { insertBulkResponses } from './insert-bulk-writer.js';
import { benchAnswers, createBenchSurvey, surveyTotals, type TCollectOrg } from './setup.js';

export interface TCopyFigure {
  writer: 'COPY' | 'INSERT (before)';
  rows: number;
  medianMs: number;
  rowsPerSecond: number;
}

const BATCH = 10_000;

/** `rows` responses of the bench survey, built as the import builds them, for `surveyId`. */
async function buildResponses(org: TCollectOrg, surveyId: string, rows: number) {
  const orgId = org.ctx.actor.organizationId;
  const survey = await org.ctx.services.surveys.surveyById(orgId, surveyId);
  if (!survey) throw new Error('the bench survey is missing');
  const orgRuntime = await org.ctx.services.surveys.org(orgId);
  const day = Date.UTC(2026, 0, 1);
  return Array.from({ length: rows }, (_, i) => {
    const checked = validateSubmission(
      survey.definition,
      { answers: benchAnswers(i), hidden: {} },
      { partial: false },
    );
    return buildNewResponse({
      organizationId: orgId,
      surveyId,
      surveyVersion: survey.version,
      definition: survey.definition,
      org: orgRuntime,
      touchpointId: null,
      customer: null,
      interactionId: null,
      channel: 'import',
      language: 'en',
      complete: true,
      answers: checked.answers,
      hidden: {},
      idempotencyKey: null,
      resumeTokenHash: null,
      at: new Date(day + (i % 300) * 86_400_000 + (i % 86_400) * 1000).toISOString(),
    });
  });
}

/** Hands the batches over as an import does: at most `writer.inFlight` not yet stored. */
async function writeAll(writer: TBulkResponseWriter, responses: readonly TStoredResponse[]) {
  const pending: Promise<unknown>[] = [];
  try {
    for (let i = 0; i < responses.length; i += BATCH) {
      while (pending.length >= writer.inFlight) await pending.shift();
      pending.push(
        writer.write(responses.slice(i, i + BATCH)).then((failures) => {
          const failure = failures[0];
          if (failure !== undefined) throw failure.error;
        }),
      );
    }
    await Promise.all(pending);
  } finally {
    await writer.close();
  }
}

/** What a survey holds, without its ids: rows and rollup cells as two digests. */
async function surveyDigest(storage: TStorage, surveyId: string) {
  const responses = await sql<{ n: string; digest: string }>`
    SELECT count(*)::text AS n, md5(string_agg(concat_ws('|', answers_json, values_json,
      hidden_json, segment_key, day, started_at, submitted_at, status, channel, language),
      ',' ORDER BY submitted_at, answers_json)) AS digest
    FROM responses WHERE survey_id = ${surveyId}`.execute(storage.db);
  // A cell may be stored in several writer slots: summed, as reads see it.
  const rollups = await sql<{ digest: string }>`
    SELECT md5(string_agg(to_jsonb(r)::text, ',' ORDER BY to_jsonb(r)::text)) AS digest
    FROM (
      SELECT question_key, touchpoint_id, day, segment_key, sum(n) AS n, sum(sum) AS sum,
        sum(sum_sq) AS sum_sq, array[${sql.join(
          Array.from({ length: 11 }, (_, i) => sql`sum(${sql.ref(`h${i}`)})`),
        )}] AS histogram
      FROM rollup_values WHERE survey_id = ${surveyId}
      GROUP BY question_key, touchpoint_id, day, segment_key
    ) r`.execute(storage.db);
  return { responses: responses.rows[0], rollups: rollups.rows[0]?.digest };
}

/** Runs both writers `runs` times each, alternating; returns their medians. */
export async function measureCopyAgainstInsert(
  database: TBenchDatabase,
  org: TCollectOrg,
  options: { rows: number; runs: number },
): Promise<TCopyFigure[]> {
  const storage = database.storage;
  const template = await createBenchSurvey(org.ctx, 'copy template');
  note(`  ${database.name}: building ${options.rows} responses for COPY against INSERT`);
  const built = await buildResponses(org, template.id, options.rows);
  const npsSum = built.reduce((a, r) => a + Number(r.answers['nps']), 0);
  const writers = {
    'INSERT (before)': () => insertBulkResponses(storage),
    COPY: () => ingestEngine(storage).bulkResponses(),
  } as const;
  const times: Record<keyof typeof writers, number[]> = { 'INSERT (before)': [], COPY: [] };
  for (let run = 0; run < options.runs; run++) {
    const digests: unknown[] = [];
    const order =
      run % 2 === 0
        ? (['INSERT (before)', 'COPY'] as const)
        : (['COPY', 'INSERT (before)'] as const);
    for (const name of order) {
      note(`  ${database.name}: bulk writer ${name}, ${options.rows} responses, run ${run + 1}`);
      const survey = await createBenchSurvey(org.ctx, `${name} ${run + 1}`);
      const responses = built.map((r) => ({ ...r, id: newId(), surveyId: survey.id }));
      const { ms } = await timed(() => writeAll(writers[name](), responses));
      const totals = await surveyTotals(storage, survey.id);
      const expected = {
        responses: options.rows,
        npsValues: options.rows,
        npsSum,
        rollupCsatN: options.rows,
      };
      if (JSON.stringify(totals) !== JSON.stringify(expected)) {
        throw new Error(
          `${name} left ${JSON.stringify(totals)}, expected ${JSON.stringify(expected)}`,
        );
      }
      digests.push(await surveyDigest(storage, survey.id));
      times[name].push(ms);
    }
    if (JSON.stringify(digests[0]) !== JSON.stringify(digests[1])) {
      throw new Error(`COPY and INSERT stored different data: ${JSON.stringify(digests)}`);
    }
  }
  return (Object.keys(writers) as (keyof typeof writers)[]).map((writer) => {
    const medianMs = median(times[writer]);
    return {
      writer,
      rows: options.rows,
      medianMs,
      rowsPerSecond: options.rows / (medianMs / 1000),
    };
  });
}
