// `touchstone analyze changes`: the change scan of the alerts (one change in mean per series,
// Holm across every series, localised) over a CSV file of dated scores.
import type { Command } from 'commander';
import {
  changeScanSettings,
  scanForChanges,
  type ChangeAtom,
  type ChangeScanOptions,
} from '@touchstone/core';
import { action, processIo, type TCliIo } from './cli-context.js';
import { CsvError, readCsvRecords } from '../csv/csv-parser.js';
import { findColumns, parseNumericCell } from './csv-cells.js';

interface ChangesOptions {
  csv: string;
  date: string;
  score: string;
  metric: string;
  segments?: string;
  alpha: string;
  minN: string;
  minWeeks: string;
  minEffect: string;
  minNpsPoints: string;
  delimiter?: string;
  json?: boolean;
}

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const COMPACT_DAY = /^(\d{4})(\d{2})(\d{2})$/;

/** The UTC day number of a YYYY-MM-DD (optionally with a time) or YYYYMMDD cell, or null. */
export function parseDayCell(cell: string | undefined): number | null {
  const text = (cell ?? '').trim();
  const match = ISO_DAY.exec(text) ?? COMPACT_DAY.exec(text);
  if (match === null) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC rolls 2024-02-31 over into March: such a day does not exist.
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return Math.round(ms / DAY_MS);
}

