/**
 * The series of a change scan: every combination of a touchpoint (or all) with up to two segment
 * attribute values, each the sum of the "atoms" (one touchpoint x one full segment) it covers.
 */
import type { WeeklyMoments } from './change-detection.js';

/** The finest unit a scan reads: one touchpoint (or none) x one full segment, by week. */
export interface ChangeAtom {
  readonly touchpoint: string | null;
  /** Attribute -> value of the atom's segment (attributes without a value left out). */
  readonly segment: Readonly<Record<string, string>>;
  readonly weeks: WeeklyMoments;
}

/** Where a series sits in the hierarchy: a touchpoint (null: all) and attribute values. */
export interface ChangeSeriesScope {
  readonly touchpoint: string | null;
  /** Up to two attributes, sorted by name. */
  readonly segment: Readonly<Record<string, string>>;
}

/** A series with its summed weeks. */
export interface ChangeSeries extends ChangeSeriesScope {
  readonly id: string;
  readonly weeks: { n: Float64Array; sum: Float64Array; sumSq: Float64Array };
}

/** A stable identifier of a scope: touchpoint, then `attribute=value` pairs sorted by attribute. */
export function changeScopeId(scope: ChangeSeriesScope): string {
  const parts = Object.keys(scope.segment)
    .sort()
    .map((k) => `${k}=${scope.segment[k] ?? ''}`);
  return JSON.stringify([scope.touchpoint, ...parts]);
}

/** How many conditions a scope sets (touchpoint counts as one). */
export function scopeDepth(scope: ChangeSeriesScope): number {
  return (scope.touchpoint === null ? 0 : 1) + Object.keys(scope.segment).length;
}

/** True when the atom belongs to the scope's series. */
export function scopeCovers(scope: ChangeSeriesScope, atom: ChangeSeriesScope): boolean {
  if (scope.touchpoint !== null && scope.touchpoint !== atom.touchpoint) return false;
  for (const [key, value] of Object.entries(scope.segment)) {
    if (!Object.hasOwn(atom.segment, key) || atom.segment[key] !== value) return false;
  }
  return true;
}

/** True when some atom could belong to both scopes (no condition contradicts the other). */
export function scopesOverlap(a: ChangeSeriesScope, b: ChangeSeriesScope): boolean {
  if (a.touchpoint !== null && b.touchpoint !== null && a.touchpoint !== b.touchpoint) return false;
  for (const [key, value] of Object.entries(a.segment)) {
    if (Object.hasOwn(b.segment, key) && b.segment[key] !== value) return false;
  }
  return true;
}

function subsetsUpToTwo(keys: readonly string[]): string[][] {
  const subsets: string[][] = [[]];
  for (let i = 0; i < keys.length; i++) {
    subsets.push([keys[i] as string]);
    for (let j = i + 1; j < keys.length; j++) subsets.push([keys[i] as string, keys[j] as string]);
  }
  return subsets;
}

/** New zeroed weekly arrays. */
export function emptyWeeks(count: number): ChangeSeries['weeks'] {
  return {
    n: new Float64Array(count),
    sum: new Float64Array(count),
    sumSq: new Float64Array(count),
  };
}

/** Adds one set of weeks into another of the same length. */
export function addWeeks(into: ChangeSeries['weeks'], from: WeeklyMoments): void {
  const count = into.n.length;
  for (let i = 0; i < count; i++) {
    into.n[i] = (into.n[i] ?? 0) + (from.n[i] ?? 0);
    into.sum[i] = (into.sum[i] ?? 0) + (from.sum[i] ?? 0);
    into.sumSq[i] = (into.sumSq[i] ?? 0) + (from.sumSq[i] ?? 0);
  }
}

/**
 * Every series the atoms make: all, each touchpoint, each attribute value and each pair of
 * values of two attributes, alone and crossed with each touchpoint. Only `attributes` count.
 */
export function buildChangeSeries(
  atoms: readonly ChangeAtom[],
  attributes: readonly string[],
  weekCount: number,
): ChangeSeries[] {
  const byId = new Map<string, ChangeSeries>();
  const declared = [...new Set(attributes)].sort();
  for (const atom of atoms) {
    const present = declared.filter((k) => Object.hasOwn(atom.segment, k));
    const touchpoints = atom.touchpoint === null ? [null] : [null, atom.touchpoint];
    for (const subset of subsetsUpToTwo(present)) {
      const segment: Record<string, string> = {};
      for (const k of subset) segment[k] = atom.segment[k] ?? '';
      for (const touchpoint of touchpoints) {
        const scope = { touchpoint, segment };
        const id = changeScopeId(scope);
        let series = byId.get(id);
        if (series === undefined) {
          series = { id, touchpoint, segment: { ...segment }, weeks: emptyWeeks(weekCount) };
          byId.set(id, series);
        }
        addWeeks(series.weeks, atom.weeks);
      }
    }
  }
  return [...byId.values()];
}

/** The weeks of the atoms in `scope` but not in `minus` (null: none excluded). */
export function scopeWeeks(
  atoms: readonly ChangeAtom[],
  scope: ChangeSeriesScope,
  minus: ChangeSeriesScope | null,
  weekCount: number,
): ChangeSeries['weeks'] {
  const weeks = emptyWeeks(weekCount);
  for (const atom of atoms) {
    if (!scopeCovers(scope, atom)) continue;
    if (minus !== null && scopeCovers(minus, atom)) continue;
    addWeeks(weeks, atom.weeks);
  }
  return weeks;
}
