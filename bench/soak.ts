/**
 * The soak: one server under mixed load for a long time (30 minutes by default), to show that it
 * neither grows nor fails. Not part of `npm run bench` or CI.
 *
 *   npx tsx bench/soak.ts [--minutes 30] [--rate 100] [--warmup 5] [--import-every 5]
 *     [--import-actions skip|run] [--pg]
 *
 * The server runs in its own process with its job worker (`bench/collect/collect-server.ts act`).
 * Its organization has a rule that opens a case for every detractor and a webhook that sends every
 * completed response to a receiver in this process. The load, all at once:
 * - submissions at `--rate` a second (one in five a detractor);
 * - dashboard reads, two a second, in turn: the scorecard, a trend, CSAT against the previous
 *   period, the comment list, the case inbox;
 * - a CSV import of 5,000 responses every `--import-every` minutes (five; 0: none), which takes
 *   rules' actions only with `--import-actions run` (imported history does not act by default).
 * Every minute it prints the server's RSS and JavaScript heap (lowest and highest sample, the heap
 * from the server's `/metrics`), the requests, errors and
 * p99 of each kind; at the end, the verdict: the highest RSS of every minute after the warm-up
 * within 10% of the lowest such minute, and no error. The closing check counts one delivery per
 * submission (an import publishes one `responses.imported` event a batch, which this webhook does
 * not subscribe to) and the cases: one per submitted detractor, plus one per imported detractor
 * with `--import-actions run`, none for them without.
 */
import { parseArgs } from 'node:util';
import { openBenchPostgres, openBenchSqlite, type TBenchDatabase } from './databases.js';
import { benchPgUrl } from './options.js';
import { formatNumber, note, printTable } from './report.js';
import { heapMb, rssMb } from './server-process.js';
import { prepareActOrg, startActServer, startReceiver } from './act/act-world.js';

type TKind = 'submit' | 'read' | 'import';

interface TMinute {
  rssMb: number[];
  /** The server's JavaScript heap (V8's committed total), from its `/metrics`. */
  heapMb: number[];
  latencies: Record<TKind, number[]>;
  errors: Record<TKind, number>;
}

const DETRACTOR_EVERY = 5;
const READS_PER_SECOND = 2;
const IMPORT_ROWS = 5_000;
const RSS_TOLERANCE = 0.1;

function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/** The dashboard reads the load cycles through. */
function readPaths(surveyId: string): string[] {
  const day = (offset: number) =>
    new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const [from, to] = [day(-6), day(0)];
  return [
    `/api/analytics/scorecard?surveyId=${surveyId}`,
    `/api/analytics/trend?surveyId=${surveyId}&metric=nps&interval=day`,
    `/api/analytics/metrics?surveyId=${surveyId}&metric=csat&compare=previous-period&from=${from}&to=${to}`,
    '/api/comments?limit=50',
    '/api/cases?limit=50',
  ];
}

/** NPS of an imported row: 0 to 10 in turn, shifted by the round. */
function importedNps(round: number, i: number): number {
  return (i + round) % 11;
}

function importCsv(round: number): string {
  const lines = ['nps,csat,comment'];
  for (let i = 0; i < IMPORT_ROWS; i++) {
    lines.push(`${importedNps(round, i)},${1 + (i % 5)},imported ${round}-${i}`);
  }
  return `${lines.join('\n')}\n`;
}

