/**
 * Change scan figures: the full scan of the alerts (every NPS and rating key x touchpoint x
 * segment scope, one change-point test each, Holm over all of them, localisation) over the
 * scorecard data set, reading its weekly series from the in-memory cube, against a baseline in
 * the same run that reads the same series with a SQL GROUP BY over the raw answers (the plain
 * design) and runs the same core scan. Both must find the same changes before times are printed.
 *
 *   npx tsx bench/changes/run.ts [--sizes 1m,10m] [--runs 3] [--seed 42]
 *
 * Data sets are the scorecard bench's, cached under bench/.data.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type SqliteDatabase from 'better-sqlite3';
import {
  parseSegmentKey,
  scanForChanges,
  type ChangeAtom,
  type ChangeScanResult,
} from '@touchstone/core';
import {
  loadScanModel,
  runChangeScan,
} from '../../packages/server/src/alerts/alert-scan.service.js';
import {
  SCAN_WEEKS,
  mondayOf,
  scannedKeys,
} from '../../packages/server/src/alerts/organization-scan.js';
import { dayNumber } from '../../packages/server/src/analytics/periods.js';
import { openStorage } from '../../packages/server/src/storage/database.js';
import { migrateToLatest } from '../../packages/server/src/storage/migrate.js';
import { benchServices } from '../databases.js';
import { describeMachine, formatNumber, median, note, printTable } from '../report.js';
import { prepareDataset } from '../scorecard/generate.js';

const SIZES: Record<string, number> = { '100k': 100_000, '1m': 1_000_000, '10m': 10_000_000 };
const TARGET_MS = 10_000;

/** The findings that must agree: series, date, direction, and the adjusted p to 9 digits. */
function signature(result: ChangeScanResult): string[] {
  return result.findings
    .map(
      (f) =>
        `${f.key} ${f.seriesId} ${f.changeDate} ${f.direction} ${f.adjustedPValue.toPrecision(9)}`,
    )
    .sort();
}

interface TGroupRow {
  question_key: string;
  touchpoint_id: string | null;
  segment_key: string;
  day: string;
  n: number;
  total: number;
  squares: number;
  promoters: number;
  detractors: number;
}

/**
 * The baseline: weekly series by GROUP BY over `raw_answers` (by key, touchpoint, segment and
 * day; days summed into weeks here), then the same core scan.
 */
async function baselineScan(
  sqlite: SqliteDatabase.Database,
  services: Awaited<ReturnType<typeof benchServices>>,
  orgId: string,
): Promise<ChangeScanResult> {
  const model = await loadScanModel(services, orgId);
  const keys = scannedKeys(model);
  const attributes = new Set(model.attributes.keys());
  const rows = sqlite
    .prepare(
      `SELECT question_key, touchpoint_id, segment_key, day, COUNT(*) AS n, SUM(value) AS total,
              SUM(value * value) AS squares, SUM(value >= 9) AS promoters, SUM(value <= 6) AS detractors
       FROM raw_answers WHERE organization_id = ?
       GROUP BY question_key, touchpoint_id, segment_key, day`,
    )
    .all(orgId) as TGroupRow[];
  let minDay = Infinity;
  let maxDay = -Infinity;
  const days = new Map<string, number>();
  for (const r of rows) {
    let d = days.get(r.day);
    if (d === undefined) {
      d = dayNumber(r.day);
      days.set(r.day, d);
    }
    minDay = Math.min(minDay, d);
    maxDay = Math.max(maxDay, d);
  }
  const lastWeek = mondayOf(maxDay);
  const firstWeekDay = Math.max(mondayOf(minDay), lastWeek - 7 * (SCAN_WEEKS - 1));
  const weekCount = (lastWeek - firstWeekDay) / 7 + 1;
  const atomsByKey = new Map<string, Map<string, ChangeAtom & { weeks: TWeeks }>>();
  const kinds = new Map(keys.map((k) => [k.key, k.kind]));
  for (const r of rows) {
    const kind = kinds.get(r.question_key);
    if (kind === undefined) continue;
    const day = days.get(r.day) ?? 0;
    if (day < firstWeekDay) continue;
    const segment: Record<string, string> = {};
    for (const [k, v] of Object.entries(parseSegmentKey(r.segment_key))) {
      if (attributes.has(k)) segment[k] = v;
    }
    const touchpoint = r.touchpoint_id === '' ? null : r.touchpoint_id;
    const id = JSON.stringify([touchpoint, Object.entries(segment).sort()]);
    const atoms =
      atomsByKey.get(r.question_key) ?? new Map<string, ChangeAtom & { weeks: TWeeks }>();
    atomsByKey.set(r.question_key, atoms);
    let atom = atoms.get(id);
    if (atom === undefined) {
      atom = {
        touchpoint,
        segment,
        weeks: {
          n: new Float64Array(weekCount),
          sum: new Float64Array(weekCount),
          sumSq: new Float64Array(weekCount),
        },
      };
      atoms.set(id, atom);
    }
    const w = Math.floor((day - firstWeekDay) / 7);
    const nps = kind === 'nps';
    atom.weeks.n[w] = (atom.weeks.n[w] ?? 0) + r.n;
    atom.weeks.sum[w] = (atom.weeks.sum[w] ?? 0) + (nps ? r.promoters - r.detractors : r.total);
    atom.weeks.sumSq[w] =
      (atom.weeks.sumSq[w] ?? 0) + (nps ? r.promoters + r.detractors : r.squares);
  }
  return scanForChanges({
    firstWeekDay,
    weekCount,
    attributes: [...attributes],
    measures: keys.map((k) => ({
      key: k.key,
      metric: k.metric,
      kind: k.kind,
      atoms: [...(atomsByKey.get(k.key)?.values() ?? [])],
    })),
  });
}

