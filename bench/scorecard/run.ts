/**
 * Scorecard figures: NPS with its 95% interval by month x touchpoint over two years, answered by
 * the analytics engine (in process and over HTTP) and by every baseline on the same rows; key
 * drivers from the cross-product rollups; the server's memory. Every engine's counts are checked
 * equal, cell by cell, before any time is printed.
 *
 *   npx tsx bench/scorecard/run.ts [--quick] [--sizes 1m,10m] [--runs 5] [--seed 42]
 *
 * Data sets are kept under bench/.data (gitignored) and reused while the generator is unchanged.
 * PostgreSQL runs when TOUCHSTONE_BENCH_PG_URL or TOUCHSTONE_TEST_PG_URL is set.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ZDriversQuery, ZMetricsQuery, type TMetricsResponse } from '@touchstone/core';
import { queryDrivers } from '../../packages/server/src/analytics/drivers-query.js';
import { queryMetrics } from '../../packages/server/src/analytics/metrics-query.js';
import { openStorage } from '../../packages/server/src/storage/database.js';
import { benchServices } from '../databases.js';
import { benchPgUrl } from '../options.js';
import { describeMachine, formatNumber, median, note, printTable } from '../report.js';
import {
  duckdbBaseline,
  peerBaseline,
  postgresBaseline,
  sqliteBaseline,
  type TBaseline,
} from './baselines.js';
import {
  SCORECARD_FROM,
  SCORECARD_TO,
  assertSameCells,
  totalOf,
  type TScorecardCells,
} from './cells.js';
import { prepareDataset, type TDataset } from './generate.js';
import { memoryOf, startServer, timedGet } from './server-figures.js';
import { DRIVER_KEYS } from './setup.js';

const SIZES: Record<string, number> = { '100k': 100_000, '1m': 1_000_000, '10m': 10_000_000 };
const TARGETS = { medianMs: 50, sqliteRatio: 20, driversMs: 300, rssMb: 512 };

interface TFigureRow {
  name: string;
  runs: number;
  medianMs: number;
  note?: string;
}

interface TSizeResult {
  dataset: TDataset;
  rows: TFigureRow[];
  coldMs: number;
  cubeCells: number;
  cubeBytes: number;
  driversMs: number;
  driversColdMs: number;
  driversN: number;
  rssMb: number;
  peakMb: number;
}

const METRICS_PARAMS = {
  metric: 'nps',
  groupBy: 'month,touchpoint',
  from: SCORECARD_FROM,
  to: SCORECARD_TO,
};

function engineCells(response: TMetricsResponse): TScorecardCells {
  const cells: TScorecardCells = new Map();
  for (const group of response.groups) {
    const nps = group.metrics['nps'];
    if (!nps || nps.n === 0) continue;
    if (nps.status !== 'ok' || !nps.counts || nps.interval === null) {
      throw new Error(`engine: cell without a figure: ${JSON.stringify(group.key)}`);
    }
    const { promoters, passives, detractors } = nps.counts;
    cells.set(`${group.key[0]?.value ?? ''}|${group.key[1]?.value ?? ''}`, [
      promoters,
      passives,
      detractors,
      nps.n,
    ]);
  }
  return cells;
}

async function timeRuns<T>(
  runs: number,
  work: () => Promise<T>,
  warmups = 1,
): Promise<{ result: T; ms: number[] }> {
  // Warm-up runs are not counted: they compile the code paths (and fill caches) once.
  let result = await work();
  for (let i = 1; i < warmups; i++) result = await work();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = await work();
    ms.push(performance.now() - started);
  }
  return { result, ms };
}

async function measureSize(
  total: number,
  options: { runs: number; seed: number; dataDir: string; pgUrl: string | null },
): Promise<TSizeResult> {
  const dataset = await prepareDataset(options.dataDir, total, options.seed);
  const { orgId } = dataset.org;
  const storage = await openStorage(dataset.file);
  const sqlite = storage.sqlite;
  if (sqlite === null) throw new Error('SQLite expected');
  const services = await benchServices(storage);
  try {
    const query = ZMetricsQuery.parse(METRICS_PARAMS);
    note(`  engine: first query (loads the cube) ...`);
    const coldStart = performance.now();
    const first = engineCells(await queryMetrics(services, orgId, query));
    const coldMs = performance.now() - coldStart;
    const cube = await services.cubes.read(orgId, { keys: [] }, (c) => ({
      cells: c.values.get('nps')?.days.size ?? 0,
    }));
    const cubeBytes = services.cubes.bytes;
    // Figures of a few milliseconds are noisy on a shared machine: more runs for those.
    const quickRuns = Math.max(options.runs, 25);
    const engine = await timeRuns(quickRuns, async () =>
      engineCells(await queryMetrics(services, orgId, query)),
    );
    assertSameCells('engine (warm)', engine.result, first);
    if (totalOf(first) !== dataset.responses) {
      throw new Error(
        `engine: ${totalOf(first)} responses in the cells, ${dataset.responses} generated`,
      );
    }
    const rows: TFigureRow[] = [
      { name: 'touchstone cube (service call)', runs: quickRuns, medianMs: median(engine.ms) },
    ];
    const baselines: (TBaseline & { loadSeconds?: number })[] = [sqliteBaseline(sqlite, orgId)];
    note('  DuckDB: loading the same rows ...');
    baselines.push(await duckdbBaseline(sqlite, orgId));
    if (options.pgUrl !== null) {
      note('  PostgreSQL: loading the same rows ...');
      baselines.push(await postgresBaseline(options.pgUrl, sqlite, orgId));
    }
    baselines.push(peerBaseline(storage, orgId));
    for (const baseline of baselines) {
      note(`  ${baseline.name} ...`);
      try {
        const timedRuns = await timeRuns(options.runs, () => baseline.run());
        assertSameCells(baseline.name, timedRuns.result, first);
        rows.push({
          name: baseline.name,
          runs: options.runs,
          medianMs: median(timedRuns.ms),
          ...(baseline.loadSeconds === undefined
            ? {}
            : { note: `loaded in ${formatNumber(baseline.loadSeconds, 1)} s` }),
        });
      } finally {
        await baseline.close();
      }
    }

    note('  key drivers ...');
    const driversQuery = ZDriversQuery.parse({
      outcome: 'nps',
      drivers: DRIVER_KEYS.join(','),
      from: SCORECARD_FROM,
      to: SCORECARD_TO,
    });
    const driversCold = performance.now();
    await queryDrivers(services, orgId, driversQuery);
    const driversColdMs = performance.now() - driversCold;
    const drivers = await timeRuns(quickRuns, () => queryDrivers(services, orgId, driversQuery));
    if (drivers.result.n !== dataset.completeDriverResponses || drivers.result.status !== 'ok') {
      throw new Error(
        `drivers: n ${drivers.result.n}, expected ${dataset.completeDriverResponses}`,
      );
    }
    await storage.close();

    note('  server process: HTTP figures and memory ...');
    const server = await startServer(dataset.file);
    let rssMb = 0;
    let peakMb = 0;
    try {
      const search = new URLSearchParams(METRICS_PARAMS).toString();
      const metricsUrl = `${server.url}/api/analytics/metrics?${search}`;
      // A fresh process compiles its code paths on the first requests: ten warm-ups.
      const http = await timeRuns(
        quickRuns,
        async () => {
          const { body } = await timedGet<TMetricsResponse>(metricsUrl, dataset.org.apiKey);
          return engineCells(body);
        },
        10,
      );
      assertSameCells('engine over HTTP', http.result, first);
      rows.splice(1, 0, {
        name: 'touchstone cube (HTTP, server process)',
        runs: quickRuns,
        medianMs: median(http.ms),
      });
      const driversUrl = `${server.url}/api/analytics/drivers?outcome=nps&drivers=${DRIVER_KEYS.join(',')}&from=${SCORECARD_FROM}&to=${SCORECARD_TO}`;
      const httpDrivers = await timedGet<{ n: number }>(driversUrl, dataset.org.apiKey);
      if (httpDrivers.body.n !== dataset.completeDriverResponses)
        throw new Error('drivers over HTTP: wrong n');
      ({ rssMb, peakMb } = memoryOf(server.pid));
    } finally {
      await server.stop();
    }
    return {
      dataset,
      rows,
      coldMs,
      cubeCells: cube.cells,
      cubeBytes,
      driversMs: median(drivers.ms),
      driversColdMs,
      driversN: drivers.result.n,
      rssMb,
      peakMb,
    };
  } finally {
    await storage.close().catch(() => undefined);
  }
}

/** Runs the scorecard figures; `argv` as on the command line. Returns false when a target is missed. */
export async function runScorecardBench(argv: string[]): Promise<boolean> {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      sizes: { type: 'string' },
      runs: { type: 'string', default: '5' },
      seed: { type: 'string', default: '42' },
    },
  });
  const sizes = (values.sizes ?? (values.quick ? '100k' : '1m,10m')).split(',');
  for (const size of sizes) {
    if (SIZES[size] === undefined) throw new Error(`--sizes: ${size} is not one of 100k, 1m, 10m`);
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 5) throw new Error('--runs must be a whole number >= 5');
  const options = {
    runs,
    seed: Number(values.seed),
    dataDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../.data'),
    pgUrl: benchPgUrl(),
  };
  const out = (text: string) => process.stdout.write(`${text}\n`);
  out('\nTouchstone scorecard benchmark');
  out(
    `machine: ${describeMachine()}; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  out(
    `query: NPS with 95% interval by month x touchpoint, ${SCORECARD_FROM} .. ${SCORECARD_TO} (24 months x 18 touchpoints, 18 segments)`,
  );
  out(
    options.pgUrl === null
      ? 'PostgreSQL skipped (set TOUCHSTONE_BENCH_PG_URL)'
      : 'PostgreSQL: fresh schema on the given server',
  );
  let met = true;
  const results: TSizeResult[] = [];
  for (const size of sizes) {
    const total = SIZES[size] ?? 0;
    note(`size ${size}:`);
    const r = await measureSize(total, options);
    results.push(r);
    const d = r.dataset;
    out(
      `\n${formatNumber(d.responses)} responses (${d.reused ? 'reused' : `generated in ${formatNumber(d.seconds, 1)} s`}): ` +
        `${formatNumber(d.valueRows)} answers, ${formatNumber(d.valueCells)} value rollup cells, ` +
        `${formatNumber(d.crossCells)} cross-product cells`,
    );
    const engineMs = r.rows[0]?.medianMs ?? 1;
    printTable(
      `a. scorecard, ${formatNumber(d.responses)} responses: every engine returned the same counts in all cells`,
      ['engine', 'runs', 'median ms', 'x engine', 'note'],
      r.rows.map((row) => [
        row.name,
        String(row.runs),
        formatNumber(row.medianMs, 1),
        `${formatNumber(row.medianMs / engineMs, 1)}x`,
        row.note ?? '',
      ]),
    );
    out(
      `   first query after start (loads ${formatNumber(r.cubeCells)} NPS cells, ${formatNumber(r.cubeBytes / 2 ** 20, 1)} MiB of typed arrays): ${formatNumber(r.coldMs, 0)} ms`,
    );
    out(
      `b. key drivers (relative weights, 12 drivers, ${formatNumber(r.driversN)} complete respondents): median ${formatNumber(r.driversMs, 1)} ms (first, loading cross products: ${formatNumber(r.driversColdMs, 0)} ms)`,
    );
    out(
      `c. server process after both queries over HTTP: RSS ${formatNumber(r.rssMb, 0)} MiB (peak ${formatNumber(r.peakMb, 0)} MiB)`,
    );
  }
  const largest = results[results.length - 1];
  if (largest) {
    const engine = largest.rows[0]?.medianMs ?? Infinity;
    const sqliteMs = largest.rows.find((row) => row.name.startsWith('SQLite'))?.medianMs ?? 0;
    const duckMs = largest.rows.find((row) => row.name.startsWith('DuckDB'))?.medianMs ?? 0;
    const n = formatNumber(largest.dataset.responses);
    const checks: [string, boolean][] = [
      [
        `scorecard median ${formatNumber(engine, 1)} ms at ${n} (target < ${TARGETS.medianMs} ms)`,
        engine < TARGETS.medianMs,
      ],
      [
        `${formatNumber(sqliteMs / engine, 0)}x faster than the SQLite GROUP BY (target >= ${TARGETS.sqliteRatio}x)`,
        sqliteMs / engine >= TARGETS.sqliteRatio,
      ],
      [`${formatNumber(duckMs / engine, 1)}x faster than DuckDB (target > 1x)`, duckMs > engine],
      [
        `key drivers ${formatNumber(largest.driversMs, 1)} ms over ${formatNumber(largest.driversN)} respondents (target < ${TARGETS.driversMs} ms)`,
        largest.driversMs < TARGETS.driversMs,
      ],
      [
        `server RSS ${formatNumber(largest.rssMb, 0)} MiB with ${n} responses (target < ${TARGETS.rssMb} MiB)`,
        largest.rssMb < TARGETS.rssMb,
      ],
    ];
    out('\nscorecard summary');
    for (const [text, ok] of checks) {
      out(`  ${ok ? 'met    ' : 'NOT met'}  ${text}`);
      met &&= ok;
    }
  }
  return met;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ok = await runScorecardBench(process.argv.slice(2));
  if (!ok) process.exitCode = 1;
}
