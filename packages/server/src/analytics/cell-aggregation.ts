/**
 * Sums rollup cells into groups: the one loop every metric query runs. Its cost follows the number
 * of cells scanned (one pass over typed arrays, a few array lookups per cell), never the number of
 * responses behind them. Dimensions are mapped to group codes and filter masks once per query, per
 * dictionary entry, not per cell.
 */
import { invalidField } from '@touchstone/core';
import type { Dictionary } from './cube-cells.js';
import { HISTOGRAM_BINS } from './rollup-deltas.js';

/** Statistics per group and slot: n, sum, sum of squares, then the histogram. */
export const STAT_WIDTH = 3 + HISTOGRAM_BINS;

/** Columns of a set of cells (the cube's, or the SQL fallback's). */
export interface TCellColumns {
  size: number;
  survey: Int32Array;
  touchpoint: Int32Array;
  segment: Int32Array;
  day: Int32Array;
  /** Response channel codes: only cells from the SQL fallback have them. */
  channel?: Int32Array;
  n: Uint32Array;
  sum: Float64Array;
  sumSq: Float64Array;
  hist: Uint32Array;
}

/** The dictionaries the cells' codes point into. */
export interface TCellDictionaries {
  surveys: Dictionary;
  touchpoints: Dictionary;
  segments: Dictionary;
  channels?: Dictionary;
}

/** Which dimension of a cell a group field reads. */
export type TFieldSource = 'day' | 'touchpoint' | 'survey' | 'segment' | 'channel';

/** How one group field turns a cell's dimension into a group value (null: none). */
export interface TFieldPlan {
  name: string;
  source: TFieldSource;
  /** The group value of a dimension value (a day number for 'day', else the dictionary string). */
  valueOf(raw: string | number): string | null;
  label(value: string | null): string;
  /** Values listed in every answer, in order, even with no data (periods of the range, options). */
  expected: readonly string[];
}

/** Which cells count. */
export interface TCellFilter {
  dayFrom: number;
  dayTo: number;
  /** null: every touchpoint (and responses without one). */
  touchpointAllowed: ((touchpointId: string) => boolean) | null;
  /** null: every segment. */
  segmentAllowed: ((segmentKey: string) => boolean) | null;
}

/** One partition to scan and, per survey id, the slot its cells add to (absent: not counted). */
export interface TScanPart {
  cells: TCellColumns;
  slotBySurvey: ReadonlyMap<string, number>;
}

const NONE = '\u0000none';

/** The values of one group field in the answer: expected ones first, then any others seen. */
export class GroupAxis {
  private readonly codes = new Map<string, number>();
  readonly values: (string | null)[] = [];
  readonly expectedCount: number;

  constructor(readonly plan: TFieldPlan) {
    for (const value of plan.expected) this.code(value);
    this.expectedCount = this.values.length;
  }

  code(value: string | null): number {
    const token = value ?? NONE;
    let code = this.codes.get(token);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.codes.set(token, code);
    }
    return code;
  }
}

/** Summed statistics: `stats[((g1 * size2 + g2) * slots + slot) * STAT_WIDTH + k]`. */
export interface TAggregation {
  axes: GroupAxis[];
  /** Axis sizes when the sums were made (axes may grow when later metrics add values). */
  sizes: number[];
  slots: number;
  stats: Float64Array;
}

/** Refuses answers past this many group x slot entries (a day x segment grouping, say). */
export const MAX_GROUP_ENTRIES = 200_000;

function axisCodes(axis: GroupAxis, dictionary: Dictionary, allowed: Uint8Array): Int32Array {
  const codes = new Int32Array(dictionary.size).fill(-1);
  for (let c = 0; c < dictionary.size; c++) {
    if (allowed[c] === 1) codes[c] = axis.code(axis.plan.valueOf(dictionary.values[c] ?? ''));
  }
  return codes;
}

function mask(dictionary: Dictionary, test: ((value: string) => boolean) | null): Uint8Array {
  const allowed = new Uint8Array(dictionary.size);
  for (let c = 0; c < dictionary.size; c++) {
    allowed[c] = test === null || test(dictionary.values[c] ?? '') ? 1 : 0;
  }
  return allowed;
}

