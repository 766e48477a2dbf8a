import { describe, expect, it } from 'vitest';
import type {
  TAnswers,
  TCondition,
  TSurveyDefinitionInput,
} from '../contracts/survey-definition.js';
import { ZSurveyDefinition } from '../contracts/survey-definition.js';
import { validateSubmission } from './submission-validation.js';
import { answersToVisibleQuestions, isQuestionVisible, visibleQuestions } from './visibility.js';

const en = (s: string) => ({ en: s });
const options = (...ids: string[]) => ids.map((id) => ({ id, label: en(id) }));

/** Earlier questions of every kind, then `probe`, whose condition each test sets. */
function withProbe(condition: TCondition) {
  const input: TSurveyDefinitionInput = {
    defaultLanguage: 'en',
    languages: ['en'],
    title: en('Logic'),
    thankYou: en('Thanks'),
    hiddenFields: [{ key: 'tier' }],
    questions: [
      { id: 'score', type: 'nps', text: en('Score') },
      {
        id: 'pick',
        type: 'single_choice',
        text: en('Pick'),
        options: options('a', 'b', 'c'),
        allowOther: true,
      },
      { id: 'multi', type: 'multiple_choice', text: en('Multi'), options: options('a', 'b', 'c') },
      { id: 'note', type: 'text', text: en('Note') },
      { id: 'ok', type: 'consent', text: en('OK') },
      {
        id: 'grid',
        type: 'matrix',
        text: en('Grid'),
        scale: { min: 1, max: 5 },
        items: [{ id: 'x', text: en('X') }],
      },
      { id: 'probe', type: 'text', text: en('Probe'), displayIf: condition },
    ],
  };
  return ZSurveyDefinition.parse(input);
}

function shown(condition: TCondition, answers: Record<string, unknown>, hidden = {}) {
  return isQuestionVisible(withProbe(condition), 'probe', answers as TAnswers, hidden);
}

describe('display conditions', () => {
  it('compares numbers', () => {
    const lte6: TCondition = { ref: 'score', op: 'lte', value: 6 };
    expect(shown(lte6, { score: 6 })).toBe(true);
    expect(shown(lte6, { score: 7 })).toBe(false);
    expect(shown({ ref: 'score', op: 'lt', value: 6 }, { score: 6 })).toBe(false);
    expect(shown({ ref: 'score', op: 'gt', value: 8 }, { score: 9 })).toBe(true);
    expect(shown({ ref: 'score', op: 'gte', value: 9 }, { score: 8 })).toBe(false);
    expect(shown({ ref: 'score', op: 'eq', value: 0 }, { score: 0 })).toBe(true);
    expect(shown({ ref: 'score', op: 'in', value: [1, 2] }, { score: 2 })).toBe(true);
    expect(shown({ ref: 'score', op: 'notIn', value: [1, 2] }, { score: 2 })).toBe(false);
  });

  it('is false for every comparison with a missing answer, neq and notIn included', () => {
    for (const op of ['eq', 'neq', 'lt', 'lte', 'gt', 'gte'] as const) {
      expect(shown({ ref: 'score', op, value: 5 }, {})).toBe(false);
    }
    expect(shown({ ref: 'score', op: 'notIn', value: [5] }, {})).toBe(false);
    expect(shown({ ref: 'score', op: 'notAnswered' }, {})).toBe(true);
    expect(shown({ ref: 'score', op: 'answered' }, { score: 0 })).toBe(true);
    expect(shown({ not: { ref: 'score', op: 'eq', value: 5 } }, {})).toBe(true);
  });

  it('tests single choice by option id, "other" as the id other', () => {
    expect(shown({ ref: 'pick', op: 'eq', value: 'a' }, { pick: 'a' })).toBe(true);
    expect(shown({ ref: 'pick', op: 'neq', value: 'a' }, { pick: 'b' })).toBe(true);
    expect(shown({ ref: 'pick', op: 'in', value: ['b', 'c'] }, { pick: 'a' })).toBe(false);
    expect(shown({ ref: 'pick', op: 'eq', value: 'other' }, { pick: { other: 'Bus' } })).toBe(true);
  });

  it('tests multiple choice by membership', () => {
    const answers = { multi: ['a', 'c'] };
    expect(shown({ ref: 'multi', op: 'eq', value: 'c' }, answers)).toBe(true);
    expect(shown({ ref: 'multi', op: 'eq', value: 'b' }, answers)).toBe(false);
    expect(shown({ ref: 'multi', op: 'neq', value: 'b' }, answers)).toBe(true);
    expect(shown({ ref: 'multi', op: 'in', value: ['b', 'c'] }, answers)).toBe(true);
    expect(shown({ ref: 'multi', op: 'notIn', value: ['b', 'c'] }, answers)).toBe(false);
    expect(shown({ ref: 'multi', op: 'answered' }, { multi: [] })).toBe(false);
  });

  it('tests text, consent, matrix items and hidden fields', () => {
    expect(shown({ ref: 'note', op: 'eq', value: 'hi' }, { note: ' hi ' })).toBe(true);
    expect(shown({ ref: 'note', op: 'answered' }, { note: '   ' })).toBe(false);
    expect(shown({ ref: 'ok', op: 'eq', value: true }, { ok: true })).toBe(true);
    expect(shown({ ref: 'ok', op: 'eq', value: true }, { ok: false })).toBe(false);
    expect(shown({ ref: 'grid.x', op: 'lte', value: 2 }, { grid: { x: 2 } })).toBe(true);
    expect(shown({ ref: 'grid', op: 'answered' }, { grid: { x: 2 } })).toBe(true);
    expect(shown({ ref: 'hidden.tier', op: 'eq', value: 'gold' }, {}, { tier: 'gold' })).toBe(true);
    expect(shown({ ref: 'hidden.tier', op: 'answered' }, {}, { tier: '' })).toBe(false);
    // Undeclared hidden fields are never seen by logic.
    expect(shown({ ref: 'hidden.other', op: 'answered' }, {}, { other: 'x' })).toBe(false);
  });

  it('combines with all, any and not', () => {
    const condition: TCondition = {
      all: [
        { ref: 'score', op: 'lte', value: 6 },
        { any: [{ ref: 'pick', op: 'eq', value: 'a' }, { not: { ref: 'ok', op: 'answered' } }] },
      ],
    };
    expect(shown(condition, { score: 3, pick: 'a', ok: true })).toBe(true);
    expect(shown(condition, { score: 3, pick: 'b' })).toBe(true);
    expect(shown(condition, { score: 3, pick: 'b', ok: true })).toBe(false);
    expect(shown(condition, { score: 7, pick: 'a' })).toBe(false);
  });

  it('ignores answers of the wrong type rather than throwing', () => {
    expect(shown({ ref: 'score', op: 'lte', value: 6 }, { score: '3' })).toBe(false);
    expect(shown({ ref: 'multi', op: 'eq', value: 'a' }, { multi: [1, 'a'] })).toBe(false);
    expect(shown({ ref: 'score', op: 'lte', value: 6 }, null as unknown as TAnswers)).toBe(false);
  });

  it('returns false for an unknown question id', () => {
    expect(isQuestionVisible(withProbe({ ref: 'score', op: 'answered' }), 'nope', {}, {})).toBe(
      false,
    );
  });
});

