import { describe, expect, it } from 'vitest';
import type {
  TCondition,
  TQuestion,
  TSurveyDefinition,
  TSurveyDefinitionInput,
  TText,
} from '../contracts/survey-definition.js';
import { ZQuestion, ZSurveyDefinition } from '../contracts/survey-definition.js';
import { validateSurveyDefinition } from './definition-validation.js';

const text = (en: string, de?: string): TText => (de === undefined ? { en } : { en, de });
const options = (...ids: string[]) => ids.map((id) => ({ id, label: text(id) }));

const baseInput: TSurveyDefinitionInput = {
  defaultLanguage: 'en',
  languages: ['en', 'de'],
  title: text('Title', 'Titel'),
  thankYou: text('Thanks'),
  hiddenFields: [{ key: 'tier' }],
  questions: [
    { id: 'score', type: 'nps', text: text('Score'), minLabel: text('No'), maxLabel: text('Yes') },
    { id: 'pick', type: 'single_choice', text: text('Pick'), options: options('a', 'b') },
    { id: 'multi', type: 'multiple_choice', text: text('Multi'), options: options('a', 'b') },
    { id: 'note', type: 'text', text: text('Note'), help: text('Help') },
    { id: 'ok', type: 'consent', text: text('OK') },
    {
      id: 'grid',
      type: 'matrix',
      text: text('Grid'),
      scale: { min: 1, max: 3, pointLabels: [text('1'), text('2'), text('3')] },
      items: [
        { id: 'x', text: text('X') },
        { id: 'y', text: text('Y') },
      ],
    },
    { id: 'count', type: 'number', text: text('Count'), min: 0, max: 5 },
  ],
};

/** The base definition with some questions appended. */
function withQuestions(...extra: unknown[]): TSurveyDefinition {
  return ZSurveyDefinition.parse({
    ...baseInput,
    questions: [...baseInput.questions, ...extra],
  });
}

/** The base definition plus one probe question (index 7) with this condition. */
function probe(condition: TCondition): TSurveyDefinition {
  return withQuestions({ id: 'probe', type: 'text', text: text('Probe'), displayIf: condition });
}

const at = 'definition.questions.7.displayIf';

