import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerAnalyzeCommand } from './analyze-command.js';
import { parseDay } from './analyze-clv.js';

const REFERENCE = new URL('../../../../../shared/data/reference/', import.meta.url);
const CDNOW = new URL('CDNOW_sample.txt', REFERENCE).pathname;

interface ClvJson {
  bgnbd: { r: number; alpha: number; a: number; b: number };
  gammagamma: { p: number; q: number; v: number };
  customers: {
    id: string;
    x: number;
    t_x: number;
    T: number;
    monetary: number;
    p_alive: number;
    expected_purchases: number;
    clv: number;
  }[];
}

let dir = '';

// Twelve customers with purchases in January-March 2024; calibration end 2024-03-31 (day 90 of
// the year). Customer k (1..12) buys on 2024-01-0k for 10, then every 14 days for 10 * k while
// the day is in Q1, except that odd customers stop after their third purchase.
function smallFile(): string {
  const lines = ['customer,when,value'];
  for (let k = 1; k <= 12; k++) {
    const start = Date.UTC(2024, 0, k);
    lines.push(`c${k},${new Date(start).toISOString().slice(0, 10)},10`);
    for (let n = 1; ; n++) {
      const time = start + n * 14 * 86_400_000;
      if (time > Date.UTC(2024, 2, 31) || (k % 2 === 1 && n > 2)) break;
      lines.push(`c${k},${new Date(time).toISOString().slice(0, 10).replace(/-/g, '')},${10 * k}`);
    }
  }
  return lines.join('\n');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'analyze-clv-'));
  const base = smallFile();
  writeFileSync(join(dir, 'small.csv'), base);
  // c1 gets a second transaction on its first day (one purchase day, amounts summed), a refund,
  // a free item, a row after the calibration end, and rows with a bad amount, date and customer.
  writeFileSync(
    join(dir, 'messy.csv'),
    [
      base,
      'c1,2024-01-01,5',
      'c1,2024-01-15,-10',
      'c1,2024-01-20,0',
      'c1,2024-06-01,99',
      'c1,2024-01-29,ten',
      'c1,2024-02-30,10',
      ',2024-01-29,10',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'tiny.csv'),
    'customer,when,value\na,2024-01-01,5\na,2024-01-08,5\nb,2024-01-02,7\n',
  );
});

afterEach(() => {
  process.exitCode = undefined;
});

async function run(...args: string[]): Promise<{ out: string; err: string; exitCode: unknown }> {
  let out = '';
  let err = '';
  const program = new Command().exitOverride();
  registerAnalyzeCommand(program, {
    out: (text) => (out += text),
    err: (text) => (err += text),
    interactive: false,
  });
  await program.parseAsync(['analyze', 'clv', ...args], { from: 'user' });
  const exitCode = process.exitCode;
  process.exitCode = undefined;
  return { out, err, exitCode };
}

const columns = ['--customer', 'customer', '--date', 'when', '--amount', 'value'];

function expectAllFinite(result: ClvJson): void {
  const numbers = [
    ...Object.values(result.bgnbd),
    ...Object.values(result.gammagamma),
    ...result.customers.flatMap((c) => [
      c.x,
      c.t_x,
      c.T,
      c.monetary,
      c.p_alive,
      c.expected_purchases,
      c.clv,
    ]),
  ];
  expect(numbers.every((n) => Number.isFinite(n))).toBe(true);
}

describe('touchstone analyze clv on CDNOW_sample.txt', () => {
  it('reproduces the reference summaries and the published fits from the raw file', async () => {
    const { out, err, exitCode } = await run(
      '--csv',
      CDNOW,
      '--delimiter',
      'whitespace',
      '--columns',
      'customer_id,sample_id,date,cds,dollars',
      '--customer',
      'sample_id',
      '--date',
      'date',
      '--amount',
      'dollars',
      '--calibration-end',
      '1997-09-30',
      '--horizon-weeks',
      '39',
      '--discount-rate',
      '0',
      '--json',
    );
    expect(exitCode).toBeUndefined();
    expect(err).toBe('warning: 8 transactions with a zero or negative amount were dropped\n');
    const result = JSON.parse(out) as ClvJson;
    expect(result.bgnbd.r).toBeCloseTo(0.243, 3);
    expect(result.bgnbd.alpha).toBeCloseTo(4.414, 3);
    expect(result.bgnbd.a).toBeCloseTo(0.793, 3);
    expect(result.bgnbd.b).toBeCloseTo(2.426, 3);
    expect(result.gammagamma.p).toBeCloseTo(6.25, 2);
    expect(result.gammagamma.q).toBeCloseTo(3.74, 2);
    expect(result.gammagamma.v).toBeCloseTo(15.44, 2);
    const rows = readFileSync(
      new URL('cdnow_customers_summary_with_transactions.csv', REFERENCE),
      'utf8',
    )
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((line) => line.split(',').map(Number));
    expect(result.customers).toHaveLength(rows.length);
    const byId = new Map(result.customers.map((c) => [Number(c.id), c]));
    for (const [id = 0, x, tx = 0, T = 0, zbar = 0] of rows) {
      const c = byId.get(id);
      expect(c?.x).toBe(x);
      expect(Math.abs((c?.t_x ?? NaN) - tx)).toBeLessThanOrEqual(0.005);
      expect(Math.abs((c?.T ?? NaN) - T)).toBeLessThanOrEqual(0.005);
      expect(Math.abs((c?.monetary ?? NaN) - zbar)).toBeLessThanOrEqual(0.005 + 1e-9);
    }
    // FHL's worked customer (x = 2, t_x = 30.43, T = 38.86): 1.226 purchases in 39 weeks.
    expect(byId.get(1)?.expected_purchases).toBeCloseTo(1.226, 2);
    expect(result.customers[0]?.clv).toBeCloseTo(
      (result.customers[0]?.expected_purchases ?? 0) * 24.65,
      0,
    );
    expectAllFinite(result);
  });
});

