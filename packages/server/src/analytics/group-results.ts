/** Lists the groups of an aggregation in answer order and reads each group's statistics. */
import { STAT_WIDTH, groupStats, type GroupAxis, type TAggregation } from './cell-aggregation.js';
import type { TMeasurePlan } from './query-plan.js';

/** One group: its code on each axis. */
export type TGroupCodes = readonly number[];

/** The order of one axis: periods chronologically; other fields expected values first. */
function axisOrder(axis: GroupAxis): number[] {
  const codes = axis.values.map((_, i) => i);
  if (axis.plan.source === 'day') {
    return codes.sort((a, b) => String(axis.values[a]).localeCompare(String(axis.values[b])));
  }
  const observed = codes.slice(axis.expectedCount);
  observed.sort((a, b) =>
    axis.plan.label(axis.values[a] ?? null).localeCompare(axis.plan.label(axis.values[b] ?? null)),
  );
  return [...codes.slice(0, axis.expectedCount), ...observed];
}

/** Every combination of axis values, first axis slowest. */
export function enumerateGroups(axes: readonly GroupAxis[]): TGroupCodes[] {
  let groups: number[][] = [[]];
  for (const axis of axes) {
    const order = axisOrder(axis);
    groups = groups.flatMap((prefix) => order.map((code) => [...prefix, code]));
  }
  return groups;
}

/** Whether a group is worth listing: it has data, or every value of it is one the answer promises. */
export function isListed(axes: readonly GroupAxis[], codes: TGroupCodes, n: number): boolean {
  if (n > 0) return true;
  return axes.every(
    (axis, k) => axis.plan.source === 'day' || (codes[k] ?? 0) < axis.expectedCount,
  );
}

/** The statistics of each slot of a measure for one group. */
export function slotStatsOf(
  agg: TAggregation,
  measure: TMeasurePlan,
  codes: TGroupCodes,
): Float64Array[] {
  const slots = Math.max(1, measure.spec.slots.length);
  return Array.from({ length: slots }, (_, slot) => groupStats(agg, codes, slot));
}

/** Sums of every group (per slot): the whole population the groups partition. */
export function totalStatsOf(agg: TAggregation, measure: TMeasurePlan): Float64Array[] {
  const slots = Math.max(1, measure.spec.slots.length);
  const totals = Array.from({ length: slots }, () => new Float64Array(STAT_WIDTH));
  const groups = agg.stats.length / (agg.slots * STAT_WIDTH);
  for (let g = 0; g < groups; g++) {
    for (let slot = 0; slot < slots; slot++) {
      const o = (g * agg.slots + slot) * STAT_WIDTH;
      const total = totals[slot] as Float64Array;
      for (let k = 0; k < STAT_WIDTH; k++) total[k] = (total[k] ?? 0) + (agg.stats[o + k] ?? 0);
    }
  }
  return totals;
}

/** Element-wise a - b per slot (the rest of the population besides one group). */
export function subtractStats(
  a: readonly Float64Array[],
  b: readonly Float64Array[],
): Float64Array[] {
  return a.map((stats, slot) => {
    const other = b[slot];
    return stats.map((v, k) => v - (other?.[k] ?? 0));
  });
}

/** The group key as the API shows it. */
export function groupKeyOf(axes: readonly GroupAxis[], codes: TGroupCodes) {
  return axes.map((axis, k) => {
    const value = axis.values[codes[k] ?? 0] ?? null;
    return { field: axis.plan.name, value, label: axis.plan.label(value) };
  });
}
