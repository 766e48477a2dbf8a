import { describe, expect, it } from 'vitest';
import { BUILT_IN_THEMES, createCommentAnalyzer, type TThemeRule } from './index.js';

const rules: TThemeRule[] = [
  { id: 'user:delay', name: 'Delay', keywords: ['delay'] },
  { id: 'user:crew', name: 'Crew', keywords: ['cabin crew', 'flight attendants'] },
  { id: 'user:wifi', name: 'Wi-Fi', keywords: ['Wi-Fi', 'wifi'] },
  { id: 'user:bar', name: 'Bar', keywords: ['bar'] },
];
const analyzer = createCommentAnalyzer(rules);
const themes = (text: string): string[] => analyzer.analyze(text).themes;

describe('theme matching', () => {
  it('matches a keyword in its inflections, whatever the case', () => {
    expect(themes('Two DELAYS in one week')).toEqual(['user:delay']);
    expect(themes('We were delayed by an hour')).toEqual(['user:delay']);
    expect(themes('It keeps delaying')).toEqual(['user:delay']);
  });

  it('matches whole words only', () => {
    expect(themes('The barista was great, barely any wait')).toEqual([]);
    expect(themes('The bar was closed')).toEqual(['user:bar']);
  });

  it('matches a phrase as a phrase, its last word inflected', () => {
    expect(themes('The Cabin Crew were great')).toEqual(['user:crew']);
    expect(themes('The crew in the cabin were great')).toEqual([]);
    expect(themes('One flight attendant helped us')).toEqual(['user:crew']);
  });

  it('treats "wi-fi", "wi fi" and "wifi" alike and lists themes in the order of the rules', () => {
    expect(themes('The wi fi was slow at the bar and we were delayed')).toEqual([
      'user:delay',
      'user:wifi',
      'user:bar',
    ]);
    expect(themes('No WIFI')).toEqual(['user:wifi']);
  });

  it('finds the built-in themes of a lounge comment', () => {
    const builtIn = createCommentAnalyzer(BUILT_IN_THEMES);
    const found = builtIn.analyze(
      'The lounge bar only has lemon cola instead of the diet cola',
    ).themes;
    expect(found).toEqual(['builtin:drinks', 'builtin:lounge']);
    expect(BUILT_IN_THEMES.every((t) => t.id.startsWith('builtin:'))).toBe(true);
    expect(new Set(BUILT_IN_THEMES.map((t) => t.id)).size).toBe(BUILT_IN_THEMES.length);
  });

  it('lists the key phrases of a comment, lemmatised', () => {
    expect(analyzer.analyze('The lounge drinks were warm and the cabin crew rude').phrases).toEqual(
      expect.arrayContaining(['drink', 'lounge drink', 'crew', 'cabin crew']),
    );
  });
});
