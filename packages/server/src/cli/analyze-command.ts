import type { Command } from 'commander';
import type { KeyDriverMethod, NpsCounts } from '@touchstone/core';
import {
  addCrossProductRow,
  computeKeyDrivers,
  computeNps,
  createCrossProducts,
  KEY_DRIVER_METHODS,
} from '@touchstone/core';
import { action, processIo, type TCliIo } from './cli-context.js';
import { CsvError, readCsvRecords } from '../csv/csv-parser.js';
import { findColumns, parseNumericCell } from './csv-cells.js';
import { registerAnalyzeClvCommand } from './analyze-clv.js';
import { registerAnalyzeChangesCommand } from './analyze-changes.js';
import { registerAnalyzeSentimentCommand } from './analyze-sentiment.js';

interface FileOptions {
  csv: string;
  delimiter?: string;
  json?: boolean;
}

interface DriversOptions extends FileOptions {
  outcome: string;
  drivers: string;
  method: string;
}

interface NpsOptions extends FileOptions {
  score: string;
  by?: string;
}

/** `touchstone analyze drivers|nps`: statistics on a CSV/TSV file, printed as a table or JSON. */
export function registerAnalyzeCommand(program: Command, io: TCliIo = processIo): void {
  const analyze = program
    .command('analyze')
    .description('Analyse a CSV or TSV file: key drivers of an outcome, NPS by group');

  analyze
    .command('drivers')
    .description(
      'Key-driver analysis: the share of the outcome variance (R²) each driver explains. ' +
        'Rows with a missing or non-numeric value in any named column are left out.',
    )
    .requiredOption('--csv <file>', 'CSV or TSV file with a header row')
    .requiredOption('--outcome <column>', 'outcome column, e.g. overall satisfaction')
    .requiredOption('--drivers <columns>', 'comma-separated driver columns, e.g. speed,price,staff')
    .option(
      '--method <method>',
      'relative-weights (Johnson) or shapley (exact, up to 15 drivers)',
      'relative-weights',
    )
    .option(
      '--delimiter <char>',
      'field delimiter (default "," or tab for .tsv; "tab" or "\\t" for tab)',
    )
    .option('--json', 'print {"r2", "drivers": [{"name", "weight", "rescaled", "sign"}]} as JSON')
    .action(action(io, (options: DriversOptions) => analyzeDrivers(options, io)));

  analyze
    .command('nps')
    .description(
      'Net Promoter Score with a 95% interval, overall or per group (adjusted-Wald below 100 ' +
        'respondents, Wald from 100). Rows whose score is missing, not a whole number or outside 0-10 are left out.',
    )
    .requiredOption('--csv <file>', 'CSV or TSV file with a header row')
    .requiredOption('--score <column>', 'column holding the 0-10 likelihood-to-recommend score')
    .option('--by <column>', 'group by this column (one NPS per distinct value)')
    .option(
      '--delimiter <char>',
      'field delimiter (default "," or tab for .tsv; "tab" or "\\t" for tab)',
    )
    .option(
      '--json',
      'print {"groups": [{"key", "n", "nps", "promoters", "passives", "detractors", "ci95"}]} as JSON',
    )
    .action(action(io, (options: NpsOptions) => analyzeNps(options, io)));

  registerAnalyzeClvCommand(analyze, io);
  registerAnalyzeChangesCommand(analyze, io);
  registerAnalyzeSentimentCommand(analyze, io);
}

function resolveDelimiter(options: FileOptions): string {
  const given = options.delimiter;
  if (given === undefined) return /\.(tsv|tab)$/i.test(options.csv) ? '\t' : ',';
  if (given === 'tab' || given === '\\t') return '\t';
  if (given.length !== 1)
    throw new CsvError(`--delimiter must be one character or "tab", got "${given}"`);
  return given;
}

function parseDriverList(list: string, outcome: string): string[] {
  const drivers = list
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (drivers.length === 0) throw new CsvError('--drivers needs at least one column name');
  const repeated = drivers.find((name, i) => drivers.indexOf(name) !== i);
  if (repeated !== undefined) throw new CsvError(`driver "${repeated}" is listed twice`);
  if (drivers.includes(outcome))
    throw new CsvError(`"${outcome}" cannot be both the outcome and a driver`);
  return drivers;
}

function isKeyDriverMethod(method: string): method is KeyDriverMethod {
  return (KEY_DRIVER_METHODS as readonly string[]).includes(method);
}

