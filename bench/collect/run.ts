/**
 * The collect figures of `npm run bench`: single-response HTTP submissions (public and API-key
 * endpoints, against a naive one-transaction-per-response writer) and bulk response imports, on
 * SQLite and (when a URL is set) PostgreSQL. `--quick` runs 5 s loads and a smaller import.
 */
import { parseArgs } from 'node:util';
import { benchDatabases, openBenchSqlite } from '../databases.js';
import { benchPgUrl } from '../options.js';
import { formatNumber, note, printTable } from '../report.js';
import { measureResponseImport, type TResponseImportFigure } from './import-figure.js';
import { measureCopyAgainstInsert, type TCopyFigure } from './pg-copy-figure.js';
import { prepareCollectOrg } from './setup.js';
import { measureSubmissions, type TSubmissionRow } from './submissions.js';

const TARGETS = { perSecond: 5_000, p99Ms: 50, importPerSecond: 100_000 };

/** Runs the collect figures and prints their tables; false when a SQLite target is missed. */
export async function runCollectBench(argv: string[]): Promise<boolean> {
  const { values } = parseArgs({
    args: argv,
    strict: false,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string', default: 'all' },
    },
  });
  const quick = values.quick === true;
  const only = values.only;
  if (only !== 'all' && only !== 'submissions' && only !== 'import' && only !== 'copy') {
    throw new Error('--only must be all, submissions, import or copy');
  }
  const options = {
    runs: 3,
    seconds: quick ? 5 : 30,
    connections: 50,
    naiveCount: quick ? 1_000 : 5_000,
  };
  const importOptions = { rows: quick ? 50_000 : 200_000, runs: 3 };
  const pgUrl = benchPgUrl();
  const submissions: TSubmissionRow[] = [];
  const imports: TResponseImportFigure[] = [];
  const copies: TCopyFigure[] = [];
  const afterSubmissions = only === 'import' ? 'organization only' : 'after the submission runs';
  if (only === 'all') {
    // The same import into a database of its own, holding only the organization: the first load
    // of a new organization's history. The figure after the submission runs imports among the
    // rows they stored (over 2M on a fast machine), where every index is deeper.
    const database = await openBenchSqlite();
    try {
      note(`${database.name}: response import into an empty database`);
      const org = await prepareCollectOrg(database.storage);
      imports.push(
        await measureResponseImport(database, org, {
          ...importOptions,
          state: 'organization only',
        }),
      );
    } finally {
      await database.drop();
    }
  }
  for (const open of benchDatabases(pgUrl)) {
    const database = await open();
    try {
      note(`${database.name}: collect figures`);
      const org = await prepareCollectOrg(database.storage);
      if (only === 'all' || only === 'submissions')
        submissions.push(...(await measureSubmissions(database, org, options)));
      if (only === 'all' || only === 'import')
        imports.push(
          await measureResponseImport(database, org, { ...importOptions, state: afterSubmissions }),
        );
      if (only !== 'submissions' && database.name === 'PostgreSQL')
        copies.push(...(await measureCopyAgainstInsert(database, org, importOptions)));
    } finally {
      await database.drop();
    }
  }
  printTable(
    `c. Single-response submissions, ${options.connections} connections, ${options.runs} runs of ${options.seconds} s; medians; stored = 2xx answers`,
    ['database', 'path', 'resp/s', 'p99 ms', 'requests', 'non-2xx', 'stored'],
    submissions.map((r) => [
      r.database,
      r.path,
      formatNumber(r.perSecond),
      r.p99Ms === null ? '' : formatNumber(r.p99Ms, 1),
      formatNumber(r.requests),
      String(r.non2xx),
      formatNumber(r.stored),
    ]),
  );
  printTable(
    'd. Responses imported from NDJSON (importResponses); medians; counts, NPS sums and rollup counts checked',
    ['database', 'stored before', 'rows', 'median s', 'rows/s'],
    imports.map((f) => [
      f.database,
      f.state,
      formatNumber(f.rows),
      formatNumber(f.medianMs / 1000, 3),
      formatNumber(f.rowsPerSecond),
    ]),
  );
  if (copies.length > 0) {
    const insert = copies.find((f) => f.writer === 'INSERT (before)');
    printTable(
      'e. PostgreSQL bulk response writer, COPY against the INSERT writer it replaced, same responses, alternating runs; medians; stored rows and rollups checked equal',
      ['writer', 'rows', 'median s', 'rows/s', 'ratio'],
      copies.map((f) => [
        f.writer,
        formatNumber(f.rows),
        formatNumber(f.medianMs / 1000, 3),
        formatNumber(f.rowsPerSecond),
        insert ? `${formatNumber(f.rowsPerSecond / insert.rowsPerSecond, 2)}x` : '',
      ]),
    );
  }
  let met = true;
  process.stdout.write('\ncollect summary\n');
  for (const r of submissions.filter((s) => s.p99Ms !== null)) {
    const ok = r.perSecond >= TARGETS.perSecond && (r.p99Ms ?? 0) < TARGETS.p99Ms && r.non2xx === 0;
    if (r.database === 'SQLite' && !ok) met = false;
    const naive = submissions.find((s) => s.database === r.database && s.p99Ms === null);
    process.stdout.write(
      `  ${r.database} ${r.path}: ${formatNumber(r.perSecond)}/s, p99 ${formatNumber(r.p99Ms ?? 0, 1)} ms, ` +
        `${r.non2xx} non-2xx` +
        (naive ? `, ${formatNumber(r.perSecond / naive.perSecond, 1)}x the naive writer` : '') +
        ` (target >= ${formatNumber(TARGETS.perSecond)}/s, p99 < ${TARGETS.p99Ms} ms, 0 errors: ${ok ? 'met' : 'NOT met'})\n`,
    );
  }
  const two = submissions.find((s) => s.path.endsWith('two processes'));
  const one = submissions.find(
    (s) => s.database === 'PostgreSQL' && s.path === 'POST /api/surveys/:id/responses (API key)',
  );
  if (two && one) {
    process.stdout.write(
      `  PostgreSQL API-key submissions: two processes ${formatNumber(two.perSecond)}/s against ` +
        `one ${formatNumber(one.perSecond)}/s (${formatNumber(two.perSecond / one.perSecond, 2)}x)\n`,
    );
  }
  const insert = copies.find((f) => f.writer === 'INSERT (before)');
  const copy = copies.find((f) => f.writer === 'COPY');
  if (insert && copy) {
    process.stdout.write(
      `  PostgreSQL bulk writer: COPY ${formatNumber(copy.rowsPerSecond)} rows/s against INSERT ` +
        `${formatNumber(insert.rowsPerSecond)} rows/s (${formatNumber(copy.rowsPerSecond / insert.rowsPerSecond, 2)}x)\n`,
    );
  }
  for (const f of imports) {
    const ok = f.rowsPerSecond >= TARGETS.importPerSecond;
    if (f.database === 'SQLite' && !ok) met = false;
    process.stdout.write(
      `  ${f.database} response import (${f.state}): ${formatNumber(f.rowsPerSecond)} rows/s ` +
        `(target >= ${formatNumber(TARGETS.importPerSecond)}: ${ok ? 'met' : 'NOT met'})\n`,
    );
  }
  return met;
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  if (!(await runCollectBench(process.argv.slice(2)))) process.exitCode = 1;
}
