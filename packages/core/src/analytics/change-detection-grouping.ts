/**
 * One change, one finding: when several measures of the same series (CSAT and two rating items
 * of one touchpoint x segment, say) changed in the same direction at about the same date, they
 * are one event. The headline measure is NPS, then CSAT, then CES, then the rating with the
 * largest effect; the others are listed with it (`alsoChanged`).
 */
import type { ChangeFinding, ChangeScanSettings } from './change-detection-effects.js';

const HEADLINE_ORDER = ['nps', 'csat', 'ces'];

function headlineRank(f: ChangeFinding): number {
  const rank = HEADLINE_ORDER.indexOf(f.metric);
  return rank === -1 ? HEADLINE_ORDER.length : rank;
}

/** |effect| on one scale: Cohen's d, or NPS points over 80 (about one SD of a +1/0/-1 score). */
export function standardisedEffect(f: Pick<ChangeFinding, 'effectSize' | 'effectUnit'>): number {
  const size = Math.abs(f.effectSize);
  return f.effectUnit === 'nps-points' ? size / 80 : size;
}

/** Merges findings of one series, direction and date (within the tolerance) across measures. */
export function groupFindingsAcrossMeasures(
  findings: readonly ChangeFinding[],
  settings: ChangeScanSettings,
): ChangeFinding[] {
  const order = [...findings].sort(
    (a, b) =>
      headlineRank(a) - headlineRank(b) ||
      standardisedEffect(b) - standardisedEffect(a) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  const groups: { headline: ChangeFinding; others: ChangeFinding[] }[] = [];
  for (const f of order) {
    const group = groups.find(
      (g) =>
        g.headline.seriesId === f.seriesId &&
        g.headline.direction === f.direction &&
        Math.abs(g.headline.changeWeek - f.changeWeek) <= settings.dateToleranceWeeks,
    );
    if (group) group.others.push(f);
    else groups.push({ headline: f, others: [] });
  }
  return groups.map(({ headline, others }) => ({
    ...headline,
    alsoChanged: others.map((o) => ({
      key: o.key,
      metric: o.metric,
      kind: o.kind,
      changeDate: o.changeDate,
      before: o.before,
      after: o.after,
      effectSize: o.effectSize,
      effectUnit: o.effectUnit,
      adjustedPValue: o.adjustedPValue,
    })),
  }));
}
