/**
 * The change scan of one organization: every NPS, CSAT, CES and rating key read from the
 * in-memory cube's day cells into weekly atoms (touchpoint x full segment), then core's
 * `scanForChanges` over all of them at once (one multiple-comparison family per scan).
 */
import {
  parseSegmentKey,
  scanForChanges,
  type ChangeAtom,
  type ChangeMeasure,
  type ChangeScanOptions,
  type ChangeScanResult,
} from '@touchstone/core';
import type { TAnalyticsModel } from '../analytics/analytics-model.js';
import type { OrgCube } from '../analytics/cube-store.js';
import type { TKeyInfo } from '../analytics/question-catalog.js';
import { HISTOGRAM_BINS } from '../analytics/rollup-deltas.js';

/** Weeks scanned back from the newest data (three years). */
export const SCAN_WEEKS = 156;

/** What a key is measured as in the scan: the metric name and how its values read. */
export interface TScannedKey {
  key: string;
  metric: 'nps' | 'csat' | 'ces' | 'rating';
  kind: 'nps' | 'mean';
  /** Surveys whose answers count (those sharing the first survey's scale). */
  surveyIds: ReadonlySet<string>;
}

function metricOf(info: TKeyInfo): TScannedKey['metric'] | null {
  switch (info.type) {
    case 'nps':
    case 'csat':
    case 'ces':
      return info.type;
    case 'rating':
    case 'likert':
    case 'matrix':
      return 'rating';
    case 'number':
    case 'single_choice':
    case 'multiple_choice':
    case 'text':
    case 'consent':
      return null;
  }
}

