import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSegmentKey, segmentKey } from './segment-key.js';

describe('segmentKey', () => {
  it('keeps only the given keys, sorted, and leaves out missing and null values', () => {
    const attributes = { tier: 'gold', region: 'EU', traveller: 'business', age: null, score: 7 };
    expect(segmentKey(attributes, ['traveller', 'tier', 'region', 'age', 'missing'])).toBe(
      'region=EU;tier=gold;traveller=business',
    );
    expect(segmentKey(attributes, ['score', 'tier', 'tier'])).toBe('score=7;tier=gold');
    expect(segmentKey(attributes, [])).toBe('');
    expect(segmentKey({ vip: true, nested: { a: 1 } }, ['vip', 'nested'])).toBe('vip=true');
  });

  it('writes numbers and text the same way', () => {
    expect(segmentKey({ tier: 2 }, ['tier'])).toBe(segmentKey({ tier: '2' }, ['tier']));
  });

  it('escapes ; = and % so that values cannot forge keys', () => {
    expect(segmentKey({ a: 'x;b=y', b: '100%' }, ['a', 'b'])).toBe('a=x%3Bb%3Dy;b=100%25');
    expect(segmentKey({ a: '%3B' }, ['a'])).toBe('a=%253B');
    expect(segmentKey({ a: 'x;b=y' }, ['a', 'b'])).not.toBe(
      segmentKey({ a: 'x', b: 'y' }, ['a', 'b']),
    );
  });

  it('sorts by code unit, not by locale', () => {
    expect(segmentKey({ b: '1', B: '2', a: '3' }, ['b', 'a', 'B'])).toBe('B=2;a=3;b=1');
  });
});

describe('parseSegmentKey', () => {
  it('reads keys back', () => {
    expect(parseSegmentKey('region=EU;tier=gold')).toEqual({ region: 'EU', tier: 'gold' });
    expect(parseSegmentKey('a=x%3Bb%3Dy;b=100%25')).toEqual({ a: 'x;b=y', b: '100%' });
    expect(parseSegmentKey('a=%253B')).toEqual({ a: '%3B' });
    expect(parseSegmentKey('')).toEqual({});
    expect(parseSegmentKey('empty=')).toEqual({ empty: '' });
  });

  it('keeps __proto__ as an ordinary key', () => {
    const parsed = parseSegmentKey('__proto__=x');
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });

  it('round-trips any text attributes', () => {
    const text = fc.string({
      unit: fc.constantFrom('a', 'b', ';', '=', '%', '3', 'B', 'D', '2', '5'),
    });
    fc.assert(
      fc.property(fc.dictionary(text, text), (attributes) => {
        const keys = Object.keys(attributes);
        expect(parseSegmentKey(segmentKey(attributes, keys))).toEqual(attributes);
      }),
    );
  });
});
