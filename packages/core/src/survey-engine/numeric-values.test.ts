import { describe, expect, it } from 'vitest';
import { ZSurveyDefinition } from '../contracts/survey-definition.js';
import { numericValues } from './numeric-values.js';

const en = (s: string) => ({ en: s });

const def = ZSurveyDefinition.parse({
  defaultLanguage: 'en',
  languages: ['en'],
  title: en('T'),
  thankYou: en('Thanks'),
  questions: [
    { id: 'nps', type: 'nps', text: en('N') },
    { id: 'note', type: 'text', text: en('Why') },
    { id: 'csat', type: 'csat', text: en('C') },
    { id: 'ces', type: 'ces', text: en('E') },
    {
      id: 'stars',
      type: 'rating',
      text: en('R'),
      scale: { min: 1, max: 5 },
      dimension: 'sem:sense',
    },
    {
      id: 'rude',
      type: 'likert',
      text: en('L'),
      scale: { min: 1, max: 7 },
      dimension: 'servqual:assurance',
      reverse: true,
    },
    {
      id: 'grid',
      type: 'matrix',
      text: en('M'),
      scale: { min: 1, max: 7 },
      items: [
        { id: 'a', text: en('A'), dimension: 'sem:feel' },
        { id: 'b', text: en('B'), dimension: 'sem:feel', reverse: true },
        { id: 'c', text: en('C') },
      ],
    },
    { id: 'nights', type: 'number', text: en('Nights') },
    {
      id: 'pick',
      type: 'single_choice',
      text: en('P'),
      options: [
        { id: 'x', label: en('X') },
        { id: 'y', label: en('Y') },
      ],
    },
    { id: 'ok', type: 'consent', text: en('OK') },
  ],
});

describe('numericValues', () => {
  it('gives one raw, unreversed value per numeric answer, matrix items as question.item', () => {
    const values = numericValues(def, {
      grid: { c: 4, a: 7, b: 2 },
      nps: 9,
      note: 'fine',
      csat: 4,
      ces: 6,
      stars: 5,
      rude: 2,
      nights: 2.5,
      pick: 'x',
      ok: true,
    });
    expect(values).toEqual([
      {
        key: 'nps',
        value: 9,
        dimension: null,
        reverse: false,
        scaleMin: 0,
        scaleMax: 10,
        type: 'nps',
      },
      {
        key: 'csat',
        value: 4,
        dimension: null,
        reverse: false,
        scaleMin: 1,
        scaleMax: 5,
        type: 'csat',
      },
      {
        key: 'ces',
        value: 6,
        dimension: null,
        reverse: false,
        scaleMin: 1,
        scaleMax: 7,
        type: 'ces',
      },
      {
        key: 'stars',
        value: 5,
        dimension: 'sem:sense',
        reverse: false,
        scaleMin: 1,
        scaleMax: 5,
        type: 'rating',
      },
      {
        key: 'rude',
        value: 2,
        dimension: 'servqual:assurance',
        reverse: true,
        scaleMin: 1,
        scaleMax: 7,
        type: 'likert',
      },
      {
        key: 'grid.a',
        value: 7,
        dimension: 'sem:feel',
        reverse: false,
        scaleMin: 1,
        scaleMax: 7,
        type: 'matrix',
      },
      {
        key: 'grid.b',
        value: 2,
        dimension: 'sem:feel',
        reverse: true,
        scaleMin: 1,
        scaleMax: 7,
        type: 'matrix',
      },
      {
        key: 'grid.c',
        value: 4,
        dimension: null,
        reverse: false,
        scaleMin: 1,
        scaleMax: 7,
        type: 'matrix',
      },
      {
        key: 'nights',
        value: 2.5,
        dimension: null,
        reverse: false,
        scaleMin: null,
        scaleMax: null,
        type: 'number',
      },
    ]);
  });

  it('skips unanswered questions, unanswered items and text where a number was expected', () => {
    expect(numericValues(def, { grid: { b: 3 }, nps: 'x' })).toEqual([
      {
        key: 'grid.b',
        value: 3,
        dimension: 'sem:feel',
        reverse: true,
        scaleMin: 1,
        scaleMax: 7,
        type: 'matrix',
      },
    ]);
    expect(numericValues(def, {})).toEqual([]);
  });
});
