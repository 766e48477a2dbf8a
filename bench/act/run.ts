/**
 * The act figures of `npm run bench`: how soon a detractor's response becomes a case while
 * submissions arrive at a steady 1,000 a second, and how many webhook deliveries a second reach
 * a receiver on loopback. The server runs in its own process with its job worker; a rule opens
 * a case for every detractor, and a webhook subscription sends every completed response.
 * Before a figure counts, every detractor must have exactly one case and every response exactly
 * one delivery.
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { benchDatabases, type TBenchDatabase } from '../databases.js';
import { benchPgUrl } from '../options.js';
import { prepareActOrg, startActServer, startReceiver } from './act-world.js';
import { formatNumber, note, printTable } from '../report.js';

const RATE = 1_000;
/** One submission in five is a detractor (NPS 3); the others are promoters. */
const DETRACTOR_EVERY = 5;
const TARGET_CASE_P99_MS = 2_000;

interface TActRow {
  database: string;
  submitted: number;
  perSecond: number;
  cases: number;
  caseP50Ms: number;
  caseP99Ms: number;
  deliveries: number;
  deliveriesPerSecond: number;
  deliveryP99Ms: number;
  /** Of the responses submitted in the last half of the load: more than the whole when lags grow. */
  lateDeliveryP99Ms: number;
  cpuMsPerResponse: number;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

async function waitUntil(what: string, ready: () => Promise<boolean>, ms: number) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await ready()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function measureAct(
  database: TBenchDatabase,
  seconds: number,
  profileDir: string | null,
): Promise<TActRow> {
  const receiver = await startReceiver();
  const org = await prepareActOrg(database, receiver.origin, 'Act');
  const server = await startActServer(database, profileDir);
  try {
    const payloads = Array.from({ length: 1000 }, (_, i) =>
      JSON.stringify({
        answers: { nps: i % DETRACTOR_EVERY === 0 ? 3 : 9, comment: `visit ${i % 97}` },
      }),
    );
    let next = 0;
    note(`  ${database.name}: ${RATE} submissions a second for ${seconds} s`);
    const cpuBefore = server.cpuMs();
    const result = await autocannon({
      url: server.url,
      connections: 20,
      overallRate: RATE,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          path: `/api/surveys/${org.surveyId}/responses`,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${org.apiKey}` },
          setupRequest: (request) => {
            (request as { body?: string }).body = payloads[next++ % payloads.length];
            return request;
          },
        },
      ],
    });
    if (result.non2xx + result.errors + result.timeouts > 0) {
      throw new Error(`act: ${result.non2xx} non-2xx, ${result.errors} errors under load`);
    }
    const db = database.storage.db;
    const count = async (query: string) =>
      Number((await sql<{ n: number | string }>`${sql.raw(query)}`.execute(db)).rows[0]?.n ?? 0);
    // Requests in flight when the load stopped are stored but not counted by autocannon.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const stored = await db.selectFrom('responses').select(['id', 'values_json']).execute();
    const responses = stored.length;
    const detractors = stored.filter(
      (r) => (JSON.parse(r.values_json) as { nps?: number }).nps === 3,
    ).length;
    await waitUntil(
      'a case for every detractor',
      async () => (await count(`SELECT count(*) AS n FROM cases`)) >= detractors,
      180_000,
    );
    await waitUntil(
      'a delivery of every response',
      () => Promise.resolve(receiver.arrivals.size >= responses),
      300_000,
    );
    const serverCpuMs = server.cpuMs() - cpuBefore;
    const rows = await db
      .selectFrom('cases')
      .innerJoin('responses', 'responses.id', 'cases.response_id')
      .select([
        'cases.created_at as caseAt',
        'responses.submitted_at as submittedAt',
        'responses.id as id',
      ])
      .execute();
    const perResponse = new Map<string, number>();
    for (const r of rows) perResponse.set(r.id, (perResponse.get(r.id) ?? 0) + 1);
    if (rows.length !== detractors || [...perResponse.values()].some((n) => n !== 1)) {
      throw new Error(`act: ${detractors} detractors but ${rows.length} cases`);
    }
    if (receiver.arrivals.size !== responses) {
      throw new Error(`act: ${responses} responses but ${receiver.arrivals.size} delivered`);
    }
    const caseLags = rows
      .map((r) => Date.parse(r.caseAt) - Date.parse(r.submittedAt ?? r.caseAt))
      .sort((a, b) => a - b);
    const submitted = await db.selectFrom('responses').select(['id', 'submitted_at']).execute();
    const lagOf = (r: (typeof submitted)[number]) =>
      (receiver.arrivals.get(r.id) ?? 0) - Date.parse(r.submitted_at ?? '');
    const deliveryLags = submitted.map(lagOf).sort((a, b) => a - b);
    const bySubmission = [...submitted].sort((a, b) =>
      (a.submitted_at ?? '').localeCompare(b.submitted_at ?? ''),
    );
    const lateLags = bySubmission
      .slice(Math.floor(bySubmission.length / 2))
      .map(lagOf)
      .sort((a, b) => a - b);
    const times = [...receiver.arrivals.values()].sort((a, b) => a - b);
    const span = ((times[times.length - 1] ?? 0) - (times[0] ?? 0)) / 1000;
    return {
      database: database.name,
      submitted: responses,
      perSecond: result.requests.average,
      cases: rows.length,
      caseP50Ms: quantile(caseLags, 0.5),
      caseP99Ms: quantile(caseLags, 0.99),
      deliveries: receiver.arrivals.size,
      deliveriesPerSecond: span > 0 ? receiver.arrivals.size / span : Number.NaN,
      deliveryP99Ms: quantile(deliveryLags, 0.99),
      lateDeliveryP99Ms: quantile(lateLags, 0.99),
      cpuMsPerResponse: serverCpuMs / responses,
    };
  } finally {
    await server.stop();
    await receiver.close();
  }
}

/** Runs the act figures and prints their table; false when the case latency target is missed. */
export async function runActBench(argv: string[]): Promise<boolean> {
  const { values } = parseArgs({
    args: argv,
    strict: false,
    options: { quick: { type: 'boolean', default: false }, profile: { type: 'string' } },
  });
  const profileDir = typeof values.profile === 'string' ? values.profile : null;
  const seconds = values.quick === true ? 5 : 20;
  const rows: TActRow[] = [];
  for (const open of benchDatabases(benchPgUrl())) {
    const database = await open();
    try {
      rows.push(await measureAct(database, seconds, profileDir));
    } finally {
      await database.drop();
    }
  }
  printTable(
    `i. Acting on feedback: ${RATE} submissions/s for ${seconds} s (1 in ${DETRACTOR_EVERY} a ` +
      'detractor); a rule opens a case per detractor, a webhook sends every response to a ' +
      'loopback receiver. Lags from the response being stored',
    [
      'database',
      'submitted',
      'req/s',
      'cases',
      'case p50 ms',
      'case p99 ms',
      'deliveries',
      'deliveries/s',
      'delivery p99 ms',
      'of the last half',
      'server CPU ms/response',
    ],
    rows.map((r) => [
      r.database,
      formatNumber(r.submitted),
      formatNumber(r.perSecond),
      formatNumber(r.cases),
      formatNumber(r.caseP50Ms),
      formatNumber(r.caseP99Ms),
      formatNumber(r.deliveries),
      formatNumber(r.deliveriesPerSecond),
      formatNumber(r.deliveryP99Ms),
      formatNumber(r.lateDeliveryP99Ms),
      formatNumber(r.cpuMsPerResponse, 2),
    ]),
  );
  return rows.every((r) => r.caseP99Ms <= TARGET_CASE_P99_MS);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ok = await runActBench(process.argv.slice(2));
  process.exitCode = ok ? 0 : 1;
}