describe('validateSurveyDefinition', () => {
  it('accepts a valid definition', () => {
    expect(validateSurveyDefinition(withQuestions())).toEqual([]);
  });

  it('requires the default language among the languages, once each', () => {
    const def = ZSurveyDefinition.parse({ ...baseInput, languages: ['de', 'fr', 'de'] });
    expect(validateSurveyDefinition(def)).toEqual([
      {
        field: 'definition.languages.2',
        message: 'duplicate language de (first at definition.languages.0)',
      },
      { field: 'definition.languages', message: 'must include the default language en' },
    ]);
  });

  it('requires every text in the default language, with its field path', () => {
    const def = ZSurveyDefinition.parse({
      ...baseInput,
      title: text('  ', 'Titel'),
      intro: { de: 'Hallo' },
      questions: [
        { id: 'q', type: 'text', text: { de: 'Frage' }, help: { de: 'Hilfe' } },
        { id: 'n', type: 'nps', text: text('N'), maxLabel: { de: 'Sehr' } },
        {
          id: 'c',
          type: 'single_choice',
          text: text('C'),
          options: [
            { id: 'a', label: { de: 'A' } },
            { id: 'b', label: text('B') },
          ],
        },
        {
          id: 'm',
          type: 'matrix',
          text: text('M'),
          scale: {
            min: 1,
            max: 2,
            minLabel: { de: 'Nein' },
            pointLabels: [text('1'), { de: '2' }],
          },
          items: [{ id: 'i', text: { de: 'I' } }],
        },
      ],
    });
    const missing = (field: string) => ({
      field,
      message: 'missing text in the default language en',
    });
    expect(validateSurveyDefinition(def)).toEqual([
      missing('definition.title'),
      missing('definition.intro'),
      missing('definition.questions.0.text'),
      missing('definition.questions.0.help'),
      missing('definition.questions.1.maxLabel'),
      missing('definition.questions.2.options.0.label'),
      missing('definition.questions.3.scale.minLabel'),
      missing('definition.questions.3.scale.pointLabels.1'),
      missing('definition.questions.3.items.0.text'),
    ]);
  });

  it('reports duplicate question, option, item and hidden field ids', () => {
    const def = ZSurveyDefinition.parse({
      ...baseInput,
      hiddenFields: [{ key: 'tier' }, { key: 'tier' }],
      questions: [
        { id: 'pick', type: 'single_choice', text: text('P'), options: options('a', 'b', 'a') },
        { id: 'pick', type: 'multiple_choice', text: text('M'), options: options('a', 'a') },
        {
          id: 'grid',
          type: 'matrix',
          text: text('G'),
          scale: { min: 1, max: 5 },
          items: [
            { id: 'x', text: text('X') },
            { id: 'x', text: text('X') },
          ],
        },
      ],
    });
    expect(validateSurveyDefinition(def)).toEqual([
      {
        field: 'definition.questions.1.id',
        message: 'duplicate question id pick (first at definition.questions.0.id)',
      },
      {
        field: 'definition.hiddenFields.1.key',
        message: 'duplicate hidden field tier (first at definition.hiddenFields.0.key)',
      },
      {
        field: 'definition.questions.0.options.2.id',
        message: 'duplicate option id a (first at definition.questions.0.options.0.id)',
      },
      {
        field: 'definition.questions.1.options.1.id',
        message: 'duplicate option id a (first at definition.questions.1.options.0.id)',
      },
      {
        field: 'definition.questions.2.items.1.id',
        message: 'duplicate item id x (first at definition.questions.2.items.0.id)',
      },
    ]);
  });

  it('reserves the question id hidden', () => {
    const def = withQuestions({ id: 'hidden', type: 'text', text: text('H') });
    expect(validateSurveyDefinition(def)).toEqual([
      {
        field: 'definition.questions.7.id',
        message: 'hidden is reserved: conditions use hidden.<key> for hidden fields',
      },
    ]);
  });

  it('checks scale label counts, selection limits and number ranges', () => {
    const def = withQuestions(
      {
        id: 'many',
        type: 'multiple_choice',
        text: text('M'),
        options: options('a', 'b'),
        minSelected: 3,
        maxSelected: 2,
      },
      {
        id: 'many2',
        type: 'multiple_choice',
        text: text('M'),
        options: options('a', 'b'),
        allowOther: true,
        maxSelected: 4,
      },
      {
        id: 'many3',
        type: 'multiple_choice',
        text: text('M'),
        options: options('a', 'b'),
        allowOther: true,
        maxSelected: 3,
      },
      { id: 'range', type: 'number', text: text('R'), min: 5, max: 1 },
    );
    // The contract refuses a wrong label count; a definition built in code may still have one.
    const likert = ZQuestion.parse({
      id: 'lk',
      type: 'likert',
      text: text('L'),
      scale: { min: 1, max: 3 },
    });
    const broken = {
      ...likert,
      scale: { min: 1, max: 3, pointLabels: [text('1'), text('2')] },
    } as TQuestion;
    const flat = { ...likert, id: 'flat', scale: { min: 3, max: 3 } } as TQuestion;
    def.questions.push(broken, flat);
    expect(validateSurveyDefinition(def)).toEqual([
      {
        field: 'definition.questions.7.minSelected',
        message: 'minSelected (3) is above maxSelected (2)',
      },
      {
        field: 'definition.questions.7.minSelected',
        message: 'minSelected (3) is above the number of choices (2)',
      },
      {
        field: 'definition.questions.8.maxSelected',
        message: 'maxSelected (4) is above the number of choices (3)',
      },
      { field: 'definition.questions.10.max', message: 'max (1) is below min (5)' },
      {
        field: 'definition.questions.11.scale.pointLabels',
        message: 'a 1..3 scale needs 3 point labels, got 2',
      },
      {
        field: 'definition.questions.12.scale.max',
        message: 'a scale needs whole-number ends with max above min (got 3..3)',
      },
    ]);
  });
});

