/**
 * Localisation of a scan's significant series: each change is reported once, at the most
 * specific series that explains it. Series B explains series A when they overlap, changed in
 * the same direction (at dates at most three date tolerances apart), and A without B's
 * responses (A \ B, summed from the atoms) shows no relevant change at A's date. A is then
 * folded into B ("shared by").
 */
import type {
  ChangeFinding,
  ChangeMeasure,
  ChangeRelated,
  ChangeScanSettings,
  TestedSeries,
} from './change-detection-effects.js';
import {
  compareAtWeek,
  dayNumberToDate,
  describeChangeSide,
  isRelevantEffect,
} from './change-detection-effects.js';
import type { ChangeSeries, ChangeSeriesScope } from './change-detection-series.js';
import { scopeDepth, scopeWeeks, scopesOverlap } from './change-detection-series.js';

/** What localisation needs besides the significant series. */
export interface LocalisationContext {
  readonly seriesByMeasure: ReadonlyMap<ChangeMeasure, readonly ChangeSeries[]>;
  readonly settings: ChangeScanSettings;
  /** Series tested in the scan: a remainder changes when it would alarm at this family size. */
  readonly familySize: number;
  readonly firstWeekDay: number;
}

/** A series folds into another whose change date is at most this many tolerances away. */
const FOLD_DATE_FACTOR = 3;

/** Most siblings listed as not affected per finding (the largest). */
const MAX_NOT_AFFECTED = 12;

