import { describe, expect, it } from 'vitest';
import type { TCondition, TQuestion } from '../contracts/survey-definition.js';
import {
  conditionValue,
  hiddenValue,
  matrixItemValue,
  OTHER_OPTION,
  type TConditionValue,
} from './condition-values.js';
import { conditionRefs, evaluateCondition } from './conditions.js';

const ABSENT: TConditionValue = { answered: false };
const present = (value: unknown) => ({ answered: true, value }) as TConditionValue;

/** A lookup over fixed answers; a ref not listed is unanswered. */
function answers(values: Record<string, TConditionValue>) {
  return (ref: string): TConditionValue => values[ref] ?? ABSENT;
}

function leaf(op: string, value?: unknown, ref = 'q'): TCondition {
  return (value === undefined ? { ref, op } : { ref, op, value }) as TCondition;
}

/** A question of a type, with only what condition reading looks at. */
function question(type: TQuestion['type']): TQuestion {
  return { id: 'q', type, text: { en: 'Q' }, required: false } as unknown as TQuestion;
}

describe('comparisons of a number answer', () => {
  // Answer 4, 5 and 6 against 5: what each operator must say, worked out by hand.
  const expected: Record<string, [boolean, boolean, boolean]> = {
    lt: [true, false, false],
    lte: [true, true, false],
    gt: [false, false, true],
    gte: [false, true, true],
    eq: [false, true, false],
    neq: [true, false, true],
  };
  for (const [op, [below, at, above]] of Object.entries(expected)) {
    it(`${op} 5 at 4, 5 and 6`, () => {
      const at5 = (n: number) => evaluateCondition(leaf(op, 5), answers({ q: present(n) }));
      expect([at5(4), at5(5), at5(6)]).toEqual([below, at, above]);
    });
  }

  it('orders only numbers: a text answer or a text value compares false', () => {
    for (const op of ['lt', 'lte', 'gt', 'gte']) {
      expect(evaluateCondition(leaf(op, 5), answers({ q: present('3') })), op).toBe(false);
      expect(evaluateCondition(leaf(op, '5'), answers({ q: present(3) })), op).toBe(false);
      expect(evaluateCondition(leaf(op, '5'), answers({ q: present('3') })), op).toBe(false);
    }
  });

  it('tests membership with in and notIn', () => {
    const q = answers({ q: present(7) });
    expect(evaluateCondition(leaf('in', [6, 7]), q)).toBe(true);
    expect(evaluateCondition(leaf('in', [6, 8]), q)).toBe(false);
    expect(evaluateCondition(leaf('notIn', [6, 8]), q)).toBe(true);
    expect(evaluateCondition(leaf('notIn', [6, 7]), q)).toBe(false);
    // A leaf without a value compares against nothing.
    expect(evaluateCondition(leaf('in'), q)).toBe(false);
    expect(evaluateCondition(leaf('notIn'), q)).toBe(true);
  });
});

describe('a missing answer', () => {
  it('makes every comparison false, neq and notIn included', () => {
    for (const op of ['eq', 'neq', 'in', 'notIn', 'lt', 'lte', 'gt', 'gte']) {
      expect(evaluateCondition(leaf(op, 5), answers({})), op).toBe(false);
    }
  });

  it('is what answered and notAnswered test', () => {
    expect(evaluateCondition(leaf('answered'), answers({}))).toBe(false);
    expect(evaluateCondition(leaf('notAnswered'), answers({}))).toBe(true);
    expect(evaluateCondition(leaf('answered'), answers({ q: present(0) }))).toBe(true);
    expect(evaluateCondition(leaf('notAnswered'), answers({ q: present(0) }))).toBe(false);
  });

  it('includes a whole matrix, present without a value: only answered tests it', () => {
    const matrix = answers({ q: present(undefined) });
    expect(evaluateCondition(leaf('answered'), matrix)).toBe(true);
    expect(evaluateCondition(leaf('neq', 5), matrix)).toBe(false);
    expect(evaluateCondition(leaf('notIn', [5]), matrix)).toBe(false);
  });
});

describe('a multiple-choice answer', () => {
  const chosen = answers({ q: present(['wifi', 'food']) });

  it('tests whether options are selected', () => {
    expect(evaluateCondition(leaf('eq', 'wifi'), chosen)).toBe(true);
    expect(evaluateCondition(leaf('eq', 'bar'), chosen)).toBe(false);
    expect(evaluateCondition(leaf('in', ['bar', 'food']), chosen)).toBe(true);
    expect(evaluateCondition(leaf('in', ['bar', 'spa']), chosen)).toBe(false);
    expect(evaluateCondition(leaf('neq', 'bar'), chosen)).toBe(true);
    expect(evaluateCondition(leaf('neq', 'wifi'), chosen)).toBe(false);
    expect(evaluateCondition(leaf('notIn', ['bar', 'spa']), chosen)).toBe(true);
    expect(evaluateCondition(leaf('notIn', ['spa', 'food']), chosen)).toBe(false);
  });

  it('never orders, and matches only text option ids', () => {
    for (const op of ['lt', 'lte', 'gt', 'gte']) {
      expect(evaluateCondition(leaf(op, 'wifi'), chosen), op).toBe(false);
    }
    const numbered = answers({ q: present(['1', '2']) });
    expect(evaluateCondition(leaf('in', [1, 2]), numbered)).toBe(false);
    expect(evaluateCondition(leaf('notIn', [1, 2]), numbered)).toBe(true);
  });
});

