// `touchstone analyze clv`: customer lifetime value from a file of transactions (BG/NBD purchases,
// Gamma-Gamma spend), fitted on the transactions up to a calibration end.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import {
  analyzeCustomerValue,
  ClvSummaryBuilder,
  CLV_DEFAULT_DISCOUNT_RATE,
  CLV_DEFAULT_HORIZON_WEEKS,
  resolveClvOptions,
  type ClvCustomerValue,
} from '@touchstone/core';
import { action, processIo, type TCliIo } from './cli-context.js';
import { CsvError, readCsvRecords } from '../csv/csv-parser.js';
import { findColumns, parseNumericCell } from './csv-cells.js';

interface ClvOptions {
  csv: string;
  customer: string;
  date: string;
  amount: string;
  calibrationEnd: string;
  horizonWeeks: string;
  discountRate: string;
  delimiter?: string;
  columns?: string;
  json?: boolean;
}

const DAY_MS = 86_400_000;
const WHITESPACE = 'whitespace';

/** Adds `clv` to the `analyze` command. */
export function registerAnalyzeClvCommand(analyze: Command, io: TCliIo = processIo): void {
  analyze
    .command('clv')
    .description(
      'Customer lifetime value: BG/NBD (purchases and dropout) and Gamma-Gamma (spend) fitted on ' +
        'the transactions up to and including the calibration end. Time is in weeks; x counts ' +
        'repeat purchase days (a day with several transactions is one); monetary is the mean ' +
        'value of the repeat days. Transactions with a zero or negative amount are dropped and ' +
        'counted on stderr (a customer who only had such transactions stays, with x = 0); rows ' +
        'with an empty customer, an unreadable date or a non-numeric amount are left out and ' +
        'counted too. CLV = expected spend x the purchases expected in each coming week, each ' +
        'week discounted at (1 + rate)^(1/52).',
    )
    .requiredOption('--csv <file>', 'CSV, TSV or whitespace-separated file of transactions')
    .requiredOption('--customer <column>', 'column holding the customer id')
    .requiredOption('--date <column>', 'column holding the date: YYYY-MM-DD (ISO) or YYYYMMDD')
    .requiredOption('--amount <column>', 'column holding the transaction value')
    .requiredOption('--calibration-end <date>', 'last day of the calibration period, YYYY-MM-DD')
    .option(
      '--horizon-weeks <n>',
      'weeks of future value, 1 to 520',
      String(CLV_DEFAULT_HORIZON_WEEKS),
    )
    .option(
      '--discount-rate <rate>',
      'annual discount rate, 0 to 1',
      String(CLV_DEFAULT_DISCOUNT_RATE),
    )
    .option(
      '--delimiter <char>',
      'field delimiter: one character, "tab", or "whitespace" (runs of spaces and tabs; leading ' +
        'and trailing space ignored). Default "," or tab for .tsv',
    )
    .option(
      '--columns <names>',
      'the file has no header row: these comma-separated names are its columns, in order',
    )
    .option(
      '--json',
      'print {"bgnbd": {"r", "alpha", "a", "b"}, "gammagamma": {"p", "q", "v"}, "customers": ' +
        '[{"id", "x", "t_x", "T", "monetary", "p_alive", "expected_purchases", "clv"}]} as JSON',
    )
    .action(action(io, (options: ClvOptions) => analyzeClv(options, io)));
}

async function analyzeClv(options: ClvOptions, io: TCliIo): Promise<void> {
  const calibrationEnd = parseDay(options.calibrationEnd);
  if (calibrationEnd === null || !/^\d{4}-\d{2}-\d{2}$/.test(options.calibrationEnd.trim())) {
    throw new CsvError(
      `--calibration-end must be a date YYYY-MM-DD, got "${options.calibrationEnd}"`,
    );
  }
  const clvOptions = resolveClvOptions({
    horizonWeeks: parseOptionNumber(options.horizonWeeks, '--horizon-weeks'),
    discountRate: parseOptionNumber(options.discountRate, '--discount-rate'),
  });
  const builder = new ClvSummaryBuilder(calibrationEnd);
  const leftOut = { customer: 0, date: 0, amount: 0 };
  let firstDay: number | null = null;
  let indexes: number[] | undefined;
  const header = parseColumnList(options.columns);
  if (header !== undefined)
    indexes = findColumns(header, [options.customer, options.date, options.amount]);
  for await (const fields of readRecords(options)) {
    if (indexes === undefined) {
      indexes = findColumns(fields, [options.customer, options.date, options.amount]);
      continue;
    }
    const [customerIndex = 0, dateIndex = 0, amountIndex = 0] = indexes;
    const customer = (fields[customerIndex] ?? '').trim();
    const day = parseDay(fields[dateIndex] ?? '');
    const amount = parseNumericCell(fields[amountIndex]);
    if (customer === '') leftOut.customer += 1;
    else if (day === null) leftOut.date += 1;
    else if (amount === null) leftOut.amount += 1;
    else {
      builder.addTransaction(customer, day, amount);
      if (firstDay === null || day < firstDay) firstDay = day;
    }
  }
  if (indexes === undefined) throw new CsvError(`"${options.csv}" is empty: it has no header row`);
  const counts = builder.outcomeCounts();
  reportLeftOut(io, leftOut, counts['non-positive-amount']);
  const summaries = builder.summaries();
  if (summaries.length === 0) {
    if (firstDay === null) throw new CsvError(`"${options.csv}" has no usable transaction`);
    throw new CsvError(
      `the calibration end ${options.calibrationEnd.trim()} is before every transaction ` +
        `(the first is on ${formatDay(firstDay)}): there is nothing to fit`,
    );
  }
  const { models, customers } = analyzeCustomerValue(summaries, clvOptions);
  const bgnbd = models.bgnbd.parameters;
  const gammagamma = models.gammaGamma.parameters;
  if (options.json === true) {
    io.out(
      `${JSON.stringify({
        bgnbd: { r: bgnbd.r, alpha: bgnbd.alpha, a: bgnbd.a, b: bgnbd.b },
        gammagamma: { p: gammagamma.p, q: gammagamma.q, v: gammagamma.v },
        customers: customers.map(toJson),
      })}\n`,
    );
    return;
  }
  io.out(`${formatReport(customers, { ...clvOptions, bgnbd, gammagamma })}\n`);
}