/** Smallest and largest day of the cells that pass the filter's day range (for open ranges). */
function dayRange(parts: readonly TScanPart[], filter: TCellFilter): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const { cells } of parts) {
    for (let i = 0; i < cells.size; i++) {
      const d = cells.day[i] ?? 0;
      if (d < filter.dayFrom || d > filter.dayTo || (cells.n[i] ?? 0) === 0) continue;
      if (d < low) low = d;
      if (d > high) high = d;
    }
  }
  return [low, high];
}

/** Sums the cells of every part into groups x slots. */
export function aggregateCells(
  parts: readonly TScanPart[],
  dictionaries: TCellDictionaries,
  filter: TCellFilter,
  axes: readonly GroupAxis[],
  slots: number,
): TAggregation {
  const touchpointMask = mask(dictionaries.touchpoints, filter.touchpointAllowed);
  const segmentMask = mask(dictionaries.segments, filter.segmentAllowed);
  const surveyMask = new Uint8Array(dictionaries.surveys.size);
  for (const part of parts) {
    for (const surveyId of part.slotBySurvey.keys()) {
      const code = dictionaries.surveys.find(surveyId);
      if (code >= 0) surveyMask[code] = 1;
    }
  }
  // Per axis: which cell column it reads and the group code of each column value.
  let dayBase = 0;
  const columnOf: TFieldSource[] = [];
  const codesOf: Int32Array[] = [];
  for (const axis of axes) {
    const source = axis.plan.source;
    columnOf.push(source);
    if (source === 'day') {
      let [low, high] = [filter.dayFrom, filter.dayTo];
      if (!Number.isFinite(low) || !Number.isFinite(high)) {
        const [dataLow, dataHigh] = dayRange(parts, filter);
        low = Number.isFinite(low) ? low : dataLow;
        high = Number.isFinite(high) ? high : dataHigh;
      }
      const days = Number.isFinite(low) && Number.isFinite(high) ? Math.max(0, high - low + 1) : 0;
      const codes = new Int32Array(days);
      for (let d = 0; d < days; d++) codes[d] = axis.code(axis.plan.valueOf(low + d));
      dayBase = low;
      codesOf.push(codes);
    } else if (source === 'touchpoint') {
      codesOf.push(axisCodes(axis, dictionaries.touchpoints, touchpointMask));
    } else if (source === 'segment') {
      codesOf.push(axisCodes(axis, dictionaries.segments, segmentMask));
    } else if (source === 'survey') {
      codesOf.push(axisCodes(axis, dictionaries.surveys, surveyMask));
    } else {
      const channels = dictionaries.channels;
      if (!channels) throw new Error('a channel grouping needs cells from the SQL scan');
      codesOf.push(axisCodes(axis, channels, mask(channels, null)));
    }
  }
  const sizes = axes.map((a) => a.values.length);
  const groups = sizes.reduce((a, b) => a * b, 1);
  if (groups * slots > MAX_GROUP_ENTRIES) {
    throw invalidField(
      'query.groupBy',
      `${groups} groups are too many to answer at once; narrow the filters or group coarser`,
    );
  }
  const stats = new Float64Array(groups * slots * STAT_WIDTH);
  const size2 = sizes[1] ?? 1;

  for (const part of parts) {
    const c = part.cells;
    const slotBySurvey = new Int32Array(dictionaries.surveys.size).fill(-1);
    for (const [surveyId, slot] of part.slotBySurvey) {
      const code = dictionaries.surveys.find(surveyId);
      if (code >= 0) slotBySurvey[code] = slot;
    }
    const column = (source: TFieldSource | undefined): Int32Array =>
      source === 'day'
        ? c.day
        : source === 'touchpoint'
          ? c.touchpoint
          : source === 'segment'
            ? c.segment
            : source === 'survey'
              ? c.survey
              : (c.channel ?? c.survey);
    scanCells(c, {
      slotBySurvey,
      touchpointMask,
      segmentMask,
      dayFrom: filter.dayFrom,
      dayTo: filter.dayTo,
      col1: axes.length > 0 ? column(columnOf[0]) : null,
      col2: axes.length > 1 ? column(columnOf[1]) : null,
      base1: columnOf[0] === 'day' ? dayBase : 0,
      base2: columnOf[1] === 'day' ? dayBase : 0,
      codes1: codesOf[0] ?? null,
      codes2: codesOf[1] ?? null,
      size2,
      slots,
      stats,
    });
  }
  return { axes: [...axes], sizes, slots, stats };
}