interface TWeeks {
  n: Float64Array;
  sum: Float64Array;
  sumSq: Float64Array;
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

async function benchSize(size: string, options: { runs: number; seed: number; dataDir: string }) {
  const dataset = await prepareDataset(options.dataDir, SIZES[size] ?? 0, options.seed);
  const storage = await openStorage(dataset.file);
  await migrateToLatest(storage.db);
  const services = await benchServices(storage);
  const orgId = dataset.org.orgId;
  const sqlite = storage.sqlite;
  if (sqlite === null) throw new Error('the scorecard data set is a SQLite file');
  try {
    note(`size ${size}: cold scan (the cube loads its keys first)`);
    const cold = await timed(() => runChangeScan(services, orgId));
    const warm: number[] = [];
    let engine = cold.value?.result;
    for (let i = 0; i < options.runs; i++) {
      const run = await timed(() => runChangeScan(services, orgId));
      warm.push(run.ms);
      engine = run.value?.result;
    }
    note(`size ${size}: baseline (GROUP BY over raw_answers)`);
    const base: number[] = [];
    let baseline: ChangeScanResult | undefined;
    for (let i = 0; i < options.runs; i++) {
      const run = await timed(() => baselineScan(sqlite, services, orgId));
      base.push(run.ms);
      baseline = run.value;
    }
    if (engine === undefined || baseline === undefined) throw new Error('a scan found no data');
    const a = signature(engine);
    const b = signature(baseline);
    if (engine.testedSeries !== baseline.testedSeries || JSON.stringify(a) !== JSON.stringify(b)) {
      throw new Error(
        `the cube and the GROUP BY scans disagree: ${engine.testedSeries} vs ${baseline.testedSeries} series, findings ${JSON.stringify(a)} vs ${JSON.stringify(b)}`,
      );
    }
    return { size, dataset, cold: cold.ms, warm: median(warm), base: median(base), engine };
  } finally {
    await services.close();
    await storage.close();
  }
}

/** The change scan figure; false when a target is missed. `npm run bench` runs it on 1M. */
export async function runChangeBench(argv: string[]): Promise<boolean> {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string', default: '1m' },
      runs: { type: 'string', default: '3' },
      seed: { type: 'string', default: '42' },
    },
  });
  const sizes = (values.sizes ?? '1m').split(',');
  for (const size of sizes) {
    if (SIZES[size] === undefined) throw new Error(`--sizes: ${size} is not one of 100k, 1m, 10m`);
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number >= 1');
  const dataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../.data');
  const out = (text: string) => process.stdout.write(`${text}\n`);
  out('\nTouchstone change scan benchmark');
  out(
    `machine: ${describeMachine()}; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const rows: string[][] = [];
  let met = true;
  for (const size of sizes) {
    const r = await benchSize(size, { runs, seed: Number(values.seed), dataDir });
    met &&= r.warm < TARGET_MS;
    note(
      `size ${size}: cold ${formatNumber(r.cold)} ms, warm ${formatNumber(r.warm)} ms, GROUP BY ${formatNumber(r.base)} ms`,
    );
    rows.push([
      formatNumber(r.dataset.responses),
      formatNumber(r.engine.testedSeries),
      formatNumber(r.engine.findings.length),
      formatNumber(r.cold),
      formatNumber(r.warm),
      formatNumber(r.base),
      `${(r.base / r.warm).toFixed(1)}x`,
    ]);
  }
  printTable(
    `Full change scan (median of ${runs}; SQLite; both scans found the same changes)`,
    ['responses', 'series tested', 'changes', 'cold ms', 'warm ms', 'GROUP BY ms', 'speed-up'],
    rows,
  );
  // The server scans from the cube it holds; a cold scan (the daily job's) loads the keys first.
  out(`target: a full scan (warm cube) under ${TARGET_MS / 1000} s: ${met ? 'met' : 'NOT met'}`);
  return met;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!(await runChangeBench(process.argv.slice(2)))) process.exitCode = 1;
}
