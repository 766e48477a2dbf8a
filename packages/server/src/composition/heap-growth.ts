/**
 * The heap's growth between full garbage collections. Left to V8, a server's old generation grows
 * to a multiple of what is alive before it is collected: each import or burst of requests leaves
 * its garbage in the old generation, and the process's resident memory climbs and falls by tens
 * of megabytes, which looks like a leak to anyone watching it. A smaller growing factor collects
 * sooner, so the heap stays near its live size at the cost of more frequent (concurrent) marking.
 *
 * A bulk load keeps a large working set alive (batches in flight) and promotes garbage fast: with
 * the small factor it would mark that working set again and again. While one runs, V8 chooses
 * the factor itself; the last to finish sets the small one again and collects once, as the heap
 * would otherwise keep the size V8 let it reach until its next full collection. The factor is
 * the process's (a V8 flag), so the count of loads running is kept here, beside it.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

/** The percent set at start; 0: V8's own factor throughout. */
let steadyPercent = 0;
/** Bulk loads running in this process. */
let loads = 0;

function setGrowingPercent(percent: number): void {
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}

/** V8's full collection, taken once from a context made after exposing it (as test runners do). */
let collect: (() => void) | null = null;
function fullCollection(): () => void {
  if (collect === null) {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }
  return collect;
}

/** Sets V8's heap growing factor for this process (`percent` 0: V8's own). */
export function limitHeapGrowth(percent: number): void {
  if (!Number.isInteger(percent) || percent < 0) {
    throw new Error(`heap growth: ${percent} is not a whole number of percent >= 0`);
  }
  steadyPercent = percent;
  if (loads === 0) setGrowingPercent(percent);
}

/** Runs a bulk load with V8's own growing factor; the last load to finish restores the set one. */
export async function withBulkLoadHeap<T>(work: () => Promise<T>): Promise<T> {
  if (steadyPercent === 0) return work();
  if (loads++ === 0) setGrowingPercent(0);
  try {
    return await work();
  } finally {
    if (--loads === 0) {
      setGrowingPercent(steadyPercent);
      fullCollection()();
    }
  }
}