async function soak(
  database: TBenchDatabase,
  options: { minutes: number; rate: number; importEveryMs: number; importActions: boolean },
) {
  const receiver = await startReceiver();
  const { apiKey, surveyId } = await prepareActOrg(database, receiver.origin, 'Soak');
  const server = await startActServer(database);
  const pid = server.pid;
  if (pid === undefined) throw new Error('soak: the server process has no pid');
  const headers = { authorization: `Bearer ${apiKey}` };
  const minutes: TMinute[] = [];
  const started = Date.now();
  const minuteAt = () => {
    const index = Math.floor((Date.now() - started) / 60_000);
    while (minutes.length <= index) {
      minutes.push({
        rssMb: [],
        heapMb: [],
        latencies: { submit: [], read: [], import: [] },
        errors: { submit: 0, read: 0, import: 0 },
      });
    }
    return minutes[index] as TMinute;
  };
  const errorSamples: string[] = [];
  let submitted = 0;
  let detractors = 0;
  let imported = 0;
  let importedDetractors = 0;

  async function timedRequest(kind: TKind, path: string, init: RequestInit): Promise<boolean> {
    const t0 = performance.now();
    try {
      const response = await fetch(server.url + path, init);
      const body = await response.text();
      minuteAt().latencies[kind].push(performance.now() - t0);
      if (response.ok) return true;
      minuteAt().errors[kind]++;
      if (errorSamples.length < 10) {
        errorSamples.push(`${kind} ${path} ${response.status}: ${body.slice(0, 300)}`);
        note(`  error: ${errorSamples[errorSamples.length - 1]}`);
      }
    } catch (error) {
      minuteAt().errors[kind]++;
      if (errorSamples.length < 10) {
        errorSamples.push(`${kind} ${path}: ${String(error)} ${String((error as Error).cause)}`);
        note(`  error: ${errorSamples[errorSamples.length - 1]}`);
      }
    }
    return false;
  }

  const endAt = started + options.minutes * 60_000;
  const inFlight = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };

  // Submissions at a steady rate, paced in ticks of 10 ms.
  const submitLoop = (async () => {
    let sent = 0;
    while (Date.now() < endAt) {
      const due = Math.floor(((Date.now() - started) / 1000) * options.rate);
      for (; sent < due; sent++) {
        const detractor = sent % DETRACTOR_EVERY === 0;
        const i = sent;
        track(
          timedRequest('submit', `/api/surveys/${surveyId}/responses`, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify({
              answers: { nps: detractor ? 3 : 9, csat: 1 + (i % 5), comment: `visit ${i % 97}` },
            }),
          }).then((ok) => {
            if (!ok) return;
            submitted++;
            if (detractor) detractors++;
          }),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();

  const paths = readPaths(surveyId);
  const readLoop = (async () => {
    for (let i = 0; Date.now() < endAt; i++) {
      track(timedRequest('read', paths[i % paths.length] ?? '', { headers }));
      await new Promise((resolve) => setTimeout(resolve, 1000 / READS_PER_SECOND));
    }
  })();

  const importLoop = (async () => {
    if (options.importEveryMs === 0) return;
    for (let round = 0; Date.now() < endAt; round++) {
      const csv = importCsv(round);
      const actions = options.importActions ? 'run' : 'skip';
      const path = `/api/surveys/${surveyId}/responses/import?actions=${actions}`;
      const ok = await timedRequest('import', path, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'text/csv' },
        body: csv,
      });
      if (ok) {
        imported += IMPORT_ROWS;
        for (let i = 0; i < IMPORT_ROWS; i++) if (importedNps(round, i) <= 6) importedDetractors++;
      }
      const wait = Math.min(options.importEveryMs, endAt - Date.now());
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  })();

  const rssTimer = setInterval(() => {
    const minute = minuteAt();
    minute.rssMb.push(rssMb(pid));
    track(
      heapMb(server.url).then(
        (mb) => minute.heapMb.push(mb),
        (error: unknown) => note(`  heap not read: ${String(error)}`),
      ),
    );
  }, 5_000);
  const reportTimer = setInterval(() => {
    const index = Math.floor((Date.now() - started) / 60_000) - 1;
    const m = minutes[index];
    if (m === undefined) return;
    note(
      `  minute ${index + 1}: RSS ${formatNumber(Math.min(...m.rssMb))}-${formatNumber(Math.max(...m.rssMb))} MiB ` +
        `(heap ${formatNumber(Math.min(...m.heapMb))}-${formatNumber(Math.max(...m.heapMb))}), ` +
        `${m.latencies.submit.length} submissions (p99 ${formatNumber(quantile(m.latencies.submit, 0.99))} ms), ` +
        `${m.latencies.read.length} reads (p99 ${formatNumber(quantile(m.latencies.read, 0.99))} ms), ` +
        `errors ${m.errors.submit + m.errors.read + m.errors.import}`,
    );
  }, 60_000);
  try {
    await Promise.all([submitLoop, readLoop, importLoop]);
    await Promise.all([...inFlight]);
  } finally {
    clearInterval(rssTimer);
    clearInterval(reportTimer);
  }

  // Everything acknowledged must have had its consequences: a delivery per submission, a case per
  // detractor (the imported ones only when the imports asked for actions, which are paced).
  const expectedCases = detractors + (options.importActions ? importedDetractors : 0);
  const deadline = Date.now() + 600_000;
  const db = database.storage.db;
  const countCases = async () =>
    Number(
      (
        await db
          .selectFrom('cases')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  while (
    Date.now() < deadline &&
    (receiver.arrivals.size < submitted || (await countCases()) < expectedCases)
  ) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  const settledMs = Date.now() - endAt;
  const cases = await countCases();
  await server.stop();
  await receiver.close();
  return {
    minutes,
    submitted,
    imported,
    detractors,
    importedDetractors,
    expectedCases,
    settledMs,
    cases,
    delivered: receiver.arrivals.size,
    duplicates: receiver.duplicates(),
    errorSamples,
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '30' },
      rate: { type: 'string', default: '100' },
      warmup: { type: 'string', default: '5' },
      'import-every': { type: 'string', default: '5' },
      'import-actions': { type: 'string', default: 'skip' },
      pg: { type: 'boolean', default: false },
    },
  });
  const minutes = Number(values.minutes);
  const rate = Number(values.rate);
  const warmup = Number(values.warmup);
  const importEveryMs = Number(values['import-every']) * 60_000;
  const importActions = values['import-actions'] === 'run';
  if (
    !['run', 'skip'].includes(values['import-actions']) ||
    !(minutes >= 1) ||
    !(rate > 0) ||
    !(warmup >= 0) ||
    warmup >= minutes ||
    !(importEveryMs >= 0)
  ) {
    throw new Error(
      'soak: --minutes >= 1, --rate > 0, 0 <= --warmup < --minutes, --import-every >= 0 (0: none), ' +
        '--import-actions run or skip',
    );
  }
  const pgUrl = benchPgUrl();
  if (values.pg === true && pgUrl === null) {
    throw new Error('soak: --pg needs TOUCHSTONE_BENCH_PG_URL or TOUCHSTONE_TEST_PG_URL');
  }
  const database =
    values.pg === true && pgUrl !== null ? await openBenchPostgres(pgUrl) : await openBenchSqlite();
  note(
    `soak on ${database.name}: ${minutes} min, ${rate} submissions/s, ${READS_PER_SECOND} reads/s, ` +
      `an import of ${IMPORT_ROWS} rows every ${values['import-every']} min ` +
      `(actions=${values['import-actions']})`,
  );
  try {
    const result = await soak(database, { minutes, rate, importEveryMs, importActions });
    printTable(
      `Soak, ${database.name}: per minute`,
      [
        'minute',
        'RSS min MiB',
        'RSS max MiB',
        'heap min MiB',
        'heap max MiB',
        'submissions',
        'submit p99 ms',
        'reads',
        'read p99 ms',
        'imports',
        'errors',
      ],
      result.minutes
        .slice(0, minutes)
        .map((m, i) => [
          String(i + 1),
          formatNumber(Math.min(...m.rssMb)),
          formatNumber(Math.max(...m.rssMb)),
          formatNumber(Math.min(...m.heapMb)),
          formatNumber(Math.max(...m.heapMb)),
          formatNumber(m.latencies.submit.length),
          formatNumber(quantile(m.latencies.submit, 0.99)),
          formatNumber(m.latencies.read.length),
          formatNumber(quantile(m.latencies.read, 0.99)),
          formatNumber(m.latencies.import.length),
          formatNumber(m.errors.submit + m.errors.read + m.errors.import),
        ]),
    );
    const settled = result.minutes.slice(warmup, minutes).filter((m) => m.rssMb.length > 0);
    const peaks = settled.map((m) => Math.max(...m.rssMb));
    const lows = settled.map((m) => Math.min(...m.rssMb));
    const lowest = Math.min(...peaks);
    const highest = Math.max(...peaks);
    const growth = highest / lowest - 1;
    const p99Range = (of: readonly TMinute[]) => {
      const p99s = of
        .filter((m) => m.latencies.submit.length > 0)
        .map((m) => quantile(m.latencies.submit, 0.99));
      return p99s.length === 0
        ? 'none'
        : `${formatNumber(Math.min(...p99s))} to ${formatNumber(Math.max(...p99s))} ms`;
    };
    const measured = result.minutes.slice(0, minutes);
    const importMinutes = measured.filter((m) => m.latencies.import.length > 0);
    const otherMinutes = measured.filter((m) => m.latencies.import.length === 0);
    note(
      `submission p99 per minute: ${p99Range(importMinutes)} in the ${importMinutes.length} ` +
        `minutes an import ended, ${p99Range(otherMinutes)} in the ${otherMinutes.length} others`,
    );
    note(
      `RSS minute minima after the warm-up ${formatNumber(Math.min(...lows))} to ` +
        `${formatNumber(Math.max(...lows))} MiB, maxima ${formatNumber(lowest)} to ` +
        `${formatNumber(highest)} MiB`,
    );
    const errors = result.minutes.reduce(
      (sum, m) => sum + m.errors.submit + m.errors.read + m.errors.import,
      0,
    );
    note(
      `RSS after ${warmup} min of warm-up: ${formatNumber(lowest)} to ${formatNumber(highest)} MiB ` +
        `(+${(growth * 100).toFixed(1)}%, limit ${RSS_TOLERANCE * 100}%); errors: ${errors}`,
    );
    note(
      `stored ${formatNumber(result.submitted)} submitted + ${formatNumber(result.imported)} ` +
        `imported; ${formatNumber(result.delivered)} submissions delivered ` +
        `(${result.duplicates} repeats); ${formatNumber(result.cases)} cases for ` +
        `${formatNumber(result.detractors)} submitted and ${formatNumber(result.importedDetractors)} ` +
        `imported detractors (expected ${formatNumber(result.expectedCases)}); settled ` +
        `${formatNumber(result.settledMs / 1000)} s after the load`,
    );
    // Imports publish one responses.imported event a batch, not response.completed: the webhook
    // gets the submissions.
    const delivered = result.delivered === result.submitted;
    // A rule opens at most one case per response: more cases than expected is a failure too.
    const ok =
      growth <= RSS_TOLERANCE && errors === 0 && delivered && result.cases === result.expectedCases;
    note(ok ? 'soak: passed' : 'soak: FAILED');
    process.exitCode = ok ? 0 : 1;
  } finally {
    await database.drop();
  }
}

await main();
