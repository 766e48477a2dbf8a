import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AnalyticsError } from './analytics-error.js';
import { correlationFromCrossProducts, crossProductsFromRows } from './cross-products.js';
import { computeKeyDrivers, keyDriversFromCorrelation, keyDriversFromRows } from './key-drivers.js';

// R's mtcars, copied from the shared reference data (../shared/data/reference from the repo root)
// into the package so that a copy of the repository (Stryker's sandbox) still finds it.
const mtcarsUrl = new URL('../../test/fixtures/mtcars.csv', import.meta.url);

function readMtcars(columns: readonly string[]): number[][] {
  const [headerLine, ...lines] = readFileSync(mtcarsUrl, 'utf8').trim().split(/\r?\n/);
  const header = (headerLine ?? '').split(',');
  const indexes = columns.map((column) => header.indexOf(column));
  return lines.map((line) => {
    const fields = line.split(',');
    return indexes.map((index) => Number(fields[index]));
  });
}

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

const variables = ['mpg', 'cyl', 'disp', 'hp', 'gear'];

describe('key drivers on mtcars (published rwa results)', () => {
  const rows = readMtcars(variables);

  it('reproduces R-squared, raw and rescaled relative weights and signs', () => {
    const result = keyDriversFromRows(variables, rows);
    expect(result.method).toBe('relative-weights');
    expect(result.n).toBe(32);
    expect(result.rowsLeftOut).toBe(0);
    expect(result.r2).toBeCloseTo(0.7791896, 7);
    const expected = [
      ['cyl', 0.2284797, 29.32274, -1],
      ['disp', 0.2221469, 28.50999, -1],
      ['hp', 0.2321744, 29.79691, -1],
      ['gear', 0.0963886, 12.37037, 1],
    ] as const;
    expected.forEach(([name, weight, rescaled, sign], i) => {
      const driver = result.drivers[i];
      expect(driver?.name).toBe(name);
      expect(driver?.weight).toBeCloseTo(weight, 7);
      expect(driver?.rescaled).toBeCloseTo(rescaled, 5);
      expect(driver?.sign).toBe(sign);
    });
  });

  it('reports each driver mean as its performance', () => {
    const result = keyDriversFromRows(variables, rows);
    // Column means of mtcars: cyl 6.1875, disp 230.721875, hp 146.6875, gear 3.6875.
    [6.1875, 230.721875, 146.6875, 3.6875].forEach((mean, i) =>
      expect(result.drivers[i]?.performance).toBeCloseTo(mean, 9),
    );
  });

  it('gives the same R-squared with Shapley, and weights that still sum to it', () => {
    const result = keyDriversFromRows(variables, rows, { method: 'shapley' });
    expect(result.r2).toBeCloseTo(0.7791896, 7);
    const total = result.drivers.reduce((sum, driver) => sum + driver.weight, 0);
    expect(total).toBeCloseTo(result.r2, 12);
    const rescaled = result.drivers.reduce((sum, driver) => sum + driver.rescaled, 0);
    expect(rescaled).toBeCloseTo(100, 10);
  });

  it('accepts an accumulator or a bare correlation matrix (no means, so no performance)', () => {
    const { accumulator } = crossProductsFromRows(variables, rows);
    expect(computeKeyDrivers(accumulator).r2).toBeCloseTo(0.7791896, 7);
    const { correlation } = correlationFromCrossProducts(accumulator);
    const bare = keyDriversFromCorrelation({ variables, n: 32, correlation });
    expect(bare.r2).toBeCloseTo(0.7791896, 7);
    expect(bare.drivers[0]?.weight).toBeCloseTo(0.2284797, 7);
    expect(bare.drivers[0]?.performance).toBeNull();
  });
});

describe('key drivers refuse bad input with a typed error', () => {
  const base = [
    [3, 1, 5, 2],
    [4, 2, 3, 3],
    [6, 3, 4, 1],
    [5, 4, 6, 5],
    [8, 5, 2, 4],
    [7, 6, 7, 6],
  ];

  it('too-few-rows below drivers + 2', () => {
    const error = catchError(() => keyDriversFromRows(['y', 'a', 'b', 'c'], base.slice(0, 4)));
    expect(error).toBeInstanceOf(AnalyticsError);
    expect(error).toMatchObject({ code: 'too-few-rows' });
  });

  it('constant-variable naming the driver, or the outcome', () => {
    const flatDriver = base.map(([y, a, , c]) => [y ?? 0, a ?? 0, 9, c ?? 0]);
    expect(catchError(() => keyDriversFromRows(['y', 'a', 'b', 'c'], flatDriver))).toMatchObject({
      code: 'constant-variable',
      column: 'b',
    });
    const flatOutcome = base.map(([, a, b, c]) => [1, a ?? 0, b ?? 0, c ?? 0]);
    expect(catchError(() => keyDriversFromRows(['y', 'a', 'b', 'c'], flatOutcome))).toMatchObject({
      code: 'constant-variable',
      column: 'y',
    });
  });

  it('collinear-drivers naming the driver that repeats the others', () => {
    const collinear = base.map(([y, a, b]) => [y ?? 0, a ?? 0, b ?? 0, 2 * (a ?? 0) - (b ?? 0)]);
    const error = catchError(() => keyDriversFromRows(['y', 'a', 'b', 'c'], collinear));
    expect(error).toMatchObject({ code: 'collinear-drivers', column: 'c' });
    expect(String((error as Error).message)).toMatch(/"c"/);
  });

  it('invalid-input for an unknown method or a malformed matrix', () => {
    expect(
      catchError(() =>
        keyDriversFromRows(['y', 'a', 'b', 'c'], base, { method: 'magic' as 'shapley' }),
      ),
    ).toMatchObject({ code: 'invalid-input' });
    expect(
      catchError(() =>
        keyDriversFromCorrelation({ variables: ['y', 'a'], n: 10, correlation: [1, 0.5, 0.4, 1] }),
      ),
    ).toMatchObject({ code: 'invalid-input' });
  });
});
