import { describe, expect, it } from 'vitest';
import type { ChangeFinding } from './change-detection-effects.js';
import { changeScanSettings } from './change-detection-effects.js';
import { groupFindingsAcrossMeasures, standardisedEffect } from './change-detection-grouping.js';

const side = { n: 40, value: 0, interval: { low: 0, high: 0, confidence: 0.95 } };

/** A finding of series `seriesId` with only the fields grouping reads set to something real. */
function finding(
  key: string,
  metric: string,
  effectSize: number,
  overrides: Partial<ChangeFinding> = {},
): ChangeFinding {
  return {
    seriesId: 's',
    touchpoint: null,
    segment: {},
    key,
    metric,
    kind: metric === 'nps' ? 'nps' : 'mean',
    changeWeek: 10,
    changeDate: '2024-03-11',
    direction: effectSize >= 0 ? 'up' : 'down',
    before: side,
    after: side,
    effectSize,
    effectUnit: metric === 'nps' ? 'nps-points' : 'cohens-d',
    statistic: 3,
    pValue: 0.001,
    adjustedPValue: 0.01,
    sharedBy: [],
    notAffected: [],
    alsoChanged: [],
    ...overrides,
  };
}

const settings = changeScanSettings();

function headlines(findings: ChangeFinding[]): string[][] {
  return groupFindingsAcrossMeasures(findings, settings).map((f) => [
    f.key,
    ...f.alsoChanged.map((o) => o.key),
  ]);
}

describe('standardisedEffect', () => {
  it('puts NPS points over 80 and leaves Cohen d as it is, both as sizes', () => {
    expect(standardisedEffect({ effectSize: -20, effectUnit: 'nps-points' })).toBe(0.25);
    expect(standardisedEffect({ effectSize: -0.4, effectUnit: 'cohens-d' })).toBe(0.4);
  });
});

describe('groupFindingsAcrossMeasures', () => {
  it('heads a group with NPS, then CSAT, then CES, then the largest rating effect', () => {
    const group = headlines([
      finding('r-small', 'rating', 0.4),
      finding('ces', 'ces', 0.3),
      finding('r-large', 'rating', 0.9),
      finding('csat', 'csat', 0.35),
      finding('nps', 'nps', 12),
    ]);
    expect(group).toEqual([['nps', 'csat', 'ces', 'r-large', 'r-small']]);
    expect(
      headlines([finding('r-small', 'rating', 0.4), finding('r-large', 'rating', 0.9)]),
    ).toEqual([['r-large', 'r-small']]);
    // Equal effects: by key.
    expect(
      headlines([finding('b', 'rating', 0.5), finding('a', 'rating', -0.5, { direction: 'up' })]),
    ).toEqual([['a', 'b']]);
  });

  it('keeps apart other series, the other direction and dates beyond the tolerance', () => {
    expect(
      headlines([finding('a', 'csat', 0.5), finding('b', 'rating', 0.5, { seriesId: 't' })]),
    ).toEqual([['a'], ['b']]);
    expect(headlines([finding('a', 'csat', 0.5), finding('b', 'rating', -0.5)])).toEqual([
      ['a'],
      ['b'],
    ]);
    // Tolerance 4 weeks: 4 apart is one event, 5 apart two.
    expect(
      headlines([finding('a', 'csat', 0.5), finding('b', 'rating', 0.5, { changeWeek: 14 })]),
    ).toEqual([['a', 'b']]);
    expect(
      headlines([finding('a', 'csat', 0.5), finding('b', 'rating', 0.5, { changeWeek: 15 })]),
    ).toEqual([['a'], ['b']]);
  });

  it('lists the folded measures with their own figures', () => {
    const [group] = groupFindingsAcrossMeasures(
      [finding('csat', 'csat', 0.5), finding('item', 'rating', 0.7, { adjustedPValue: 0.02 })],
      settings,
    );
    expect(group?.alsoChanged).toEqual([
      {
        key: 'item',
        metric: 'rating',
        kind: 'mean',
        changeDate: '2024-03-11',
        before: side,
        after: side,
        effectSize: 0.7,
        effectUnit: 'cohens-d',
        adjustedPValue: 0.02,
      },
    ]);
  });
});
