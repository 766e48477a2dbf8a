// Localisation on a hand-built scan: NPS at two touchpoints x traveller type over two weeks, where
// only business travellers at the bar changed (from NPS 50 to -50) and every other atom stayed at
// 50. P-values from scipy.stats (two-sided z with each side's variance).
import { describe, expect, it } from 'vitest';
import type { ChangeMeasure, TestedSeries } from './change-detection-effects.js';
import { changeScanSettings } from './change-detection-effects.js';
import { localiseFindings } from './change-detection-localisation.js';
import type { ChangeAtom } from './change-detection-series.js';
import { buildChangeSeries } from './change-detection-series.js';
import type { MomentStats } from './moments.js';

/** An atom of two weeks from (n, sum, sum of squares) of +1 / 0 / -1 values per week. */
function atom(
  touchpoint: string,
  type: string,
  before: [number, number, number],
  after: [number, number, number],
): ChangeAtom {
  return {
    touchpoint,
    segment: { type },
    weeks: {
      n: [before[0], after[0]],
      sum: [before[1], after[1]],
      sumSq: [before[2], after[2]],
    },
  };
}

// 30 promoters and 10 detractors of 40 (NPS 50); after the change at the bar, 10 and 30 (-50).
const atoms = [
  atom('bar', 'business', [40, 20, 40], [40, -20, 40]),
  atom('bar', 'leisure', [40, 20, 40], [40, 20, 40]),
  // 15 promoters, 15 passives: exactly the minimum of 30 responses a side.
  atom('bar', 'crew', [30, 15, 15], [30, 15, 15]),
  // Too few to list as not affected.
  atom('bar', 'staff', [10, 5, 5], [10, 5, 5]),
  atom('gate', 'business', [40, 20, 40], [40, 20, 40]),
  atom('gate', 'leisure', [40, 20, 40], [40, 20, 40]),
];
const measure: ChangeMeasure = { key: 'q', metric: 'nps', kind: 'nps', atoms };
const series = buildChangeSeries(atoms, ['type'], 2);

function tested(
  id: string,
  adjustedPValue: number,
  among: { series: typeof series; measure: ChangeMeasure } = { series, measure },
): TestedSeries {
  const found = among.series.find((s) => s.id === id);
  if (found === undefined) throw new Error(`no series ${id}`);
  const stats = (week: number): MomentStats => ({
    n: found.weeks.n[week] ?? 0,
    sum: found.weeks.sum[week] ?? 0,
    sumSq: found.weeks.sumSq[week] ?? 0,
  });
  const before = stats(0);
  const after = stats(1);
  return {
    series: found,
    measure: among.measure,
    changeWeek: 1,
    statistic: 4,
    pValue: adjustedPValue / 4,
    adjustedPValue,
    before,
    after,
    effect: 100 * (after.sum / after.n - before.sum / before.n),
  };
}

const context = {
  seriesByMeasure: new Map([[measure, series]]),
  settings: changeScanSettings(),
  familySize: 4,
  firstWeekDay: 19723,
};

