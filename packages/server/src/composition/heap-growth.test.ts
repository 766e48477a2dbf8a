import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZConfig } from '../config.js';
import { limitHeapGrowth } from './heap-growth.js';

const CHURN = path.resolve(import.meta.dirname, '../../test/support/heap-churn.ts');

/**
 * The highest heap in use (bytes) of a process that churns after `limitHeapGrowth(percent)`:
 * alone, inside a bulk load, or after one.
 */
async function highestHeap(
  percent: number,
  mode: 'steady' | 'load' | 'after-load',
): Promise<number> {
  const { stdout } = await promisify(execFile)(process.execPath, [
    '--import',
    'tsx',
    CHURN,
    String(percent),
    mode,
  ]);
  return (JSON.parse(stdout) as { highest: number }).highest;
}

describe('heap growth', () => {
  /** The same churn under V8's own factor: what the limited heap is compared with. */
  let own = 0;
  beforeAll(async () => {
    own = await highestHeap(0, 'steady');
  }, 60_000);

  it('keeps the heap near its live size, where V8 alone lets it grow', async () => {
    expect(await highestHeap(20, 'steady')).toBeLessThan(0.8 * own);
  }, 60_000);

  it("leaves a bulk load V8's own factor, and collects back to the small one after it", async () => {
    expect(await highestHeap(20, 'load')).toBeGreaterThan(0.85 * own);
    expect(await highestHeap(20, 'after-load')).toBeLessThan(0.8 * own);
  }, 60_000);

  it('is 20% unless HEAP_GROWTH_PERCENT says otherwise, and refuses a negative or fractional one', () => {
    expect(ZConfig.parse({ databaseUrl: ':memory:' }).heapGrowthPercent).toBe(20);
    const none = ZConfig.parse({ databaseUrl: ':memory:', heapGrowthPercent: '0' });
    expect(none.heapGrowthPercent).toBe(0);
    expect(() => ZConfig.parse({ databaseUrl: ':memory:', heapGrowthPercent: '-5' })).toThrow(
      /heapGrowthPercent/,
    );
    expect(() => limitHeapGrowth(2.5)).toThrow('heap growth: 2.5 is not a whole number');
  });
});