function numberOption(text: string, name: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new CsvError(`${name} must be a number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

/** Adds `changes` to the `analyze` command. */
export function registerAnalyzeChangesCommand(analyze: Command, io: TCliIo = processIo): void {
  analyze
    .command('changes')
    .description(
      'Change detection: every series (the whole file, each value of each --segments column and ' +
        'each pair of values of two columns) aggregated by week (Monday to Sunday) and tested for ' +
        'one change in mean (CUSUM, Kolmogorov p-value); p-values adjusted with Holm across all ' +
        'series, so the chance of any false alarm is at most --alpha; changes smaller than the ' +
        'minimum effect dropped; a change shared by a broader series reported once, at the most ' +
        'specific series that explains it. "date" is the first day of the first week after the ' +
        'change; "before" and "after" are the mean (or NPS in points) on each side; "p" is the ' +
        'Holm-adjusted p-value. Rows with an unreadable date or score are left out and counted ' +
        'on stderr.',
    )
    .requiredOption('--csv <file>', 'CSV or TSV file with a header row')
    .requiredOption('--date <column>', 'column holding the date: YYYY-MM-DD (ISO) or YYYYMMDD')
    .requiredOption('--score <column>', 'column holding the score')
    .option('--metric <metric>', 'nps (0-10 scores, NPS in points) or mean', 'mean')
    .option('--segments <columns>', 'comma-separated columns to segment by (up to two crossed)')
    .option('--alpha <alpha>', 'family-wise error rate of the whole scan', '0.05')
    .option('--min-n <n>', 'responses needed on each side of a change', '30')
    .option('--min-weeks <n>', 'weeks with data needed on each side of a change', '4')
    .option('--min-effect <d>', "smallest |Cohen's d| that counts (mean)", '0.3')
    .option('--min-nps-points <points>', 'smallest NPS change in points that counts (nps)', '10')
    .option(
      '--delimiter <char>',
      'field delimiter (default "," or tab for .tsv; "tab" or "\\t" for tab)',
    )
    .option(
      '--json',
      'print {"changes": [{"segment": {column: value}, "date", "before", "after", "p"}]}; an ' +
        'empty segment is the whole file',
    )
    .action(action(io, (options: ChangesOptions) => analyzeChanges(options, io)));
}

function resolveDelimiter(options: ChangesOptions): string {
  const given = options.delimiter;
  if (given === undefined) return /\.(tsv|tab)$/i.test(options.csv) ? '\t' : ',';
  if (given === 'tab' || given === '\\t') return '\t';
  if (given.length !== 1)
    throw new CsvError(`--delimiter must be one character or "tab", got "${given}"`);
  return given;
}

function parseSegments(list: string | undefined, date: string, score: string): string[] {
  const columns = (list ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  const repeated = columns.find((c, i) => columns.indexOf(c) !== i);
  if (repeated !== undefined) throw new CsvError(`segment column "${repeated}" is listed twice`);
  const clash = columns.find((c) => c === date || c === score);
  if (clash !== undefined) {
    throw new CsvError(`"${clash}" cannot be both a segment and the date or score column`);
  }
  return columns;
}

interface ChangeRows {
  days: number[];
  values: number[];
  atomOf: number[];
  atoms: Record<string, string>[];
  leftOut: { date: number; score: number; firstDate: string | null; firstScore: string | null };
}

async function readRows(
  options: ChangesOptions,
  segments: string[],
  nps: boolean,
): Promise<ChangeRows> {
  const rows: ChangeRows = {
    days: [],
    values: [],
    atomOf: [],
    atoms: [],
    leftOut: { date: 0, score: 0, firstDate: null, firstScore: null },
  };
  const atomIds = new Map<string, number>();
  let indexes: number[] | undefined;
  let line = 1;
  for await (const { fields } of readCsvRecords(options.csv, {
    delimiter: resolveDelimiter(options),
  })) {
    if (indexes === undefined) {
      indexes = findColumns(fields, [options.date, options.score, ...segments]);
      continue;
    }
    line += 1;
    const day = parseDayCell(fields[indexes[0] ?? 0]);
    if (day === null) {
      rows.leftOut.date += 1;
      rows.leftOut.firstDate ??= `row ${line}: "${fields[indexes[0] ?? 0] ?? ''}"`;
      continue;
    }
    const score = parseNumericCell(fields[indexes[1] ?? 0]);
    const valid =
      score !== null && (!nps || (Number.isInteger(score) && score >= 0 && score <= 10));
    if (!valid) {
      rows.leftOut.score += 1;
      rows.leftOut.firstScore ??= `row ${line}: "${fields[indexes[1] ?? 0] ?? ''}"`;
      continue;
    }
    const segment: Record<string, string> = {};
    segments.forEach((column, i) => {
      const text = (fields[indexes?.[i + 2] ?? 0] ?? '').trim();
      if (text !== '') segment[column] = text;
    });
    const id = JSON.stringify(segments.map((c) => segment[c] ?? null));
    let atom = atomIds.get(id);
    if (atom === undefined) {
      atom = rows.atoms.length;
      atomIds.set(id, atom);
      rows.atoms.push(segment);
    }
    rows.days.push(day);
    rows.values.push(nps ? (score >= 9 ? 1 : score >= 7 ? 0 : -1) : score);
    rows.atomOf.push(atom);
  }
  if (indexes === undefined) throw new CsvError(`"${options.csv}" is empty: it has no header row`);
  return rows;
}

function scanOptions(options: ChangesOptions): ChangeScanOptions {
  return changeScanSettings({
    alpha: numberOption(options.alpha, '--alpha', 1e-12, 0.5),
    minN: Math.round(numberOption(options.minN, '--min-n', 2, 1e9)),
    minWeeks: Math.round(numberOption(options.minWeeks, '--min-weeks', 1, 1000)),
    minEffectSize: numberOption(options.minEffect, '--min-effect', 0, 100),
    minNpsPoints: numberOption(options.minNpsPoints, '--min-nps-points', 0, 200),
  });
}

async function analyzeChanges(options: ChangesOptions, io: TCliIo): Promise<void> {
  if (options.metric !== 'nps' && options.metric !== 'mean') {
    throw new CsvError(`unknown --metric "${options.metric}"; use nps or mean`);
  }
  const nps = options.metric === 'nps';
  const settings = scanOptions(options);
  const segments = parseSegments(options.segments, options.date, options.score);
  const rows = await readRows(options, segments, nps);
  const { leftOut } = rows;
  if (leftOut.date > 0) {
    io.err(
      `${leftOut.date} rows left out: unreadable date in "${options.date}" (first at ${leftOut.firstDate ?? ''}); use YYYY-MM-DD or YYYYMMDD\n`,
    );
  }
  if (leftOut.score > 0) {
    const wanted = nps ? 'a whole number from 0 to 10' : 'a number';
    io.err(
      `${leftOut.score} rows left out: "${options.score}" is not ${wanted} (first at ${leftOut.firstScore ?? ''})\n`,
    );
  }
  if (rows.days.length === 0) throw new CsvError('no row has both a readable date and score');

  let minDay = Infinity;
  let maxDay = -Infinity;
  for (const day of rows.days) {
    minDay = Math.min(minDay, day);
    maxDay = Math.max(maxDay, day);
  }
  // Weeks run Monday to Sunday; day 0 (1970-01-01) was a Thursday.
  const firstWeekDay = minDay - ((((minDay + 3) % 7) + 7) % 7);
  const weekCount = Math.floor((maxDay - firstWeekDay) / 7) + 1;
  const atoms: ChangeAtom[] = rows.atoms.map((segment) => ({
    touchpoint: null,
    segment,
    weeks: {
      n: new Float64Array(weekCount),
      sum: new Float64Array(weekCount),
      sumSq: new Float64Array(weekCount),
    },
  }));
  rows.days.forEach((day, i) => {
    const weeks = atoms[rows.atomOf[i] ?? 0]?.weeks as {
      n: Float64Array;
      sum: Float64Array;
      sumSq: Float64Array;
    };
    const week = Math.floor((day - firstWeekDay) / 7);
    const value = rows.values[i] ?? 0;
    weeks.n[week] = (weeks.n[week] ?? 0) + 1;
    weeks.sum[week] = (weeks.sum[week] ?? 0) + value;
    weeks.sumSq[week] = (weeks.sumSq[week] ?? 0) + value * value;
  });
  const result = scanForChanges(
    {
      firstWeekDay,
      weekCount,
      attributes: segments,
      measures: [{ key: options.score, metric: options.metric, kind: nps ? 'nps' : 'mean', atoms }],
    },
    settings,
  );
  if (result.testedSeries === 0) {
    throw new CsvError(
      `the series is too short to test: a change needs ${settings.minN ?? 30} rows and ` +
        `${settings.minWeeks ?? 4} weeks with data on each side; the file has ${rows.days.length} ` +
        `usable rows over ${weekCount} weeks`,
    );
  }
  const changes = result.findings.map((f) => ({
    segment: f.segment,
    date: f.changeDate,
    before: f.before.value,
    after: f.after.value,
    p: f.adjustedPValue,
  }));
  if (options.json === true) {
    io.out(`${JSON.stringify({ changes })}\n`);
    return;
  }
  const lines = [
    `${changes.length} change(s) in ${result.testedSeries} series tested (${result.skippedSeries} too small to test), Holm-adjusted at alpha ${settings.alpha ?? 0.05}`,
    ...changes.map((c) => {
      const where = Object.entries(c.segment)
        .map(([k, v]) => `${k} = ${v}`)
        .join(' x ');
      return `${c.date}  ${where === '' ? 'everyone' : where}: ${c.before.toFixed(2)} -> ${c.after.toFixed(2)} (p = ${c.p.toPrecision(3)})`;
    }),
  ];
  io.out(`${lines.join('\n')}\n`);
}