interface TScanPlan {
  slotBySurvey: Int32Array;
  touchpointMask: Uint8Array;
  segmentMask: Uint8Array;
  dayFrom: number;
  dayTo: number;
  col1: Int32Array | null;
  col2: Int32Array | null;
  base1: number;
  base2: number;
  codes1: Int32Array | null;
  codes2: Int32Array | null;
  size2: number;
  slots: number;
  stats: Float64Array;
}

/**
 * The hot loop: one pass over the cells, typed arrays of one type per role so that every access
 * stays monomorphic. Indexes are in range by construction (codes come from the dictionaries the
 * masks and maps were sized by), hence the plain casts instead of undefined checks.
 */
function scanCells(c: TCellColumns, p: TScanPlan): void {
  const { survey, touchpoint, segment, day, n, sum, sumSq, hist } = c;
  const { slotBySurvey, touchpointMask, segmentMask, dayFrom, dayTo, stats, slots } = p;
  const { col1, col2, codes1, codes2, base1, base2, size2 } = p;
  for (let i = 0; i < c.size; i++) {
    const slot = slotBySurvey[survey[i] as number] as number;
    if (slot < 0) continue;
    const d = day[i] as number;
    if (d < dayFrom || d > dayTo) continue;
    if (touchpointMask[touchpoint[i] as number] !== 1) continue;
    if (segmentMask[segment[i] as number] !== 1) continue;
    let g = 0;
    if (col1 !== null && codes1 !== null) {
      const g1 = codes1[(col1[i] as number) - base1] ?? -1;
      if (g1 < 0) continue;
      g = g1;
      if (col2 !== null && codes2 !== null) {
        const g2 = codes2[(col2[i] as number) - base2] ?? -1;
        if (g2 < 0) continue;
        g = g1 * size2 + g2;
      }
    }
    const o = (g * slots + slot) * STAT_WIDTH;
    stats[o] = (stats[o] as number) + (n[i] as number);
    stats[o + 1] = (stats[o + 1] as number) + (sum[i] as number);
    stats[o + 2] = (stats[o + 2] as number) + (sumSq[i] as number);
    // Unrolled: the histogram is most of the work per cell, and the loop form runs slower.
    const h = i * HISTOGRAM_BINS;
    stats[o + 3] = (stats[o + 3] as number) + (hist[h] as number);
    stats[o + 4] = (stats[o + 4] as number) + (hist[h + 1] as number);
    stats[o + 5] = (stats[o + 5] as number) + (hist[h + 2] as number);
    stats[o + 6] = (stats[o + 6] as number) + (hist[h + 3] as number);
    stats[o + 7] = (stats[o + 7] as number) + (hist[h + 4] as number);
    stats[o + 8] = (stats[o + 8] as number) + (hist[h + 5] as number);
    stats[o + 9] = (stats[o + 9] as number) + (hist[h + 6] as number);
    stats[o + 10] = (stats[o + 10] as number) + (hist[h + 7] as number);
    stats[o + 11] = (stats[o + 11] as number) + (hist[h + 8] as number);
    stats[o + 12] = (stats[o + 12] as number) + (hist[h + 9] as number);
    stats[o + 13] = (stats[o + 13] as number) + (hist[h + 10] as number);
  }
}

/** The statistics of one group (axis codes in order) and slot; zeros outside the sums. */
export function groupStats(
  agg: TAggregation,
  codes: readonly number[],
  slot: number,
): Float64Array {
  let g = 0;
  for (let k = 0; k < agg.axes.length; k++) {
    const code = codes[k] ?? 0;
    const size = agg.sizes[k] ?? 0;
    if (code >= size) return new Float64Array(STAT_WIDTH);
    g = k === 0 ? code : g * size + code;
  }
  const o = (g * agg.slots + slot) * STAT_WIDTH;
  // A view, not a copy: callers only read.
  return agg.stats.subarray(o, o + STAT_WIDTH);
}