function toJson(c: ClvCustomerValue): Record<string, string | number> {
  return {
    id: c.id,
    x: c.x,
    t_x: c.tx,
    T: c.T,
    monetary: c.monetary,
    p_alive: c.pAlive,
    expected_purchases: c.expectedPurchases,
    clv: c.clv,
  };
}

function reportLeftOut(
  io: TCliIo,
  leftOut: { customer: number; date: number; amount: number },
  nonPositive: number,
): void {
  if (nonPositive > 0) {
    io.err(`warning: ${nonPositive} transactions with a zero or negative amount were dropped\n`);
  }
  const reasons = [
    [leftOut.customer, 'an empty customer id'],
    [leftOut.date, 'a date that is not YYYY-MM-DD or YYYYMMDD'],
    [leftOut.amount, 'an amount that is not a number'],
  ] as const;
  for (const [count, reason] of reasons) {
    if (count > 0) io.err(`warning: ${count} rows left out: ${reason}\n`);
  }
}

async function* readRecords(options: ClvOptions): AsyncGenerator<string[]> {
  const given = options.delimiter;
  if (given === WHITESPACE) {
    yield* readWhitespaceRecords(options.csv);
    return;
  }
  let delimiter: string;
  if (given === undefined) delimiter = /\.(tsv|tab)$/i.test(options.csv) ? '\t' : ',';
  else if (given === 'tab' || given === '\\t') delimiter = '\t';
  else if (given.length === 1) delimiter = given;
  else {
    throw new CsvError(
      `--delimiter must be one character, "tab" or "${WHITESPACE}", got "${given}"`,
    );
  }
  for await (const { fields } of readCsvRecords(options.csv, { delimiter })) yield fields;
}

async function* readWhitespaceRecords(path: string): AsyncGenerator<string[]> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  try {
    for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
      const trimmed = line.replace(/^\uFEFF/, '').trim();
      if (trimmed !== '') yield trimmed.split(/\s+/);
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string') throw error;
    throw new CsvError(`cannot read "${path}": ${(error as Error).message}`);
  } finally {
    stream.destroy();
  }
}

function parseColumnList(list: string | undefined): string[] | undefined {
  if (list === undefined) return undefined;
  const names = list.split(',').map((name) => name.trim());
  if (names.some((name) => name === ''))
    throw new CsvError(`--columns has an empty name: "${list}"`);
  return names;
}

function parseOptionNumber(text: string, option: string): number {
  const value = parseNumericCell(text);
  if (value === null) throw new CsvError(`${option} must be a number, got "${text}"`);
  return value;
}

/** Whole days since 1970-01-01 UTC of a YYYY-MM-DD (optionally followed by a time) or YYYYMMDD date, else null. */
export function parseDay(text: string): number | null {
  const match = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?$/.exec(text.trim());
  if (match === null) return null;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const time = Date.UTC(year, month - 1, day);
  const date = new Date(time);
  // Date.UTC rolls 1997-02-30 over into March; a real date survives the round trip.
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  ) {
    return null;
  }
  return time / DAY_MS;
}

function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function formatReport(
  customers: readonly ClvCustomerValue[],
  context: {
    horizonWeeks: number;
    discountRate: number;
    bgnbd: { r: number; alpha: number; a: number; b: number };
    gammagamma: { p: number; q: number; v: number };
  },
): string {
  const { bgnbd, gammagamma } = context;
  const total = customers.reduce((sum, c) => sum + c.clv, 0);
  const top = [...customers].sort((x, y) => y.clv - x.clv).slice(0, 20);
  const rows = top.map((c) => [
    c.id,
    String(c.x),
    c.tx.toFixed(2),
    c.T.toFixed(2),
    c.monetary.toFixed(2),
    c.pAlive.toFixed(3),
    c.expectedPurchases.toFixed(3),
    c.clv.toFixed(2),
  ]);
  const header = ['customer', 'x', 't_x', 'T', 'monetary', 'P(alive)', 'purchases', 'CLV'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const table = [header, ...rows]
    .map((row) =>
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join('  '),
    )
    .join('\n');
  return [
    `BG/NBD: r = ${bgnbd.r.toFixed(4)}, alpha = ${bgnbd.alpha.toFixed(4)}, a = ${bgnbd.a.toFixed(4)}, b = ${bgnbd.b.toFixed(4)}`,
    `Gamma-Gamma: p = ${gammagamma.p.toFixed(4)}, q = ${gammagamma.q.toFixed(4)}, v = ${gammagamma.v.toFixed(4)}`,
    `${customers.length} customers; total CLV over ${context.horizonWeeks} weeks at ${(context.discountRate * 100).toFixed(1)}% a year: ${total.toFixed(2)}`,
    '',
    `Top ${top.length} by CLV:`,
    table,
  ].join('\n');
}
