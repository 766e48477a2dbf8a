import { describe, expect, it } from 'vitest';
import type { ChangeAtom } from './change-detection-series.js';
import {
  buildChangeSeries,
  changeScopeId,
  scopeDepth,
  scopeWeeks,
  scopesOverlap,
} from './change-detection-series.js';

/** An atom of two weeks whose every response has the value `value`. */
function atom(
  touchpoint: string | null,
  segment: Record<string, string>,
  n: [number, number],
  value = 1,
): ChangeAtom {
  return {
    touchpoint,
    segment,
    weeks: {
      n,
      sum: n.map((k) => k * value),
      sumSq: n.map((k) => k * value * value),
    },
  };
}

describe('scopes', () => {
  it('name a scope by touchpoint and sorted attribute values', () => {
    expect(changeScopeId({ touchpoint: 'bar', segment: { type: 'b', route: 'd' } })).toBe(
      '["bar","route=d","type=b"]',
    );
    expect(changeScopeId({ touchpoint: null, segment: {} })).toBe('[null]');
  });

  it('count the conditions a scope sets', () => {
    expect(scopeDepth({ touchpoint: null, segment: {} })).toBe(0);
    expect(scopeDepth({ touchpoint: 'bar', segment: {} })).toBe(1);
    expect(scopeDepth({ touchpoint: null, segment: { type: 'b' } })).toBe(1);
    expect(scopeDepth({ touchpoint: 'bar', segment: { type: 'b', route: 'd' } })).toBe(3);
  });

  it('overlap unless a touchpoint or an attribute value contradicts the other', () => {
    const bar = { touchpoint: 'bar', segment: { type: 'b' } };
    expect(scopesOverlap(bar, { touchpoint: 'gate', segment: {} })).toBe(false);
    expect(scopesOverlap(bar, { touchpoint: null, segment: { type: 'l' } })).toBe(false);
    expect(scopesOverlap(bar, { touchpoint: null, segment: { route: 'd' } })).toBe(true);
    expect(scopesOverlap(bar, { touchpoint: 'bar', segment: { type: 'b' } })).toBe(true);
    expect(scopesOverlap({ touchpoint: null, segment: {} }, bar)).toBe(true);
  });
});

describe('buildChangeSeries and scopeWeeks', () => {
  const atoms = [
    atom('bar', { type: 'b', route: 'd', tier: 'gold' }, [1, 2]),
    atom('gate', { type: 'b' }, [3, 4]),
    atom(null, { type: 'l', route: 'd' }, [5, 6]),
  ];

  it('sums every combination of touchpoint and up to two declared attributes', () => {
    const series = buildChangeSeries(atoms, ['type', 'route', 'type'], 2);
    const byId = new Map(series.map((s) => [s.id, Array.from(s.weeks.n)]));
    // 'tier' is not declared: it makes no series.
    expect([...byId.keys()].sort()).toEqual(
      [
        '[null]',
        '[null,"route=d"]',
        '[null,"type=b"]',
        '[null,"route=d","type=b"]',
        '[null,"type=l"]',
        '[null,"route=d","type=l"]',
        '["bar"]',
        '["bar","route=d"]',
        '["bar","type=b"]',
        '["bar","route=d","type=b"]',
        '["gate"]',
        '["gate","type=b"]',
      ].sort(),
    );
    expect(byId.get('[null]')).toEqual([9, 12]);
    expect(byId.get('[null,"type=b"]')).toEqual([4, 6]);
    expect(byId.get('[null,"route=d"]')).toEqual([6, 8]);
    expect(byId.get('["bar"]')).toEqual([1, 2]);
    const barBoth = series.find((s) => s.id === '["bar","route=d","type=b"]');
    expect(barBoth).toMatchObject({ touchpoint: 'bar', segment: { route: 'd', type: 'b' } });
  });

  it('sums the atoms of a scope less those of another', () => {
    const all = { touchpoint: null, segment: {} };
    const business = { touchpoint: null, segment: { type: 'b' } };
    expect(Array.from(scopeWeeks(atoms, all, null, 2).n)).toEqual([9, 12]);
    expect(Array.from(scopeWeeks(atoms, all, business, 2).n)).toEqual([5, 6]);
    expect(
      Array.from(scopeWeeks(atoms, business, { touchpoint: 'gate', segment: {} }, 2).n),
    ).toEqual([1, 2]);
  });
});