describe('chained logic', () => {
  // q1 -> q2 (when q1 <= 6) -> q3 (when q2 answered).
  const def = ZSurveyDefinition.parse({
    defaultLanguage: 'en',
    languages: ['en'],
    title: en('Chain'),
    thankYou: en('Thanks'),
    questions: [
      { id: 'q1', type: 'nps', text: en('Score') },
      { id: 'q2', type: 'csat', text: en('Sat'), displayIf: { ref: 'q1', op: 'lte', value: 6 } },
      {
        id: 'q3',
        type: 'text',
        text: en('Why'),
        displayIf: { ref: 'q2', op: 'answered' },
        required: true,
      },
    ],
  });

  it('treats the answer of a hidden question as not answered', () => {
    const ids = (answers: TAnswers) => visibleQuestions(def, answers, {}).map((q) => q.id);
    expect(ids({ q1: 3, q2: 2 })).toEqual(['q1', 'q2', 'q3']);
    // q1 = 9 hides q2; its stale answer must not show q3.
    expect(ids({ q1: 9, q2: 2 })).toEqual(['q1']);
    expect(ids({})).toEqual(['q1']);
  });

  it('rejects answers to hidden questions and requires only what was shown', () => {
    expect(
      validateSubmission(def, { answers: { q1: 9, q2: 2 }, hidden: {} }, { partial: false }),
    ).toEqual({
      issues: [
        {
          field: 'answers.q2',
          message: 'question q2 was not shown: its display condition is false',
        },
      ],
      answers: { q1: 9 },
    });
    expect(
      validateSubmission(def, { answers: { q1: 3, q2: 2 }, hidden: {} }, { partial: false }).issues,
    ).toEqual([{ field: 'answers.q3', message: 'question q3 is required' }]);
    expect(
      validateSubmission(def, { answers: { q1: 3, q2: 2 }, hidden: {} }, { partial: true }).issues,
    ).toEqual([]);
  });

  it('drops answers to questions that a changed answer now hides', () => {
    // The respondent answered q2 and q3 as a detractor, then changed q1 to 9.
    const answers = { q1: 9, q2: 2, q3: 'slow', q9: 1 };
    expect(answersToVisibleQuestions(def, answers, {})).toEqual({ q1: 9 });
    expect(answersToVisibleQuestions(def, { q1: 3, q2: 2, q3: 'slow' }, {})).toEqual({
      q1: 3,
      q2: 2,
      q3: 'slow',
    });
  });

  it('reports an invalid answer once, not again as hiding the questions after it', () => {
    expect(
      validateSubmission(def, { answers: { q1: 11, q2: 2 }, hidden: {} }, { partial: true }).issues,
    ).toEqual([{ field: 'answers.q1', message: 'must be a whole number from 0 to 10 (got 11)' }]);
  });
});
