import { describe, expect, it } from 'vitest';
import { mayShow, urlMatches } from './widget-rules.js';

const page = (href: string) => ({ href, pathname: new URL(href).pathname });
const DAY = 86_400_000;

describe('urlMatches', () => {
  it('matches every page without a pattern', () => {
    expect(urlMatches(undefined, page('https://shop.example.com/any'))).toBe(true);
    expect(urlMatches('', page('https://shop.example.com/any'))).toBe(true);
  });

  it('matches paths with * and whole URLs otherwise', () => {
    expect(urlMatches('/checkout*', page('https://shop.example.com/checkout/done'))).toBe(true);
    expect(urlMatches('/checkout*', page('https://shop.example.com/help/checkout'))).toBe(false);
    expect(urlMatches('/help', page('https://shop.example.com/help?x=1'))).toBe(true);
    expect(urlMatches('https://*.example.com/*', page('https://shop.example.com/a'))).toBe(true);
    expect(urlMatches('https://*.example.com/*', page('https://example.org/a'))).toBe(false);
  });

  it('treats regular-expression characters literally', () => {
    expect(urlMatches('/a.b', page('https://x.test/axb'))).toBe(false);
    expect(urlMatches('/a(b)', page('https://x.test/a(b)'))).toBe(true);
  });
});

describe('mayShow', () => {
  const now = 100 * DAY;
  it('samples by percentage', () => {
    const rule = { samplingPercent: 25, oncePerDays: 0 };
    expect(mayShow(rule, null, now, 0.2499)).toBe(true);
    expect(mayShow(rule, null, now, 0.25)).toBe(false);
    expect(mayShow({ samplingPercent: 0, oncePerDays: 0 }, null, now, 0)).toBe(false);
    expect(mayShow({ samplingPercent: 100, oncePerDays: 0 }, null, now, 0.9999)).toBe(true);
  });

  it('shows at most once per N days', () => {
    const rule = { samplingPercent: 100, oncePerDays: 7 };
    expect(mayShow(rule, now - 6 * DAY, now, 0)).toBe(false);
    expect(mayShow(rule, now - 7 * DAY, now, 0)).toBe(true);
    expect(mayShow({ samplingPercent: 100, oncePerDays: 0 }, now - 1, now, 0)).toBe(true);
  });
});