describe('touchstone analyze clv on a hand-made file', () => {
  it('summarises by purchase day in weeks and counts what it dropped', async () => {
    const clean = JSON.parse(
      (
        await run(
          '--csv',
          join(dir, 'small.csv'),
          ...columns,
          '--calibration-end',
          '2024-03-31',
          '--json',
        )
      ).out,
    ) as ClvJson;
    const { out, err, exitCode } = await run(
      '--csv',
      join(dir, 'messy.csv'),
      ...columns,
      '--calibration-end',
      '2024-03-31',
      '--json',
    );
    expect(exitCode).toBeUndefined();
    expect(err).toContain('warning: 2 transactions with a zero or negative amount were dropped');
    expect(err).toContain('warning: 1 rows left out: an empty customer id');
    expect(err).toContain('warning: 1 rows left out: a date that is not YYYY-MM-DD or YYYYMMDD');
    expect(err).toContain('warning: 1 rows left out: an amount that is not a number');
    const result = JSON.parse(out) as ClvJson;
    expectAllFinite(result);
    // c1: days Jan 1 (10 + 5), Jan 15 (10), Jan 29 (10); calibration end Mar 31 is 90 days on.
    expect(result.customers[0]).toMatchObject({ id: 'c1', x: 2, t_x: 4, T: 90 / 7, monetary: 10 });
    // c2: Jan 2 then every 14 days to Mar 26 (6 repeats of 20), T = 89 days.
    expect(result.customers[1]).toMatchObject({ id: 'c2', x: 6, t_x: 12, T: 89 / 7, monetary: 20 });
    // The extra rows change nothing the models see: same fit as the clean file.
    expect(result.bgnbd.r).toBeCloseTo(clean.bgnbd.r, 6);
    expect(result.customers).toHaveLength(12);
  });

  it('explains a calibration end before every transaction', async () => {
    const { out, err, exitCode } = await run(
      '--csv',
      join(dir, 'small.csv'),
      ...columns,
      '--calibration-end',
      '2023-12-31',
    );
    expect(out).toBe('');
    expect(exitCode).toBe(1);
    expect(err).toBe(
      'error: the calibration end 2023-12-31 is before every transaction (the first is on 2024-01-01): there is nothing to fit\n',
    );
  });

  it('explains too few customers to fit', async () => {
    const { err, exitCode } = await run(
      '--csv',
      join(dir, 'tiny.csv'),
      ...columns,
      '--calibration-end',
      '2024-03-31',
    );
    expect(exitCode).toBe(1);
    expect(err).toBe('error: the BG/NBD fit needs at least 10 customers, got 2\n');
  });

  it('names a missing column and a bad option', async () => {
    const missing = await run(
      '--csv',
      join(dir, 'small.csv'),
      '--customer',
      'customer',
      '--date',
      'day',
      '--amount',
      'value',
      '--calibration-end',
      '2024-03-31',
    );
    expect(missing.exitCode).toBe(1);
    expect(missing.err).toBe(
      'error: unknown column "day"; available columns: customer, when, value\n',
    );
    const badEnd = await run(
      '--csv',
      join(dir, 'small.csv'),
      ...columns,
      '--calibration-end',
      '31/03/2024',
    );
    expect(badEnd.err).toBe(
      'error: --calibration-end must be a date YYYY-MM-DD, got "31/03/2024"\n',
    );
    const badHorizon = await run(
      '--csv',
      join(dir, 'small.csv'),
      ...columns,
      '--calibration-end',
      '2024-03-31',
      '--horizon-weeks',
      'many',
    );
    expect(badHorizon.err).toBe('error: --horizon-weeks must be a number, got "many"\n');
    const noFile = await run(
      '--csv',
      join(dir, 'none.csv'),
      ...columns,
      '--calibration-end',
      '2024-03-31',
    );
    expect(noFile.err).toMatch(/^error: cannot read ".*none.csv": no such file\n$/);
  });
});

describe('parseDay', () => {
  it('reads ISO and YYYYMMDD dates and refuses impossible ones', () => {
    expect(parseDay('1970-01-02')).toBe(1);
    expect(parseDay('19970930')).toBe(parseDay('1997-09-30'));
    expect(parseDay('2024-03-31T23:59:59Z')).toBe(parseDay('2024-03-31'));
    expect(parseDay('2024-02-30')).toBeNull();
    expect(parseDay('31/03/2024')).toBeNull();
  });
});
