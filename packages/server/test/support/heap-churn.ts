/**
 * A process that keeps a fixed set of objects alive and makes garbage that outlives a few young
 * collections (as a request's or an import's does), after `limitHeapGrowth(percent)`. Prints the
 * highest and lowest heap in use once the live set is built and collected, as JSON. Run by `heap-growth.test.ts`:
 *   node --import tsx packages/server/test/support/heap-churn.ts <percent> [steady|load|after-load]
 * `load`: the churn runs as a bulk load (`withBulkLoadHeap`); `after-load`: it runs after one.
 */
import { limitHeapGrowth, withBulkLoadHeap } from '../../src/composition/heap-growth.js';

const ROUNDS = 400;
/** Rounds before the lowest heap in use is noted: the live set is built and collected by then. */
const SETTLE = 100;

limitHeapGrowth(Number(process.argv[2]));
const live: { i: number; s: string }[] = [];
for (let i = 0; i < 400_000; i++) live.push({ i, s: `live ${i} ${'x'.repeat(50)}` });

async function churn(): Promise<{ highest: number; lowest: number }> {
  const recent: { round: number; i: number; t: string }[][] = [];
  let highest = 0;
  let lowest = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round++) {
    recent.push(Array.from({ length: 5_000 }, (_, i) => ({ round, i, t: `row ${round} ${i}` })));
    if (recent.length > 20) recent.shift();
    const used = process.memoryUsage().heapUsed;
    if (round >= SETTLE) {
      highest = Math.max(highest, used);
      lowest = Math.min(lowest, used);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { highest, lowest };
}

const mode = process.argv[3] ?? 'steady';
let result: { highest: number; lowest: number };
if (mode === 'load') result = await withBulkLoadHeap(churn);
else if (mode === 'after-load') {
  await withBulkLoadHeap(churn);
  result = await churn();
} else result = await churn();
process.stdout.write(JSON.stringify({ ...result, live: live.length }));
