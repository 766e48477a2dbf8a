import { describe, expect, it } from 'vitest';
import { ZSurveyDefinition } from '../contracts/survey-definition.js';
import { localize, parseAcceptLanguage, resolveLanguage } from './language.js';

const def = ZSurveyDefinition.parse({
  defaultLanguage: 'en',
  languages: ['en', 'de', 'pt', 'fr-CA'],
  title: { en: 'Hello', de: 'Hallo', pt: '' },
  thankYou: { en: 'Thanks' },
  questions: [{ id: 'q', type: 'text', text: { en: 'Q' } }],
});

describe('resolveLanguage', () => {
  it.each([
    ['de', undefined, 'de'],
    ['DE', undefined, 'de'],
    ['pt-BR', undefined, 'pt'],
    ['fr-CA', undefined, 'fr-CA'],
    ['fr-ca', undefined, 'fr-CA'],
    // No plain fr: a regional variant of the same language is better than the default.
    ['fr', undefined, 'fr-CA'],
    ['fr-FR', undefined, 'fr-CA'],
    ['it', 'de;q=0.5, pt-PT;q=0.8', 'pt'],
    [undefined, 'it, de-AT;q=0.9, en;q=0.8', 'de'],
    [undefined, 'en;q=0.2, de;q=0.7', 'de'],
    // Equal q keeps the header's order.
    [undefined, 'pt;q=0.5, de;q=0.5', 'pt'],
    // q=0 means "not this one".
    [undefined, 'de;q=0, it', 'en'],
    [undefined, '*', 'en'],
    [undefined, 'de;q=abc', 'en'],
    [undefined, '', 'en'],
    [undefined, undefined, 'en'],
    ['', 'de', 'de'],
    ['xx', 'yy', 'en'],
  ])('requested %j with Accept-Language %j gives %s', (requested, accept, expected) => {
    expect(resolveLanguage(def, requested, accept)).toBe(expected);
  });
});

describe('parseAcceptLanguage', () => {
  it('orders by q, keeps header order on ties and drops q=0', () => {
    expect(parseAcceptLanguage('da, en-GB;q=0.8, en;q=0.7, fr;q=0, de;q=0.8')).toEqual([
      'da',
      'en-GB',
      'de',
      'en',
    ]);
    expect(parseAcceptLanguage(' , ;q=1')).toEqual([]);
  });
});

describe('localize', () => {
  it('uses the language, then the default language', () => {
    expect(localize(def.title, 'de', def)).toBe('Hallo');
    expect(localize(def.title, 'fr-CA', def)).toBe('Hello');
    // A blank translation counts as missing.
    expect(localize(def.title, 'pt', def)).toBe('Hello');
    expect(localize({ de: 'Nur Deutsch' }, 'fr-CA', def)).toBe('');
    expect(localize(def.title, 'constructor', def)).toBe('Hello');
  });
});
