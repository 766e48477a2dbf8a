import { describe, expect, it } from 'vitest';
import type { TAnswers, TSurveyDefinitionInput } from '../contracts/survey-definition.js';
import { ZSurveyDefinition } from '../contracts/survey-definition.js';
import { validateSubmission } from './submission-validation.js';

const en = (s: string) => ({ en: s });

/** One question of every type; defaults filled by the contract, as the server stores them. */
const input: TSurveyDefinitionInput = {
  defaultLanguage: 'en',
  languages: ['en'],
  title: en('All types'),
  thankYou: en('Thanks'),
  hiddenFields: [{ key: 'booking', required: true }, { key: 'channel' }],
  questions: [
    { id: 'nps', type: 'nps', text: en('Recommend?') },
    { id: 'csat', type: 'csat', text: en('Satisfied?') },
    { id: 'ces', type: 'ces', text: en('Easy?') },
    { id: 'rating', type: 'rating', text: en('Stars'), scale: { min: 1, max: 5 } },
    { id: 'likert', type: 'likert', text: en('Agree?'), scale: { min: 0, max: 4 } },
    {
      id: 'grid',
      type: 'matrix',
      text: en('Grid'),
      scale: { min: 1, max: 7 },
      items: [
        { id: 'a', text: en('A') },
        { id: 'b', text: en('B') },
      ],
    },
    {
      id: 'one',
      type: 'single_choice',
      text: en('One'),
      options: [
        { id: 'x', label: en('X') },
        { id: 'y', label: en('Y') },
      ],
    },
    {
      id: 'one_other',
      type: 'single_choice',
      text: en('One or other'),
      allowOther: true,
      options: [
        { id: 'x', label: en('X') },
        { id: 'y', label: en('Y') },
      ],
    },
    {
      id: 'many',
      type: 'multiple_choice',
      text: en('Many'),
      allowOther: true,
      minSelected: 2,
      maxSelected: 3,
      options: [
        { id: 'r', label: en('R') },
        { id: 's', label: en('S') },
        { id: 't', label: en('T') },
      ],
    },
    { id: 'comment', type: 'text', text: en('Comment'), maxLength: 10 },
    { id: 'count', type: 'number', text: en('How many?'), integer: true, min: 0, max: 20 },
    { id: 'amount', type: 'number', text: en('Amount') },
    { id: 'agree', type: 'consent', text: en('I agree'), required: true },
    { id: 'newsletter', type: 'consent', text: en('Newsletter') },
  ],
};
const def = ZSurveyDefinition.parse(input);

function check(
  answers: Record<string, unknown>,
  partial = true,
  hidden: Record<string, unknown> = {},
) {
  return validateSubmission(
    def,
    { answers: answers as TAnswers, hidden: hidden as Record<string, string> },
    { partial },
  );
}

/** The issues of a partial submission of one answer. */
function issuesOf(id: string, value: unknown) {
  return check({ [id]: value }).issues;
}

describe('validateSubmission: answer types', () => {
  it.each([
    ['nps', 0],
    ['nps', 10],
    ['csat', 1],
    ['csat', 5],
    ['ces', 7],
    ['rating', 3],
    ['likert', 0],
    ['likert', 4],
    ['count', 0],
    ['count', 20],
    ['amount', -3.25],
    ['newsletter', false],
    ['agree', true],
  ])('accepts %s = %j', (id, value) => {
    expect(check({ [id]: value })).toEqual({ issues: [], answers: { [id]: value } });
  });

  it.each([
    ['nps', 11, 'must be a whole number from 0 to 10 (got 11)'],
    ['nps', -1, 'must be a whole number from 0 to 10 (got -1)'],
    ['nps', 7.5, 'must be a whole number from 0 to 10 (got 7.5)'],
    ['nps', '7', 'must be a whole number from 0 to 10 (got "7")'],
    ['csat', 0, 'must be a whole number from 1 to 5 (got 0)'],
    ['csat', 6, 'must be a whole number from 1 to 5 (got 6)'],
    ['ces', 8, 'must be a whole number from 1 to 7 (got 8)'],
    ['rating', 6, 'must be a whole number from 1 to 5 (got 6)'],
    ['likert', 5, 'must be a whole number from 0 to 4 (got 5)'],
    ['likert', true, 'must be a whole number from 0 to 4 (got true)'],
    ['count', 2.5, 'must be a whole number (got 2.5)'],
    ['count', 21, 'must be at most 20 (got 21)'],
    ['count', -1, 'must be at least 0 (got -1)'],
    ['amount', Number.POSITIVE_INFINITY, 'must be a finite number (got Infinity)'],
    ['amount', Number.NaN, 'must be a finite number (got NaN)'],
    ['amount', [1], 'must be a finite number (got a list)'],
    ['comment', 42, 'must be text (got 42)'],
    ['comment', 'eleven char', 'is longer than 10 characters (11)'],
    ['agree', 'yes', 'must be true or false (got "yes")'],
    ['one', 'z', '"z" is not an option of one'],
    ['one', { other: 'Bus' }, 'one does not allow an "other" answer'],
    ['one', ['x'], 'must be one option id'],
    ['one_other', { other: 5 }, '"other" must be text (got 5)'],
    ['one_other', { other: 'x', extra: 1 }, 'must be one option id or { other }'],
    ['many', 'r', 'must be a list of option ids'],
    ['many', ['r', 'q'], '"q" is not an option of many'],
    ['many', ['r', 'r'], 'option r is selected twice'],
    ['many', ['r'], 'select at least 2 (got 1)'],
    ['many', { selected: ['r', 's', 't'], other: 'Q' }, 'select at most 3 (got 4)'],
    ['many', { selected: ['r'] }, 'must be a list of option ids or { selected, other }'],
    ['grid', 5, 'must be an object of item id -> score'],
    ['grid', ['a'], 'must be an object of item id -> score'],
  ])('rejects %s = %j', (id, value, message) => {
    expect(check({ [id]: value })).toEqual({
      issues: [{ field: `answers.${id}`, message }],
      answers: {},
    });
  });

  it('checks each matrix item and names unknown items by path', () => {
    expect(issuesOf('grid', { a: 8, b: 2, zz: 3 })).toEqual([
      { field: 'answers.grid.zz', message: 'unknown item zz of matrix grid' },
      { field: 'answers.grid.a', message: 'must be a whole number from 1 to 7 (got 8)' },
    ]);
    expect(check({ grid: { b: 7, a: 1 } }).answers).toEqual({ grid: { a: 1, b: 7 } });
  });

  it('normalizes: trims text, drops blanks, orders choices as defined, trims "other"', () => {
    const result = check({
      comment: '  Great \n',
      one_other: { other: '  Bus  ' },
      many: { selected: ['t', 'r'], other: ' Q ' },
      grid: { a: 3, b: null },
    });
    expect(result).toEqual({
      issues: [],
      answers: {
        comment: 'Great',
        one_other: { other: 'Bus' },
        many: { selected: ['r', 't'], other: 'Q' },
        grid: { a: 3 },
      },
    });
    expect(check({ many: ['t', 'r'] }).answers).toEqual({ many: ['r', 't'] });
    // Trimming happens before the length check: 10 characters inside the spaces fit.
    expect(check({ comment: '   0123456789   ' }).answers).toEqual({ comment: '0123456789' });
  });

  it('treats empty text, empty selections, empty matrices and null as not answered', () => {
    for (const [id, value] of [
      ['comment', ''],
      ['comment', '   '],
      ['many', []],
      ['one_other', { other: '  ' }],
      ['one', ''],
      ['grid', {}],
      ['nps', null],
    ] as const) {
      expect(check({ [id]: value })).toEqual({ issues: [], answers: {} });
    }
  });

  it('reports unknown question ids by name', () => {
    expect(check({ q99: 3, nps: 9 })).toEqual({
      issues: [{ field: 'answers.q99', message: 'unknown question q99' }],
      answers: { nps: 9 },
    });
  });
});

