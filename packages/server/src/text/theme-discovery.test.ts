import { describe, expect, it } from 'vitest';
import { BUILT_IN_THEMES, discoverThemes } from './index.js';

function repeat(texts: readonly string[], times: number): string[] {
  return Array.from({ length: times }, () => texts).flat();
}

describe('discoverThemes', () => {
  const comments = [
    ...repeat(['The lounge drinks were poor', 'Lounge drinks selection was bad tonight'], 5),
    ...repeat(['The cabin crew ignored us', 'Cabin crew were lovely', 'the crew were rude'], 4),
    ...repeat(['The lounge bar only had lemon cola', 'Only lemon cola at the bar again'], 3),
    'The pilot was funny',
    'A single mention of the duty free shop',
  ];

  it('groups key phrases into themes labelled by their most frequent phrase', () => {
    const themes = discoverThemes(comments);
    const byName = new Map(themes.map((t) => [t.name, t]));
    expect(byName.get('lounge drinks')).toMatchObject({ id: 'discovered:lounge-drinks' });
    expect(byName.get('lounge drinks')?.keywords).toEqual(
      expect.arrayContaining(['drink', 'lounge drink']),
    );
    expect(byName.get('cabin crew')?.keywords).toEqual(
      expect.arrayContaining(['crew', 'cabin crew']),
    );
    expect(byName.has('lemon cola')).toBe(true);
    // Too rare to matter.
    expect(themes.some((t) => t.keywords.includes('pilot') || t.keywords.includes('shop'))).toBe(
      false,
    );
    // The most mentioned first.
    expect(themes.slice(0, 2).map((t) => t.name)).toEqual(['cabin crew', 'lounge drinks']);
  });

  it('does not rediscover the keywords of excluded themes and keeps at most max', () => {
    const themes = discoverThemes(comments, { exclude: BUILT_IN_THEMES });
    const keywords = themes.flatMap((t) => t.keywords);
    // "crew", "drink", "bar" and "cola" are built-in keywords; compounds of them are new.
    for (const builtIn of ['crew', 'drink', 'bar', 'cola', 'cabin crew'])
      expect(keywords).not.toContain(builtIn);
    expect(keywords).toEqual(expect.arrayContaining(['lounge drink', 'lemon cola']));
    expect(discoverThemes(comments, { max: 1 })).toHaveLength(1);
  });

  it('leaves out what most comments are about and words of no theme', () => {
    const themes = discoverThemes([
      ...repeat(['Aurora lost my suitcase on the flight', 'Aurora has the best lounge snacks'], 4),
      ...repeat(['Great flight with Aurora, the lounge snacks were fresh'], 2),
      ...repeat(
        ['Aurora, my refund please', 'Aurora, the seat was broken', 'The seat belt sign at Aurora'],
        3,
      ),
    ]);
    const keywords = themes.flatMap((t) => t.keywords);
    expect(keywords).not.toContain('aurora');
    expect(keywords).not.toContain('flight');
    expect(keywords).not.toContain('great');
    expect(themes.map((t) => t.name)).toContain('lounge snacks');
  });

  it('finds nothing in empty, foreign or too few comments', () => {
    expect(discoverThemes([])).toEqual([]);
    expect(discoverThemes(['', '   ', 'The lounge drinks were poor'])).toEqual([]);
    expect(discoverThemes(repeat(['Le bar du salon était fermé toute la soirée'], 10))).toEqual([]);
  });
});
