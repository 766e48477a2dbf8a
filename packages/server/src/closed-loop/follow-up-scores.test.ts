import { describe, expect, it } from 'vitest';
import { isRecovered, scoreCategory } from './follow-up-scores.js';

describe('follow-up scores', () => {
  it('categorises NPS and CSAT answers at their boundaries', () => {
    expect([0, 6, 7, 8, 9, 10].map((s) => scoreCategory('nps', s))).toEqual([
      'detractor',
      'detractor',
      'passive',
      'passive',
      'promoter',
      'promoter',
    ]);
    expect([1, 2, 3, 4, 5].map((s) => scoreCategory('csat', s))).toEqual([
      'dissatisfied',
      'dissatisfied',
      'neutral',
      'satisfied',
      'satisfied',
    ]);
    expect(scoreCategory('nps', 11)).toBeNull();
    expect(scoreCategory('csat', 0)).toBeNull();
  });

  it('recovers only an unhappy customer who is no longer unhappy', () => {
    expect(isRecovered('detractor', 'passive')).toBe(true);
    expect(isRecovered('detractor', 'promoter')).toBe(true);
    expect(isRecovered('detractor', 'detractor')).toBe(false);
    expect(isRecovered('passive', 'promoter')).toBe(false);
    expect(isRecovered('dissatisfied', 'neutral')).toBe(true);
    expect(isRecovered(null, 'promoter')).toBeNull();
    expect(isRecovered('detractor', null)).toBeNull();
  });
});
