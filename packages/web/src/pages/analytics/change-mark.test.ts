/**
 * The one significance mark of the overview, trends and journey map: a fall points down and a
 * rise up whatever the metric, and a change is written in its unit (NPS and percentages in
 * points, never "%"; means as numbers; counts whole).
 */
import type { TComparison } from '@touchstone/core';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ChangeLegend, ChangeMark } from './change-mark.js';

function comparison(difference: number, significant: boolean): TComparison {
  return {
    status: 'ok',
    against: 'previous',
    method: 'test',
    difference,
    interval: null,
    pValue: significant ? 0.001 : 0.4,
    adjustedPValue: significant ? 0.002 : 0.5,
    significant,
  };
}

function mark(difference: number, unit: string, significant = true): string {
  return renderToStaticMarkup(
    createElement(ChangeMark, {
      change: comparison(difference, significant),
      unit,
      against: 'the previous period',
    }),
  );
}

describe('ChangeMark', () => {
  it('marks a significant fall of a percentage downward, in points', () => {
    const html = mark(-0.375, 'share');
    expect(html).toContain('data-change="fall"');
    expect(html).toContain('▼');
    expect(html).not.toContain('▲');
    expect(html).toContain('−37.5 pts vs the previous period');
    expect(html).not.toContain('%');
    expect(html).toContain('Significant fall');
  });

  it('marks a significant rise of NPS upward, in points', () => {
    const html = mark(12.34, 'points');
    expect(html).toContain('data-change="rise"');
    expect(html).toContain('▲');
    expect(html).not.toContain('▼');
    expect(html).toContain('+12.3 pts');
  });

  it('writes a change of a mean as a number and a change of a count whole', () => {
    expect(mark(-0.254, 'scale')).toContain('−0.25 vs');
    expect(mark(-0.254, 'scale')).toContain('▼');
    expect(mark(-0.254, 'scale')).not.toContain('pts');
    expect(mark(3.4, 'count')).toContain('+3 vs');
  });

  it('gives no arrow to a change the test does not find significant', () => {
    const html = mark(-0.2, 'share', false);
    expect(html).toContain('data-change="not-significant"');
    expect(html).toContain('−20.0 pts vs the previous period (not significant)');
    expect(html).not.toMatch(/[▲▼]/);
  });

  it('has a legend that says changes of percentages are in points', () => {
    const html = renderToStaticMarkup(createElement(ChangeLegend, { alpha: 0.05 }));
    expect(html).toContain('▲');
    expect(html).toContain('▼');
    expect(html).toContain('percentage points (pts)');
  });
});