describe('validateSurveyDefinition: display conditions', () => {
  it.each<[string, TCondition]>([
    ['number comparison', { ref: 'score', op: 'lte', value: 6 }],
    ['number list', { ref: 'count', op: 'in', value: [1, 2] }],
    ['choice', { ref: 'pick', op: 'eq', value: 'a' }],
    ['multiple choice list', { ref: 'multi', op: 'notIn', value: ['a', 'b'] }],
    ['text', { ref: 'note', op: 'neq', value: 'x' }],
    ['consent', { ref: 'ok', op: 'eq', value: true }],
    ['matrix item', { ref: 'grid.y', op: 'gt', value: 2 }],
    ['whole matrix presence', { ref: 'grid', op: 'answered' }],
    ['hidden field', { ref: 'hidden.tier', op: 'in', value: ['gold', 'silver'] }],
    [
      'nested',
      {
        all: [
          { any: [{ ref: 'score', op: 'answered' }] },
          { not: { ref: 'ok', op: 'notAnswered' } },
        ],
      },
    ],
  ])('accepts a %s condition', (_name, condition) => {
    expect(validateSurveyDefinition(probe(condition))).toEqual([]);
  });

  it.each<[string, TCondition, string, string]>([
    [
      'unknown question',
      { ref: 'nope', op: 'answered' },
      at,
      'refers to nope, but there is no question nope',
    ],
    [
      'unknown item',
      { ref: 'grid.z', op: 'gt', value: 1 },
      at,
      'refers to grid.z, but there is no item z in matrix grid',
    ],
    [
      'item of a non-matrix',
      { ref: 'score.z', op: 'gt', value: 1 },
      at,
      'refers to score.z, but there is no item z (score is not a matrix)',
    ],
    [
      'undeclared hidden field',
      { ref: 'hidden.region', op: 'eq', value: 'eu' },
      at,
      'refers to hidden field region, which is not declared',
    ],
    [
      'lt on text',
      { ref: 'note', op: 'lt', value: 3 },
      at,
      'lt compares numbers, but note is not a number',
    ],
    [
      'lt on a choice',
      { ref: 'pick', op: 'gte', value: 1 },
      at,
      'gte compares numbers, but pick is not a number',
    ],
    [
      'lt on a hidden field',
      { ref: 'hidden.tier', op: 'gt', value: 1 },
      at,
      'gt compares numbers, but hidden.tier is not a number',
    ],
    [
      'string against a number',
      { ref: 'score', op: 'eq', value: '6' },
      at,
      'score is a number, so compare with a number',
    ],
    ['unknown option', { ref: 'pick', op: 'eq', value: 'z' }, at, '"z" is not an option of pick'],
    [
      '"other" without allowOther',
      { ref: 'pick', op: 'eq', value: 'other' },
      at,
      '"other" is not an option of pick',
    ],
    [
      'number against consent',
      { ref: 'ok', op: 'eq', value: 1 },
      at,
      'ok is a consent, so compare with true or false',
    ],
    [
      'in without a list',
      { ref: 'score', op: 'in', value: 3 },
      at,
      'in takes a non-empty list of values',
    ],
    [
      'in with an empty list',
      { ref: 'score', op: 'notIn', value: [] },
      at,
      'notIn takes a non-empty list of values',
    ],
    ['eq with a list', { ref: 'score', op: 'eq', value: [3] }, at, 'eq takes one value'],
    ['eq without a value', { ref: 'score', op: 'eq' }, at, 'eq takes one value'],
    [
      'answered with a value',
      { ref: 'score', op: 'answered', value: 1 },
      at,
      'answered takes no value',
    ],
    [
      'a whole matrix compared',
      { ref: 'grid', op: 'gt', value: 1 },
      at,
      'a whole matrix can only be tested with answered or notAnswered; refer to grid.<item>',
    ],
    [
      'nested path',
      { all: [{ ref: 'score', op: 'answered' }, { not: { ref: 'note', op: 'lt', value: 1 } }] },
      `${at}.all.1.not`,
      'lt compares numbers, but note is not a number',
    ],
    [
      'any path',
      { any: [{ ref: 'nope', op: 'answered' }] },
      `${at}.any.0`,
      'refers to nope, but there is no question nope',
    ],
  ])('rejects %s', (_name, condition, field, message) => {
    expect(validateSurveyDefinition(probe(condition))).toEqual([{ field, message }]);
  });

  it('allows only earlier questions', () => {
    const def = ZSurveyDefinition.parse({
      ...baseInput,
      questions: [
        { id: 'a', type: 'nps', text: text('A'), displayIf: { ref: 'b', op: 'lte', value: 6 } },
        { id: 'b', type: 'nps', text: text('B'), displayIf: { ref: 'b', op: 'answered' } },
      ],
    });
    expect(validateSurveyDefinition(def)).toEqual([
      {
        field: 'definition.questions.0.displayIf',
        message: 'refers to b, which comes later: conditions may use only earlier answers',
      },
      { field: 'definition.questions.1.displayIf', message: 'refers to its own question b' },
    ]);
  });
});
