import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ZConfig } from '../config.js';
import { limitHeapGrowth } from './heap-growth.js';

const CHURN = path.resolve(import.meta.dirname, '../../test/support/heap-churn.ts');

/** The highest heap in use over the lowest, in a process that churns after `limitHeapGrowth(percent)`. */
async function swing(percent: number): Promise<number> {
  const { stdout } = await promisify(execFile)(process.execPath, [
    '--import',
    'tsx',
    CHURN,
    String(percent),
  ]);
  const { highest, lowest } = JSON.parse(stdout) as { highest: number; lowest: number };
  return highest / lowest;
}

describe('heap growth', () => {
  it('keeps the heap within a fifth or so of its live size, where V8 alone lets it grow', async () => {
    // The same churn twice: V8's own factor first, which is what makes the test able to fail.
    const own = await swing(0);
    const limited = await swing(20);
    expect(own).toBeGreaterThan(1.5);
    expect(limited).toBeLessThan(1.45);
  }, 60_000);

  it('is 20% unless HEAP_GROWTH_PERCENT says otherwise, and refuses a negative or fractional one', () => {
    expect(ZConfig.parse({ databaseUrl: ':memory:' }).heapGrowthPercent).toBe(20);
    expect(
      ZConfig.parse({ databaseUrl: ':memory:', heapGrowthPercent: '0' }).heapGrowthPercent,
    ).toBe(0);
    expect(() => ZConfig.parse({ databaseUrl: ':memory:', heapGrowthPercent: '-5' })).toThrow(
      /heapGrowthPercent/,
    );
    expect(() => limitHeapGrowth(2.5)).toThrow('heap growth: 2.5 is not a whole number');
  });
});
