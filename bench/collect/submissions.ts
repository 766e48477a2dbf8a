/**
 * Figure c: single-response submissions per second over HTTP (autocannon against the real server
 * in its own process) through the public respondent endpoint and the API-key endpoint, against a
 * naive writer that commits each response in its own transaction. Before a figure counts, the
 * survey must hold exactly as many responses as the load got 2xx answers.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { validateSubmission, type TSurveyDefinition } from '@touchstone/core';
import { createResponseWriter } from '../../packages/server/src/ingest/create-response-writer.js';
import { buildNewResponse } from '../../packages/server/src/responses/response-builder.js';
import type { TBenchDatabase } from '../databases.js';
import { median, note } from '../report.js';
import { serverSettled } from '../server-process.js';
import { benchAnswers, createBenchSurvey, surveyTotals, type TCollectOrg } from './setup.js';

export interface TSubmissionRow {
  database: string;
  path: string;
  perSecond: number;
  p99Ms: number | null;
  requests: number;
  non2xx: number;
  stored: number;
}

export interface TSubmissionOptions {
  runs: number;
  seconds: number;
  connections: number;
  naiveCount: number;
}

async function startServer(database: TBenchDatabase) {
  const child = fork(new URL('./collect-server.ts', import.meta.url), [
    database.url,
    database.pgSchema ?? '-',
  ]);
  const [message] = (await once(child, 'message')) as [{ address: string }];
  return {
    url: message.address,
    stop: async () => {
      const exited = once(child, 'exit');
      child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Distinct bodies, cycled through by the load generator. */
function bodies(count: number, extra: Record<string, unknown>) {
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({ answers: benchAnswers(i), ...extra }),
  );
}

async function load(
  url: string,
  path: string,
  headers: Record<string, string>,
  payloads: string[],
  options: TSubmissionOptions,
) {
  let next = 0;
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    requests: [
      {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', ...headers },
        setupRequest: (request) => {
          // autocannon sends `body` when a request has one; the shipped types leave it out.
          (request as { body?: string }).body = payloads[next++ % payloads.length];
          return request;
        },
      },
    ],
  });
  const ok = result['2xx'];
  const failures = result.non2xx + result.errors + result.timeouts;
  return { perSecond: ok / options.seconds, p99Ms: result.latency.p99, ok, failures };
}

/** Runs one endpoint `runs` times against a fresh survey; checks stored == acknowledged. */
async function measurePath(
  database: TBenchDatabase,
  org: TCollectOrg,
  server: { url: string },
  name: string,
  options: TSubmissionOptions,
): Promise<TSubmissionRow> {
  await serverSettled(server.url);
  const survey = await createBenchSurvey(org.ctx, `HTTP ${name}`);
  const publicPath = name === 'public';
  const path = publicPath
    ? `/api/public/surveys/${survey.slug}/responses`
    : `/api/surveys/${survey.id}/responses`;
  const headers: Record<string, string> = publicPath
    ? {}
    : { authorization: `Bearer ${org.apiKey}` };
  const payloads = bodies(997, publicPath ? { channel: 'link' } : {});
  const rates: number[] = [];
  const p99s: number[] = [];
  let ok = 0;
  let failures = 0;
  let requests = 0;
  for (let run = 0; run < options.runs; run++) {
    note(`  ${database.name}: ${name} submissions, run ${run + 1} of ${options.runs}`);
    const r = await load(server.url, path, headers, payloads, options);
    rates.push(r.perSecond);
    p99s.push(r.p99Ms);
    ok += r.ok;
    failures += r.failures;
    requests += r.ok + r.failures;
  }
  // Requests in flight when a run stops are stored but not counted by autocannon: let them
  // finish, then allow at most one per connection and run beyond the acknowledged ones.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const totals = await surveyTotals(database.storage, survey.id);
  const inFlight = options.connections * options.runs;
  if (
    totals.responses < ok ||
    totals.responses > ok + inFlight ||
    totals.rollupCsatN !== totals.responses
  ) {
    throw new Error(
      `${name}: ${ok} acknowledged but ${totals.responses} stored, ${totals.rollupCsatN} in rollups`,
    );
  }
  return {
    database: database.name,
    path: publicPath
      ? 'POST /api/public/surveys/:slug/responses'
      : 'POST /api/surveys/:id/responses (API key)',
    perSecond: median(rates),
    p99Ms: median(p99s),
    requests,
    non2xx: failures,
    stored: totals.responses,
  };
}