describe('validateSubmission: required answers and hidden fields', () => {
  const complete = {
    agree: true,
  };

  it('reports missing required answers and hidden fields only when complete', () => {
    expect(check({}, true)).toEqual({ issues: [], answers: {} });
    expect(check({}, false).issues).toEqual([
      { field: 'answers.agree', message: 'question agree is required' },
      { field: 'hidden.booking', message: 'hidden field booking is required' },
    ]);
    expect(check(complete, false, { booking: 'AB12' })).toEqual({ issues: [], answers: complete });
  });

  it('requires a required consent to be true, in complete submissions', () => {
    expect(check({ agree: false }, true).issues).toEqual([]);
    expect(check({ agree: false }, false, { booking: 'B' }).issues).toEqual([
      { field: 'answers.agree', message: 'consent agree is required: the answer must be true' },
    ]);
    // An optional consent may be refused.
    expect(check({ agree: true, newsletter: false }, false, { booking: 'B' }).issues).toEqual([]);
  });

  it('treats an empty hidden value as missing, and rejects unknown or non-text hidden fields', () => {
    expect(check(complete, false, { booking: '' }).issues).toEqual([
      { field: 'hidden.booking', message: 'hidden field booking is required' },
    ]);
    expect(check(complete, true, { utm: 'x', channel: 3 }).issues).toEqual([
      { field: 'hidden.utm', message: 'unknown hidden field utm' },
      { field: 'hidden.channel', message: 'hidden field channel must be text' },
    ]);
  });

  it('requires every item of a required matrix', () => {
    const required = ZSurveyDefinition.parse({
      ...input,
      hiddenFields: [],
      questions: [{ ...input.questions[5], required: true }],
    });
    const run = (answers: Record<string, unknown>) =>
      validateSubmission(required, { answers: answers as TAnswers, hidden: {} }, { partial: false })
        .issues;
    expect(run({ grid: { a: 2 } })).toEqual([
      { field: 'answers.grid.b', message: 'item b of grid is required' },
    ]);
    expect(run({})).toEqual([{ field: 'answers.grid', message: 'question grid is required' }]);
    expect(run({ grid: { a: 2, b: 3 } })).toEqual([]);
  });

  it('never throws on input of the wrong shape', () => {
    const bad = [null, 'x', 5, [], { answers: 'x', hidden: [] }];
    for (const value of bad) {
      const result = validateSubmission(def, value as never, { partial: true });
      expect(result.issues[0]).toEqual({
        field: 'answers',
        message: 'must be an object of question id -> answer',
      });
    }
    expect(
      validateSubmission(def, { answers: {}, hidden: 'x' as never }, { partial: true }).issues,
    ).toEqual([{ field: 'hidden', message: 'must be an object of key -> text' }]);
  });

  it('does not read inherited properties as answers', () => {
    const answers = JSON.parse('{"__proto__": {"agree": true}, "constructor": 1}') as TAnswers;
    expect(check(answers, false, { booking: 'B' }).issues).toEqual([
      { field: 'answers.__proto__', message: 'unknown question __proto__' },
      { field: 'answers.constructor', message: 'unknown question constructor' },
      { field: 'answers.agree', message: 'question agree is required' },
    ]);
  });
});