describe('combining conditions', () => {
  const lookup = answers({ a: present(1), b: present(2) });
  const aIs1 = leaf('eq', 1, 'a');
  const bIs3 = leaf('eq', 3, 'b');

  it('with all, any and not', () => {
    expect(evaluateCondition({ all: [aIs1, bIs3] }, lookup)).toBe(false);
    expect(evaluateCondition({ all: [aIs1, { not: bIs3 }] }, lookup)).toBe(true);
    expect(evaluateCondition({ any: [aIs1, bIs3] }, lookup)).toBe(true);
    expect(evaluateCondition({ any: [bIs3, { not: aIs1 }] }, lookup)).toBe(false);
    expect(evaluateCondition({ not: { any: [bIs3] } }, lookup)).toBe(true);
  });

  it('lists every ref in order, with repeats', () => {
    const condition: TCondition = {
      all: [leaf('eq', 1, 'a'), { any: [leaf('answered', undefined, 'b'), { not: aIs1 }] }],
    };
    expect(conditionRefs(condition)).toEqual(['a', 'b', 'a']);
    expect(conditionRefs({ not: leaf('eq', 1, 'hidden.tier') })).toEqual(['hidden.tier']);
  });
});

describe('reading a raw answer for conditions', () => {
  it('takes finite numbers of every numeric type', () => {
    for (const type of ['nps', 'csat', 'ces', 'rating', 'likert', 'number'] as const) {
      expect(conditionValue(question(type), 4), type).toEqual(present(4));
      expect(conditionValue(question(type), 0), type).toEqual(present(0));
      expect(conditionValue(question(type), '4'), type).toEqual(ABSENT);
      expect(conditionValue(question(type), Number.NaN), type).toEqual(ABSENT);
      expect(conditionValue(question(type), Number.POSITIVE_INFINITY), type).toEqual(ABSENT);
    }
  });

  it('takes a matrix with at least one number as answered without a value', () => {
    const matrix = question('matrix');
    expect(conditionValue(matrix, { wifi: 3, food: 'x' })).toEqual(present(undefined));
    expect(conditionValue(matrix, { wifi: 'x' })).toEqual(ABSENT);
    expect(conditionValue(matrix, {})).toEqual(ABSENT);
    expect(conditionValue(matrix, [3])).toEqual(ABSENT);
    expect(conditionValue(matrix, 3)).toEqual(ABSENT);
  });

  it('takes a single choice by its trimmed id, or "other" when other text is given', () => {
    const single = question('single_choice');
    expect(conditionValue(single, ' gold ')).toEqual(present('gold'));
    expect(conditionValue(single, '  ')).toEqual(ABSENT);
    expect(conditionValue(single, { other: ' by train ' })).toEqual(present(OTHER_OPTION));
    expect(conditionValue(single, { other: '   ' })).toEqual(ABSENT);
    expect(conditionValue(single, ['gold'])).toEqual(ABSENT);
    expect(conditionValue(single, 7)).toEqual(ABSENT);
  });

  it('takes multiple choices as a list, with "other" when other text is given', () => {
    const multiple = question('multiple_choice');
    expect(conditionValue(multiple, ['wifi', 'food'])).toEqual(present(['wifi', 'food']));
    expect(conditionValue(multiple, [])).toEqual(ABSENT);
    expect(conditionValue(multiple, ['wifi', 2])).toEqual(ABSENT);
    expect(conditionValue(multiple, { selected: ['wifi'], other: 'a nap' })).toEqual(
      present(['wifi', OTHER_OPTION]),
    );
    expect(conditionValue(multiple, { selected: ['wifi'] })).toEqual(present(['wifi']));
    expect(conditionValue(multiple, { other: 'a nap' })).toEqual(present([OTHER_OPTION]));
    expect(conditionValue(multiple, { selected: [], other: ' ' })).toEqual(ABSENT);
    expect(conditionValue(multiple, { selected: 'wifi' })).toEqual(ABSENT);
    expect(conditionValue(multiple, 'wifi')).toEqual(ABSENT);
  });

  it('takes text when not blank, and consent as a boolean', () => {
    expect(conditionValue(question('text'), ' late ')).toEqual(present('late'));
    expect(conditionValue(question('text'), ' \n ')).toEqual(ABSENT);
    expect(conditionValue(question('text'), 5)).toEqual(ABSENT);
    expect(conditionValue(question('consent'), false)).toEqual(present(false));
    expect(conditionValue(question('consent'), true)).toEqual(present(true));
    expect(conditionValue(question('consent'), 'yes')).toEqual(ABSENT);
  });

  it('reads one matrix item, and hidden fields when not empty', () => {
    expect(matrixItemValue({ wifi: 4 }, 'wifi')).toEqual(present(4));
    expect(matrixItemValue({ wifi: 4 }, 'food')).toEqual(ABSENT);
    expect(matrixItemValue({ wifi: Number.NaN }, 'wifi')).toEqual(ABSENT);
    expect(matrixItemValue({ wifi: '4' }, 'wifi')).toEqual(ABSENT);
    expect(matrixItemValue([4], '0')).toEqual(ABSENT);
    // Only own properties: a matrix item named like an inherited property is not answered.
    expect(matrixItemValue({}, 'toString')).toEqual(ABSENT);
    expect(hiddenValue({ tier: 'gold' }, 'tier')).toEqual(present('gold'));
    expect(hiddenValue({ tier: '' }, 'tier')).toEqual(ABSENT);
    expect(hiddenValue({ tier: 3 }, 'tier')).toEqual(ABSENT);
    expect(hiddenValue({}, 'tier')).toEqual(ABSENT);
  });
});