/** The same submissions in process, each committed in its own transaction (50 callers). */
async function measureNaive(
  database: TBenchDatabase,
  org: TCollectOrg,
  options: TSubmissionOptions,
): Promise<TSubmissionRow> {
  const storage = database.storage;
  const survey = await createBenchSurvey(org.ctx, 'naive');
  const orgId = org.ctx.actor.organizationId;
  const cache = org.ctx.services.surveys;
  const runtime = await cache.surveyById(orgId, survey.id);
  if (!runtime) throw new Error('the bench survey is missing');
  const orgRuntime = await cache.org(orgId);
  const def: TSurveyDefinition = runtime.definition;
  // maxBatch 1: every response is its own transaction and its own sync to disk.
  const writer = createResponseWriter(storage, { maxBatch: 1 });
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < options.naiveCount) {
      const i = next++;
      const checked = validateSubmission(
        def,
        { answers: benchAnswers(i), hidden: {} },
        { partial: false },
      );
      const response = buildNewResponse({
        organizationId: orgId,
        surveyId: survey.id,
        surveyVersion: runtime.version,
        definition: def,
        org: orgRuntime,
        touchpointId: null,
        customer: null,
        interactionId: null,
        channel: 'link',
        language: 'en',
        complete: true,
        answers: checked.answers,
        hidden: {},
        idempotencyKey: null,
        resumeTokenHash: null,
        at: new Date().toISOString(),
      });
      await writer.write([response]);
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  await writer.close();
  const totals = await surveyTotals(storage, survey.id);
  if (totals.responses !== options.naiveCount) {
    throw new Error(`naive: ${totals.responses} stored, expected ${options.naiveCount}`);
  }
  return {
    database: database.name,
    path: 'naive: one transaction per response (in process)',
    perSecond: options.naiveCount / seconds,
    p99Ms: null,
    requests: options.naiveCount,
    non2xx: 0,
    stored: totals.responses,
  };
}

/**
 * The API-key path with two server processes on the same PostgreSQL database, the connections
 * split between them (the same total as one process gets); each run's rate is both servers' 2xx
 * answers over its length. Checked as `measurePath` checks one process.
 */
async function measureTwoProcesses(
  database: TBenchDatabase,
  org: TCollectOrg,
  options: TSubmissionOptions,
): Promise<TSubmissionRow> {
  const servers = await Promise.all([startServer(database), startServer(database)]);
  try {
    const survey = await createBenchSurvey(org.ctx, 'HTTP api, two processes');
    const path = `/api/surveys/${survey.id}/responses`;
    const headers = { authorization: `Bearer ${org.apiKey}` };
    const payloads = bodies(997, {});
    const half = { ...options, connections: Math.ceil(options.connections / 2) };
    const rates: number[] = [];
    const p99s: number[] = [];
    let ok = 0;
    let failures = 0;
    for (let run = 0; run < options.runs; run++) {
      note(
        `  ${database.name}: api submissions to two processes, run ${run + 1} of ${options.runs}`,
      );
      const results = await Promise.all(
        servers.map((server) => load(server.url, path, headers, payloads, half)),
      );
      rates.push(results.reduce((a, r) => a + r.perSecond, 0));
      p99s.push(Math.max(...results.map((r) => r.p99Ms)));
      for (const r of results) {
        ok += r.ok;
        failures += r.failures;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const totals = await surveyTotals(database.storage, survey.id);
    const inFlight = 2 * half.connections * options.runs;
    if (
      totals.responses < ok ||
      totals.responses > ok + inFlight ||
      totals.rollupCsatN !== totals.responses
    ) {
      throw new Error(
        `two processes: ${ok} acknowledged but ${totals.responses} stored, ${totals.rollupCsatN} in rollups`,
      );
    }
    return {
      database: database.name,
      path: 'POST /api/surveys/:id/responses (API key), two processes',
      perSecond: median(rates),
      p99Ms: median(p99s),
      requests: ok + failures,
      non2xx: failures,
      stored: totals.responses,
    };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

/** The submission rows of one database. */
export async function measureSubmissions(
  database: TBenchDatabase,
  org: TCollectOrg,
  options: TSubmissionOptions,
): Promise<TSubmissionRow[]> {
  const server = await startServer(database);
  const rows: TSubmissionRow[] = [];
  try {
    rows.push(await measurePath(database, org, server, 'public', options));
    rows.push(await measurePath(database, org, server, 'api', options));
  } finally {
    await server.stop();
  }
  // Several processes share one database on PostgreSQL only (a SQLite file has one writer).
  if (database.name === 'PostgreSQL') rows.push(await measureTwoProcesses(database, org, options));
  note(`  ${database.name}: naive writer, ${options.naiveCount} responses`);
  rows.push(await measureNaive(database, org, options));
  return rows;
}