async function analyzeDrivers(options: DriversOptions, io: TCliIo): Promise<void> {
  const { method } = options;
  if (!isKeyDriverMethod(method)) {
    throw new CsvError(`unknown --method "${method}"; use ${KEY_DRIVER_METHODS.join(' or ')}`);
  }
  const drivers = parseDriverList(options.drivers, options.outcome);
  const variables = [options.outcome, ...drivers];
  const delimiter = resolveDelimiter(options);
  const accumulator = createCrossProducts(variables);
  const row = new Float64Array(variables.length);
  let indexes: number[] | undefined;
  let leftOut = 0;
  for await (const { fields } of readCsvRecords(options.csv, { delimiter })) {
    if (indexes === undefined) {
      indexes = findColumns(fields, variables);
      continue;
    }
    let complete = true;
    for (let i = 0; i < indexes.length && complete; i++) {
      const value = parseNumericCell(fields[indexes[i] ?? 0]);
      if (value === null) complete = false;
      else row[i] = value;
    }
    if (complete) addCrossProductRow(accumulator, row);
    else leftOut += 1;
  }
  if (indexes === undefined) throw new CsvError(`"${options.csv}" is empty: it has no header row`);
  const result = computeKeyDrivers(accumulator, { method });
  if (options.json === true) {
    const drivers = result.drivers.map(({ name, weight, rescaled, sign }) => ({
      name,
      weight,
      rescaled,
      sign,
    }));
    io.out(`${JSON.stringify({ r2: result.r2, drivers })}\n`);
    return;
  }
  const title = method === 'shapley' ? 'Shapley value regression' : 'relative weights';
  const lines = [
    `Key drivers of "${result.outcome}" (${title}): R² = ${result.r2.toFixed(4)}, ${result.n} rows used, ${leftOut} left out`,
    '',
    formatTable(
      ['driver', 'weight', '% of R²', 'sign', 'mean'],
      result.drivers.map((d) => [
        d.name,
        d.weight.toFixed(4),
        d.rescaled.toFixed(1),
        d.sign > 0 ? '+' : '-',
        d.performance === null ? '' : d.performance.toFixed(2),
      ]),
    ),
  ];
  io.out(`${lines.join('\n')}\n`);
}

async function analyzeNps(options: NpsOptions, io: TCliIo): Promise<void> {
  const delimiter = resolveDelimiter(options);
  const groups = new Map<
    string | null,
    { promoters: number; passives: number; detractors: number }
  >();
  let scoreIndex: number | undefined;
  let byIndex: number | undefined;
  let leftOut = 0;
  for await (const { fields } of readCsvRecords(options.csv, { delimiter })) {
    if (scoreIndex === undefined) {
      [scoreIndex = 0, byIndex] = findColumns(
        fields,
        options.by === undefined ? [options.score] : [options.score, options.by],
      );
      continue;
    }
    const score = parseNumericCell(fields[scoreIndex]);
    if (score === null || !Number.isInteger(score) || score < 0 || score > 10) {
      leftOut += 1;
      continue;
    }
    const key = byIndex === undefined ? null : (fields[byIndex] ?? '').trim();
    const counts = groups.get(key) ?? { promoters: 0, passives: 0, detractors: 0 };
    if (score >= 9) counts.promoters += 1;
    else if (score >= 7) counts.passives += 1;
    else counts.detractors += 1;
    groups.set(key, counts);
  }
  if (scoreIndex === undefined)
    throw new CsvError(`"${options.csv}" is empty: it has no header row`);
  // Sorted by key (code-unit order) so output is stable whatever the row order.
  const keys = [...groups.keys()].sort((a, b) => (a === b ? 0 : (a ?? '') < (b ?? '') ? -1 : 1));
  const summaries = keys.map((key) =>
    summarizeGroup(key, groups.get(key) ?? { promoters: 0, passives: 0, detractors: 0 }),
  );
  if (options.json === true) {
    io.out(`${JSON.stringify({ groups: summaries })}\n`);
    return;
  }
  const heading =
    options.by === undefined
      ? `NPS of "${options.score}"`
      : `NPS of "${options.score}" by "${options.by}"`;
  const lines = [
    `${heading}: ${summaries.reduce((sum, g) => sum + g.n, 0)} rows used, ${leftOut} left out`,
    '',
    formatTable(
      ['group', 'n', 'NPS', '95% interval', 'promoters', 'passives', 'detractors'],
      summaries.map((g) => [
        g.key ?? '(all)',
        String(g.n),
        g.nps.toFixed(1),
        `${g.ci95[0].toFixed(1)} to ${g.ci95[1].toFixed(1)}`,
        String(g.promoters),
        String(g.passives),
        String(g.detractors),
      ]),
    ),
  ];
  io.out(`${lines.join('\n')}\n`);
}

interface NpsGroup {
  key: string | null;
  n: number;
  nps: number;
  promoters: number;
  passives: number;
  detractors: number;
  ci95: [number, number];
}

function summarizeGroup(key: string | null, counts: NpsCounts): NpsGroup {
  // Every group here has at least one respondent, and the CLI reports every group it finds.
  const result = computeNps(counts, { minN: 1 });
  if (result.status !== 'ok') throw new CsvError(`group "${key ?? ''}" has no valid scores`);
  return {
    key,
    n: result.n,
    nps: result.nps,
    promoters: result.promoters,
    passives: result.passives,
    detractors: result.detractors,
    ci95: [result.interval.low, result.interval.high],
  };
}

/** Left-aligned first column, right-aligned numbers, columns separated by two spaces. */
function formatTable(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((row) => (row[c] ?? '').length)));
  return all
    .map((row) =>
      row
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
