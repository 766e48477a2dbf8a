import { describe, expect, it } from 'vitest';
import { AnalyticsError } from './analytics-error.js';
import { assertEnoughRows, splitDriverCorrelations } from './driver-correlations.js';
import { KEY_DRIVER_METHODS, keyDriversFromCorrelation } from './key-drivers.js';

function refusal(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

/** A correlation matrix over [outcome, ...drivers] whose drivers are mutually uncorrelated. */
function orthogonalDrivers(rxy: readonly number[]): number[] {
  const k = rxy.length + 1;
  const matrix = new Array<number>(k * k).fill(0);
  for (let i = 0; i < k; i++) matrix[i * k + i] = 1;
  rxy.forEach((r, j) => {
    matrix[j + 1] = r;
    matrix[(j + 1) * k] = r;
  });
  return matrix;
}

describe('splitDriverCorrelations', () => {
  it('splits [outcome, ...drivers] into rxy and rxx', () => {
    const split = splitDriverCorrelations({
      variables: ['y', 'a', 'b'],
      n: 10,
      correlation: [1, 0.3, 0.4, 0.3, 1, 0.2, 0.4, 0.2, 1],
    });
    expect(split.outcome).toBe('y');
    expect(split.drivers).toEqual(['a', 'b']);
    expect([...split.rxy]).toEqual([0.3, 0.4]);
    expect([...split.rxx]).toEqual([1, 0.2, 0.2, 1]);
  });

  it.each([
    [['y'], [1], 'key drivers need an outcome and at least one driver'],
    [['y', 'y'], [1, 0, 0, 1], 'variable names must be unique: y, y'],
    [['y', 'a'], [1, 0, 0], 'a 2-variable correlation matrix has 4 entries, got 3'],
    [['y', 'a'], [1, 0.5, 0.4, 1], 'not a correlation matrix at (y, a): 0.5'],
    [['y', 'a'], [1, 1.1, 1.1, 1], 'not a correlation matrix at (y, a): 1.1'],
    [['y', 'a'], [1, 0.5, 0.5, 0.9], 'not a correlation matrix at (a, a): 0.9'],
    [['y', 'a'], [1, Number.NaN, Number.NaN, 1], 'not a correlation matrix at (y, a): NaN'],
  ])('refuses %j with %j', (variables, correlation, message) => {
    const error = refusal(() => splitDriverCorrelations({ variables, n: 10, correlation }));
    expect(error).toBeInstanceOf(AnalyticsError);
    expect(error).toMatchObject({ code: 'invalid-input', message });
  });

  it('takes correlations of exactly -1 and 1 and asymmetry within 1e-9', () => {
    expect(() =>
      splitDriverCorrelations({ variables: ['y', 'a'], n: 10, correlation: [1, -1, -1, 1] }),
    ).not.toThrow();
    expect(() =>
      splitDriverCorrelations({
        variables: ['y', 'a'],
        n: 10,
        correlation: [1, 0.5, 0.5 + 5e-10, 1 - 5e-10],
      }),
    ).not.toThrow();
  });

  it('needs drivers + 2 rows: exactly that many pass, one fewer is too-few-rows', () => {
    expect(() => assertEnoughRows(4, 2)).not.toThrow();
    expect(refusal(() => assertEnoughRows(3, 2))).toMatchObject({
      code: 'too-few-rows',
      message: '2 drivers need at least 4 complete rows, got 3',
    });
    expect(refusal(() => assertEnoughRows(Number.NaN, 2))).toMatchObject({ code: 'too-few-rows' });
  });

  it('names the first driver that repeats the ones before it', () => {
    const error = refusal(() =>
      splitDriverCorrelations({
        variables: ['y', 'a', 'b', 'c'],
        n: 10,
        correlation: [1, 0.3, 0.3, 0.2, 0.3, 1, 1, 0, 0.3, 1, 1, 0, 0.2, 0, 0, 1],
      }),
    );
    expect(error).toMatchObject({
      code: 'collinear-drivers',
      column: 'b',
      message:
        'driver "b" is (almost) a linear combination of the drivers before it; leave one of them out',
    });
  });
});

describe('key drivers worked by hand', () => {
  it('gives each orthogonal driver its squared correlation, by both methods, up to 15 drivers', () => {
    const rxy = Array.from({ length: 15 }, (_, j) => (j % 2 === 0 ? 0.02 : -0.02) * (j + 1));
    const variables = ['y', ...rxy.map((_, j) => `d${j}`)];
    const total = rxy.reduce((sum, r) => sum + r * r, 0);
    for (const method of KEY_DRIVER_METHODS) {
      const result = keyDriversFromCorrelation(
        { variables, n: 100, correlation: orthogonalDrivers(rxy) },
        { method },
      );
      expect(result.method).toBe(method);
      expect(result.outcome).toBe('y');
      expect(result.n).toBe(100);
      expect(result.r2).toBeCloseTo(total, 12);
      result.drivers.forEach((driver, j) => {
        const r = rxy[j] ?? 0;
        expect(driver.name).toBe(`d${j}`);
        expect(driver.weight).toBeCloseTo(r * r, 12);
        expect(driver.rescaled).toBeCloseTo((100 * r * r) / total, 9);
        expect(driver.sign).toBe(r < 0 ? -1 : 1);
        expect(driver.correlation).toBe(r);
      });
    }
  });

  it('refuses Shapley past 15 drivers but not relative weights', () => {
    const rxy = Array.from({ length: 16 }, () => 0.1);
    const input = {
      variables: ['y', ...rxy.map((_, j) => `d${j}`)],
      n: 100,
      correlation: orthogonalDrivers(rxy),
    };
    expect(refusal(() => keyDriversFromCorrelation(input, { method: 'shapley' }))).toMatchObject({
      code: 'too-many-drivers',
      message: 'Shapley regression handles at most 15 drivers, got 16; use relative weights',
    });
    expect(keyDriversFromCorrelation(input).r2).toBeCloseTo(0.16, 14);
  });

  it('splits two correlated drivers by their average gain (Shapley, closed form)', () => {
    // r1 = 0.5, r2 = 0.3, r12 = 0.4: R^2 = (0.25 + 0.09 - 2 * 0.5 * 0.3 * 0.4) / (1 - 0.16)
    // = 0.22 / 0.84; driver 1 gets (0.25 + R^2 - 0.09) / 2, driver 2 (0.09 + R^2 - 0.25) / 2.
    const result = keyDriversFromCorrelation(
      { variables: ['y', 'a', 'b'], n: 50, correlation: [1, 0.5, 0.3, 0.5, 1, 0.4, 0.3, 0.4, 1] },
      { method: 'shapley' },
    );
    const r2 = 0.22 / 0.84;
    expect(result.r2).toBeCloseTo(r2, 14);
    expect(result.drivers[0]?.weight).toBeCloseTo((0.25 + r2 - 0.09) / 2, 14);
    expect(result.drivers[1]?.weight).toBeCloseTo((0.09 + r2 - 0.25) / 2, 14);
  });

  it('rescales to 0 rather than NaN when no driver explains anything, and signs a zero +1', () => {
    const result = keyDriversFromCorrelation({
      variables: ['y', 'a', 'b'],
      n: 10,
      correlation: [1, 0, 0, 0, 1, 0.5, 0, 0.5, 1],
    });
    expect(result.r2).toBe(0);
    for (const driver of result.drivers) {
      expect(driver).toMatchObject({ weight: 0, rescaled: 0, sign: 1, performance: null });
    }
  });

  it('refuses an unknown method by name', () => {
    expect(
      refusal(() =>
        keyDriversFromCorrelation(
          { variables: ['y', 'a'], n: 10, correlation: [1, 0.2, 0.2, 1] },
          { method: 'magic' as 'shapley' },
        ),
      ),
    ).toMatchObject({ code: 'invalid-input', message: 'unknown key-driver method "magic"' });
  });
});