function sign(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/** Whether a comparison is a change that would alarm on its own (Bonferroni at the scan's size). */
function isAlarmingChange(
  kind: ChangeMeasure['kind'],
  c: ReturnType<typeof compareAtWeek>,
  ctx: LocalisationContext,
): boolean {
  const { settings } = ctx;
  if (c.before.n < settings.minN || c.after.n < settings.minN) return false;
  if (c.pValue * Math.max(1, ctx.familySize) >= settings.alpha) return false;
  return isRelevantEffect(kind, c.effect, settings);
}

function explains(keeper: TestedSeries, other: TestedSeries, ctx: LocalisationContext): boolean {
  if (keeper.measure !== other.measure) return false;
  if (sign(keeper.effect) !== sign(other.effect)) return false;
  // The remainder test below is what decides; the date only keeps apart changes of one
  // series that are clearly separate events (a smaller series dates its change less exactly).
  const weeksApart = Math.abs(keeper.changeWeek - other.changeWeek);
  if (weeksApart > FOLD_DATE_FACTOR * ctx.settings.dateToleranceWeeks) return false;
  if (!scopesOverlap(keeper.series, other.series)) return false;
  const { atoms, kind } = other.measure;
  const rest = scopeWeeks(atoms, other.series, keeper.series, other.series.weeks.n.length);
  return !isAlarmingChange(kind, compareAtWeek(kind, rest, other.changeWeek), ctx);
}

function related(
  scope: ChangeSeriesScope,
  c: ReturnType<typeof compareAtWeek>,
  kind: ChangeMeasure['kind'],
): ChangeRelated {
  const scale = kind === 'nps' ? 100 : 1;
  return {
    touchpoint: scope.touchpoint,
    segment: scope.segment,
    before: c.before.n > 0 ? (scale * c.before.sum) / c.before.n : 0,
    after: c.after.n > 0 ? (scale * c.after.sum) / c.after.n : 0,
    nBefore: c.before.n,
    nAfter: c.after.n,
    pValue: c.pValue,
  };
}

/** Series that differ from the scope in exactly one condition's value. */
function siblingsOf(scope: ChangeSeriesScope, all: readonly ChangeSeries[]): ChangeSeries[] {
  const keys = Object.keys(scope.segment).sort().join('\u0001');
  return all.filter((s) => {
    if ((s.touchpoint === null) !== (scope.touchpoint === null)) return false;
    if (Object.keys(s.segment).sort().join('\u0001') !== keys) return false;
    let differences = s.touchpoint !== scope.touchpoint ? 1 : 0;
    for (const [k, v] of Object.entries(scope.segment)) if (s.segment[k] !== v) differences += 1;
    return differences === 1;
  });
}

function toFinding(
  keeper: TestedSeries,
  folded: readonly TestedSeries[],
  ctx: LocalisationContext,
): ChangeFinding {
  const { measure, series } = keeper;
  const { kind } = measure;
  const sharedBy = folded.map((f) =>
    related(f.series, compareAtWeek(kind, f.series.weeks, f.changeWeek), kind),
  );
  const foldedIds = new Set(folded.map((f) => f.series.id));
  const notAffected = siblingsOf(series, ctx.seriesByMeasure.get(measure) ?? [])
    .filter((s) => !foldedIds.has(s.id))
    .map((s) => ({ s, c: compareAtWeek(kind, s.weeks, keeper.changeWeek) }))
    .filter(({ c }) => c.before.n >= ctx.settings.minN && c.after.n >= ctx.settings.minN)
    .filter(({ c }) => !(isAlarmingChange(kind, c, ctx) && sign(c.effect) === sign(keeper.effect)))
    // Same touchpoint, other segment values first: the comparison a reader looks for.
    .sort(
      (a, b) =>
        Number(a.s.touchpoint !== series.touchpoint) -
          Number(b.s.touchpoint !== series.touchpoint) ||
        b.c.before.n + b.c.after.n - (a.c.before.n + a.c.after.n),
    )
    .slice(0, MAX_NOT_AFFECTED)
    .map(({ s, c }) => related(s, c, kind));
  return {
    seriesId: series.id,
    touchpoint: series.touchpoint,
    segment: series.segment,
    key: measure.key,
    metric: measure.metric,
    kind,
    changeWeek: keeper.changeWeek,
    changeDate: dayNumberToDate(ctx.firstWeekDay + 7 * keeper.changeWeek),
    direction: keeper.effect >= 0 ? 'up' : 'down',
    before: describeChangeSide(kind, keeper.before),
    after: describeChangeSide(kind, keeper.after),
    effectSize: keeper.effect,
    effectUnit: kind === 'nps' ? 'nps-points' : 'cohens-d',
    statistic: keeper.statistic,
    pValue: keeper.pValue,
    adjustedPValue: keeper.adjustedPValue,
    sharedBy,
    notAffected,
    alsoChanged: [],
  };
}

/**
 * Folds significant series into the most specific ones that explain them. Deepest first (then
 * smallest adjusted p, then largest effect), each series either folds into a kept one or is kept;
 * then kept series that another kept one explains fold into it, weakest first, until none does
 * (two overlapping cousins such as business x gold and business x international: the one whose
 * remainder still changes stays).
 */
export function localiseFindings(
  significant: readonly TestedSeries[],
  ctx: LocalisationContext,
): ChangeFinding[] {
  const order = [...significant].sort(
    (a, b) =>
      scopeDepth(b.series) - scopeDepth(a.series) ||
      a.adjustedPValue - b.adjustedPValue ||
      a.pValue - b.pValue ||
      Math.abs(b.effect) - Math.abs(a.effect),
  );
  const kept: { keeper: TestedSeries; folded: TestedSeries[] }[] = [];
  for (const candidate of order) {
    const host = kept.find((k) => explains(k.keeper, candidate, ctx));
    if (host) host.folded.push(candidate);
    else kept.push({ keeper: candidate, folded: [] });
  }
  for (let changed = true; changed;) {
    changed = false;
    for (let i = kept.length - 1; i >= 0; i--) {
      const weak = kept[i];
      if (weak === undefined) continue;
      const host = kept.find((k) => k !== weak && explains(k.keeper, weak.keeper, ctx));
      if (host === undefined) continue;
      host.folded.push(weak.keeper, ...weak.folded);
      kept.splice(i, 1);
      changed = true;
    }
  }
  return kept.map((k) => toFinding(k.keeper, k.folded, ctx));
}
