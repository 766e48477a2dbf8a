/**
 * The heap's growth between full garbage collections. Left to V8, a server's old generation grows
 * to a multiple of what is alive before it is collected: each import or burst of requests leaves
 * its garbage in the old generation, and the process's resident memory climbs and falls by tens
 * of megabytes, which looks like a leak to anyone watching it. A smaller growing factor collects
 * sooner, so the heap stays near its live size at the cost of more frequent (concurrent) marking.
 */
import v8 from 'node:v8';

/** Sets V8's heap growing factor for this process (`percent` 0: V8's own). */
export function limitHeapGrowth(percent: number): void {
  if (!Number.isInteger(percent) || percent < 0) {
    throw new Error(`heap growth: ${percent} is not a whole number of percent >= 0`);
  }
  if (percent === 0) return;
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
