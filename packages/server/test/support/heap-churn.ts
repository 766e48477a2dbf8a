/**
 * A process that keeps a fixed set of objects alive and makes garbage that outlives a few young
 * collections (as a request's or an import's does), after `limitHeapGrowth(percent)`. Prints the
 * highest and lowest heap in use after the start, as JSON. Run by `heap-growth.test.ts`:
 *   node --import tsx packages/server/test/support/heap-churn.ts <percent>
 */
import { limitHeapGrowth } from '../../src/composition/heap-growth.js';

limitHeapGrowth(Number(process.argv[2]));
const live: { i: number; s: string }[] = [];
for (let i = 0; i < 400_000; i++) live.push({ i, s: `live ${i} ${'x'.repeat(50)}` });
const recent: { round: number; i: number; t: string }[][] = [];
let highest = 0;
let lowest = Number.POSITIVE_INFINITY;
for (let round = 0; round < 400; round++) {
  recent.push(Array.from({ length: 5_000 }, (_, i) => ({ round, i, t: `row ${round} ${i}` })));
  if (recent.length > 20) recent.shift();
  const used = process.memoryUsage().heapUsed;
  highest = Math.max(highest, used);
  if (round >= 100) lowest = Math.min(lowest, used);
  await new Promise((resolve) => setImmediate(resolve));
}
process.stdout.write(JSON.stringify({ highest, lowest, live: live.length }));