/** Every key the scan measures, from the organization's survey catalog. */
export function scannedKeys(model: TAnalyticsModel): TScannedKey[] {
  const keys: TScannedKey[] = [];
  for (const [key, infos] of model.catalog.byKey) {
    const first = infos[0];
    if (first === undefined || first.scale === null) continue;
    const metric = metricOf(first);
    if (metric === null) continue;
    const same = infos.filter(
      (i) =>
        i.scale !== null && i.scale.min === first.scale?.min && i.scale.max === first.scale.max,
    );
    keys.push({
      key,
      metric,
      kind: metric === 'nps' ? 'nps' : 'mean',
      surveyIds: new Set(same.map((i) => i.surveyId)),
    });
  }
  return keys.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The Monday on or before a day number (day 0, 1970-01-01, was a Thursday). */
export function mondayOf(day: number): number {
  return day - ((((day + 3) % 7) + 7) % 7);
}

/** The weeks a scan covers: from the Monday of the first day to the week of the last. */
export interface TScanWeeks {
  firstWeekDay: number;
  weekCount: number;
}

/** The weeks of the cube's data for these keys, at most SCAN_WEEKS back from the newest day. */
export function scanWeeks(cube: OrgCube, keys: readonly TScannedKey[]): TScanWeeks | null {
  let minDay = Infinity;
  let maxDay = -Infinity;
  for (const { key } of keys) {
    const cells = cube.values.get(key)?.days;
    if (cells === undefined) continue;
    for (let i = 0; i < cells.size; i++) {
      const day = cells.day[i] ?? 0;
      if (day < minDay) minDay = day;
      if (day > maxDay) maxDay = day;
    }
  }
  if (minDay > maxDay) return null;
  const lastWeek = mondayOf(maxDay);
  const firstWeekDay = Math.max(mondayOf(minDay), lastWeek - 7 * (SCAN_WEEKS - 1));
  return { firstWeekDay, weekCount: (lastWeek - firstWeekDay) / 7 + 1 };
}

/**
 * One key's atoms from the cube's day cells: one per touchpoint (null for none) x segment,
 * only the declared segment attributes kept. NPS cells count promoters as +1 and detractors as
 * -1 (sum = P - D, sum of squares = P + D, n = every 0-10 answer).
 */
export function keyAtoms(
  cube: OrgCube,
  scanned: TScannedKey,
  weeks: TScanWeeks,
  attributes: ReadonlySet<string>,
): ChangeAtom[] {
  const cells = cube.values.get(scanned.key)?.days;
  if (cells === undefined) return [];
  const surveyAllowed = cube.surveys.values.map((id) => scanned.surveyIds.has(id));
  const segments = new Map<number, Record<string, string>>();
  const atoms = new Map<
    number,
    ChangeAtom & { weeks: { n: Float64Array; sum: Float64Array; sumSq: Float64Array } }
  >();
  const touchpointCount = cube.touchpoints.size + 1;
  const { firstWeekDay, weekCount } = weeks;
  const lastDay = firstWeekDay + 7 * weekCount;
  const nps = scanned.kind === 'nps';
  for (let i = 0; i < cells.size; i++) {
    const day = cells.day[i] ?? 0;
    if (day < firstWeekDay || day >= lastDay) continue;
    if (surveyAllowed[cells.survey[i] ?? 0] !== true) continue;
    const tp = cells.touchpoint[i] ?? 0;
    const seg = cells.segment[i] ?? 0;
    const id = seg * touchpointCount + tp;
    let atom = atoms.get(id);
    if (atom === undefined) {
      let segment = segments.get(seg);
      if (segment === undefined) {
        segment = {};
        for (const [k, v] of Object.entries(parseSegmentKey(cube.segments.values[seg] ?? ''))) {
          if (attributes.has(k)) segment[k] = v;
        }
        segments.set(seg, segment);
      }
      const touchpointId = cube.touchpoints.values[tp] ?? '';
      atom = {
        touchpoint: touchpointId === '' ? null : touchpointId,
        segment,
        weeks: {
          n: new Float64Array(weekCount),
          sum: new Float64Array(weekCount),
          sumSq: new Float64Array(weekCount),
        },
      };
      atoms.set(id, atom);
    }
    const w = Math.floor((day - firstWeekDay) / 7);
    if (nps) {
      const base = i * HISTOGRAM_BINS;
      let detractors = 0;
      let passives = 0;
      for (let b = 0; b <= 6; b++) detractors += cells.hist[base + b] ?? 0;
      passives = (cells.hist[base + 7] ?? 0) + (cells.hist[base + 8] ?? 0);
      const promoters = (cells.hist[base + 9] ?? 0) + (cells.hist[base + 10] ?? 0);
      atom.weeks.n[w] = (atom.weeks.n[w] ?? 0) + promoters + passives + detractors;
      atom.weeks.sum[w] = (atom.weeks.sum[w] ?? 0) + promoters - detractors;
      atom.weeks.sumSq[w] = (atom.weeks.sumSq[w] ?? 0) + promoters + detractors;
    } else {
      atom.weeks.n[w] = (atom.weeks.n[w] ?? 0) + (cells.n[i] ?? 0);
      atom.weeks.sum[w] = (atom.weeks.sum[w] ?? 0) + (cells.sum[i] ?? 0);
      atom.weeks.sumSq[w] = (atom.weeks.sumSq[w] ?? 0) + (cells.sumSq[i] ?? 0);
    }
  }
  // Atoms that differ only in undeclared attributes share a scope: merge them.
  const merged = new Map<
    string,
    ChangeAtom & { weeks: { n: Float64Array; sum: Float64Array; sumSq: Float64Array } }
  >();
  for (const atom of atoms.values()) {
    const id = JSON.stringify([atom.touchpoint, Object.entries(atom.segment).sort()]);
    const into = merged.get(id);
    if (into === undefined) {
      merged.set(id, atom);
      continue;
    }
    for (let w = 0; w < weekCount; w++) {
      into.weeks.n[w] = (into.weeks.n[w] ?? 0) + (atom.weeks.n[w] ?? 0);
      into.weeks.sum[w] = (into.weeks.sum[w] ?? 0) + (atom.weeks.sum[w] ?? 0);
      into.weeks.sumSq[w] = (into.weeks.sumSq[w] ?? 0) + (atom.weeks.sumSq[w] ?? 0);
    }
  }
  return [...merged.values()];
}

/** The scan of an organization's cube (the cube must hold every key's cells). */
export function scanCube(
  cube: OrgCube,
  model: TAnalyticsModel,
  keys: readonly TScannedKey[],
  options: ChangeScanOptions = {},
): { result: ChangeScanResult; weeks: TScanWeeks } | null {
  const weeks = scanWeeks(cube, keys);
  if (weeks === null) return null;
  const attributes = new Set(model.attributes.keys());
  const measures: ChangeMeasure[] = keys.map((k) => ({
    key: k.key,
    metric: k.metric,
    kind: k.kind,
    atoms: keyAtoms(cube, k, weeks, attributes),
  }));
  const result = scanForChanges(
    {
      firstWeekDay: weeks.firstWeekDay,
      weekCount: weeks.weekCount,
      attributes: [...attributes],
      measures,
    },
    options,
  );
  return { result, weeks };
}
