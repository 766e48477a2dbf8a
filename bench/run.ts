/**
 * `npm run bench`: deterministic demo data, each figure run several times, medians and ratios
 * against baselines measured in the same run; results are checked equal before a time is shown.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureApiDocs } from './api-docs-figure.js';
import { measureAssetSizes } from './asset-sizes.js';
import { benchDatabases } from './databases.js';
import { prepareDemoDatabase, shuffledExternalIds, writeInteractionsFile } from './demo-data.js';
import { measureImport, type TImportFigure } from './import-figure.js';
import { measureLookups, type TLookupFigure } from './lookup-figure.js';
import { parseBenchOptions } from './options.js';
import { describeMachine, formatNumber, loadAverage, note, printTable } from './report.js';

const IMPORT_TARGET = 100_000;

const options = parseBenchOptions(process.argv.slice(2));
const out = (text: string) => process.stdout.write(`${text}\n`);
const started = performance.now();

out('Touchstone benchmark');
out(`machine: ${describeMachine()}; load average ${loadAverage()} at start`);
out(
  `databases: SQLite (file in a temporary folder)` +
    (options.pgUrl === null
      ? '; PostgreSQL skipped (set TOUCHSTONE_BENCH_PG_URL)'
      : '; PostgreSQL (fresh schema)'),
);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-bench-data-'));
const imports: TImportFigure[] = [];
const lookups: TLookupFigure[] = [];
try {
  note(`generating ${options.interactions} interactions (seed ${options.seed}) ...`);
  const file = writeInteractionsFile(path.join(dir, 'interactions.ndjson'), {
    seed: options.seed,
    rows: options.interactions,
    prefixRows: options.naiveRows,
  });
  const megabytes = fs.statSync(file.path).size / 2 ** 20;
  out(
    `data: Aurora Airways demo, seed ${options.seed}: ${formatNumber(file.customers)} customers, ` +
      `${formatNumber(file.all.rows)} interactions over 24 months (NDJSON ${megabytes.toFixed(1)} MB, ` +
      `EUR ${formatNumber(file.all.amountCents / 100, 2)} revenue); naive baseline on the first ` +
      `${formatNumber(file.prefix.rows)}`,
  );
  out(
    `runs: ${options.runs} per import and in-process figure; ${options.httpRuns} HTTP runs of ` +
      `${options.httpSeconds} s with ${options.connections} connections`,
  );

  for (const open of benchDatabases(options.pgUrl)) {
    const database = await open();
    try {
      note(`${database.name}: loading the demo organization and ${file.customers} customers ...`);
      const ctx = await prepareDemoDatabase(database.storage, options.seed, file.customers);
      if (options.only !== 'lookup')
        imports.push(await measureImport(database, ctx, file, options));
      if (options.only !== 'import') {
        const ids = shuffledExternalIds(file.customers, options.seed);
        lookups.push(await measureLookups(database, ctx.actor.organizationId, ids, options));
      }
    } finally {
      await database.drop();
    }
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

if (imports.length > 0) {
  printTable(
    'a. Interactions imported (NDJSON import vs. one INSERT per row in its own transaction); medians',
    ['database', 'loader', 'rows', 'median s', 'rows/s', 'ratio'],
    imports.flatMap((f) => [
      [
        f.database,
        'touchstone import',
        formatNumber(f.rows),
        formatNumber(f.medianMs / 1000, 3),
        formatNumber(f.rowsPerSecond),
        `${formatNumber(f.rowsPerSecond / f.naiveRowsPerSecond, 1)}x`,
      ],
      [
        f.database,
        'naive, row by row',
        formatNumber(f.naiveRows),
        formatNumber(f.naiveMedianMs / 1000, 3),
        formatNumber(f.naiveRowsPerSecond),
        '1.0x',
      ],
    ]),
  );
}
if (lookups.length > 0) {
  printTable(
    'b. Customer lookup by external id (HTTP with an API key vs. in-process repository call); medians',
    ['database', 'path', 'req/s', 'p99 ms', 'requests', 'failures', 'checked', 'ratio'],
    lookups.flatMap((f) => [
      [
        f.database,
        'HTTP GET /api/customers/by-external-id',
        formatNumber(f.httpPerSecond),
        formatNumber(f.httpP99Ms, 1),
        formatNumber(f.httpRequests),
        String(f.httpFailures),
        `${formatNumber(f.checked)} (${f.mismatches} wrong)`,
        `${formatNumber(f.httpPerSecond / f.directPerSecond, 2)}x`,
      ],
      [
        f.database,
        'in-process findCustomerByExternalId',
        formatNumber(f.directPerSecond),
        '',
        '',
        '',
        '',
        '1.00x',
      ],
    ]),
  );
}

const assetSizes = await measureAssetSizes();
printTable(
  'g. Scripts on the wire (bytes sent for each Accept-Encoding; unpacked and checked equal)',
  ['asset', 'identity', 'gzip', 'br', 'br / identity'],
  assetSizes.map((a) => [
    a.url,
    formatNumber(a.identity),
    formatNumber(a.gzip),
    formatNumber(a.br),
    `${formatNumber((100 * a.br) / a.identity, 0)}%`,
  ]),
);

const apiDocs = await measureApiDocs();
printTable(
  'h. API reference (/api/docs in headless Chromium: navigation to the first operation shown); medians',
  ['document', 'bytes', 'operations', 'render ms'],
  apiDocs.map((f) => [
    f.form,
    formatNumber(f.bytes),
    formatNumber(f.operations),
    formatNumber(f.renderMs),
  ]),
);

out('\nsummary');
let failed = false;
for (const f of imports) {
  const met = f.rowsPerSecond >= IMPORT_TARGET;
  if (f.database === 'SQLite' && !met) failed = true;
  out(
    `  ${f.database} import: ${formatNumber(f.rowsPerSecond)} rows/s, ` +
      `${formatNumber(f.rowsPerSecond / f.naiveRowsPerSecond, 1)}x the naive loader` +
      (f.database === 'SQLite'
        ? ` (target >= ${formatNumber(IMPORT_TARGET)}: ${met ? 'met' : 'NOT met'})`
        : ''),
  );
}
for (const f of lookups) {
  const clean = f.httpFailures === 0 && f.mismatches === 0;
  if (!clean) failed = true;
  out(
    `  ${f.database} lookups: ${formatNumber(f.httpPerSecond)} req/s over HTTP (p99 ${formatNumber(f.httpP99Ms, 1)} ms), ` +
      `${formatNumber(f.directPerSecond)}/s in process; HTTP costs ${formatNumber(f.directPerSecond / f.httpPerSecond, 1)}x; ` +
      `${f.httpFailures} failures, ${f.mismatches} wrong answers in ${formatNumber(f.checked)} checked`,
  );
}
out(
  '  every import run left exactly the generated rows and amount in the table; ' +
    `total time ${formatNumber((performance.now() - started) / 1000, 0)} s, ` +
    `load average ${loadAverage()} at the end`,
);
if (failed) process.exitCode = 1;

// Analytics figures (scorecard, key drivers, server memory) have their own data sets and flags:
// bench/scorecard/run.ts (`--quick` here runs them on 100k responses).
if (options.only === 'all') {
  // Collect figures (submissions over HTTP, response imports): bench/collect/run.ts.
  const { runCollectBench } = await import('./collect/run.js');
  if (!(await runCollectBench(process.argv.includes('--quick') ? ['--quick'] : []))) {
    process.exitCode = 1;
  }
  const { runScorecardBench } = await import('./scorecard/run.js');
  if (!(await runScorecardBench(process.argv.includes('--quick') ? ['--quick'] : []))) {
    process.exitCode = 1;
  }
  // Understanding figures: comments analysed, comment search, the change scan, the CLV fit.
  const quick = process.argv.includes('--quick');
  const { runTextBench } = await import('./text/run.js');
  if (!runTextBench()) process.exitCode = 1;
  const { runCommentBench } = await import('./comments/run.js');
  if (!(await runCommentBench(quick ? ['--quick'] : []))) process.exitCode = 1;
  const { runChangeBench } = await import('./changes/run.js');
  if (!(await runChangeBench(['--sizes', quick ? '100k' : '10m']))) process.exitCode = 1;
  const { runClvBench } = await import('./clv/run.js');
  if (!runClvBench([])) process.exitCode = 1;
  // Acting figures: submission to case under a steady load, webhook deliveries.
  const { runActBench } = await import('./act/run.js');
  if (!(await runActBench(quick ? ['--quick'] : []))) process.exitCode = 1;
}