describe('localiseFindings', () => {
  it('reports the change once, at the smallest series, with the broader ones folded in', () => {
    // Given in the wrong order: localisation sorts deepest first, then by adjusted p.
    const findings = localiseFindings(
      [
        tested('[null]', 0.003),
        tested('[null,"type=business"]', 0.002),
        tested('["bar"]', 0.001),
        tested('["bar","type=business"]', 0.004),
      ],
      context,
    );
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding).toMatchObject({
      seriesId: '["bar","type=business"]',
      touchpoint: 'bar',
      segment: { type: 'business' },
      key: 'q',
      metric: 'nps',
      kind: 'nps',
      changeWeek: 1,
      changeDate: '2024-01-08',
      direction: 'down',
      effectSize: -100,
      effectUnit: 'nps-points',
      adjustedPValue: 0.004,
      alsoChanged: [],
    });
    expect(finding?.before.value).toBe(50);
    expect(finding?.after.value).toBe(-50);
    // The bar (120 a week: NPS 50 to 16.67), business travellers (80: 50 to 0) and everyone
    // (200: 50 to 30), in the order they folded.
    expect(finding?.sharedBy).toEqual([
      {
        touchpoint: 'bar',
        segment: {},
        before: 50,
        after: expect.closeTo(100 / 6, 10) as number,
        nBefore: 120,
        nAfter: 120,
        pValue: expect.closeTo(0.0020324458184466663, 12) as number,
      },
      {
        touchpoint: null,
        segment: { type: 'business' },
        before: 50,
        after: 0,
        nBefore: 80,
        nAfter: 80,
        pValue: expect.closeTo(0.0007810577601975319, 12) as number,
      },
      {
        touchpoint: null,
        segment: {},
        before: 50,
        after: 30,
        nBefore: 200,
        nAfter: 200,
        pValue: expect.closeTo(0.01954532480751721, 12) as number,
      },
    ]);
  });

  it('lists the unchanged siblings, same touchpoint first, then the largest, from minN on', () => {
    const [finding] = localiseFindings([tested('["bar","type=business"]', 0.004)], context);
    const unchanged = { before: 50, after: 50, pValue: 1 };
    expect(finding?.notAffected).toEqual([
      { touchpoint: 'bar', segment: { type: 'leisure' }, nBefore: 40, nAfter: 40, ...unchanged },
      { touchpoint: 'bar', segment: { type: 'crew' }, nBefore: 30, nAfter: 30, ...unchanged },
      { touchpoint: 'gate', segment: { type: 'business' }, nBefore: 40, nAfter: 40, ...unchanged },
    ]);
  });

  it('lists as siblings of a segment over all touchpoints only other segments of that kind', () => {
    const [finding] = localiseFindings([tested('[null,"type=business"]', 0.004)], context);
    const unchanged = { touchpoint: null, before: 50, after: 50, pValue: 1 };
    expect(finding?.notAffected).toEqual([
      { segment: { type: 'leisure' }, nBefore: 80, nAfter: 80, ...unchanged },
      { segment: { type: 'crew' }, nBefore: 30, nAfter: 30, ...unchanged },
    ]);
  });

  it('keeps a change in the other direction apart, though its remainder did not change', () => {
    const rise = { ...tested('[null,"type=business"]', 0.002), effect: 20 };
    const findings = localiseFindings([tested('["bar","type=business"]', 0.004), rise], context);
    expect(findings.map((f) => [f.seriesId, f.direction])).toEqual([
      ['["bar","type=business"]', 'down'],
      ['[null,"type=business"]', 'up'],
    ]);
  });

  it('folds two changed segments into their common parent when each explains only itself', () => {
    // Business travellers dropped at the gate too. Neither touchpoint explains the business
    // series (the other's business travellers changed), so it is kept at first; the second pass
    // then folds both touchpoints into it, since nothing is left outside it.
    const both = atoms.map((a) =>
      a.touchpoint === 'gate' && a.segment['type'] === 'business'
        ? atom('gate', 'business', [40, 20, 40], [40, -20, 40])
        : a,
    );
    const bothMeasure: ChangeMeasure = { ...measure, atoms: both };
    const among = { series: buildChangeSeries(both, ['type'], 2), measure: bothMeasure };
    const findings = localiseFindings(
      [
        tested('["bar","type=business"]', 0.004, among),
        tested('["gate","type=business"]', 0.004, among),
        tested('[null,"type=business"]', 0.001, among),
      ],
      { ...context, seriesByMeasure: new Map([[bothMeasure, among.series]]) },
    );
    expect(findings.map((f) => f.seriesId)).toEqual(['[null,"type=business"]']);
    expect(findings[0]?.sharedBy.map((r) => [r.touchpoint, r.before, r.after, r.nAfter])).toEqual([
      ['gate', 50, -50, 40],
      ['bar', 50, -50, 40],
    ]);
  });
});
