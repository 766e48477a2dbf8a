import type { TQuestion } from '@touchstone/core';
import { describe, expect, it } from 'vitest';
import { messagesFor } from './messages.js';
import { checkAnswer, isAnswered } from './question-checks.js';
import { parseTypedNumber } from './questions/text.js';

const m = messagesFor('en');
const base = { text: { en: 'Q' }, required: true };

describe('checkAnswer', () => {
  it('asks for required answers, in the respondent language', () => {
    const q: TQuestion = { ...base, id: 'n', type: 'nps' };
    expect(checkAnswer(q, undefined, m)).toEqual({ message: 'Please answer this question.' });
    expect(checkAnswer(q, undefined, messagesFor('de-AT'))).toEqual({
      message: 'Bitte beantworten Sie diese Frage.',
    });
    expect(checkAnswer(q, 0, m)).toBeNull();
    expect(checkAnswer({ ...q, required: false }, undefined, m)).toBeNull();
  });

  it('points at the first unanswered matrix row', () => {
    const q: TQuestion = {
      ...base,
      id: 'm',
      type: 'matrix',
      scale: { min: 1, max: 5 },
      items: [
        { id: 'a', text: { en: 'A' }, reverse: false },
        { id: 'b', text: { en: 'B' }, reverse: false },
      ],
    };
    expect(checkAnswer(q, { a: 3 }, m)).toEqual({
      message: 'Please answer every row.',
      itemId: 'b',
    });
    expect(checkAnswer(q, undefined, m)).toEqual({
      message: 'Please answer every row.',
      itemId: 'a',
    });
    expect(checkAnswer(q, { a: 3, b: 1 }, m)).toBeNull();
  });

  it('counts "other" as a selection against min and max', () => {
    const q: TQuestion = {
      ...base,
      id: 'c',
      type: 'multiple_choice',
      allowOther: true,
      minSelected: 2,
      maxSelected: 2,
      options: [
        { id: 'x', label: { en: 'X' } },
        { id: 'y', label: { en: 'Y' } },
      ],
    };
    expect(checkAnswer(q, ['x'], m)).toEqual({ message: 'Choose at least 2.' });
    expect(checkAnswer(q, { selected: ['x'], other: 'z' }, m)).toBeNull();
    expect(checkAnswer(q, { selected: ['x', 'y'], other: 'z' }, m)).toEqual({
      message: 'Choose at most 2.',
    });
    expect(checkAnswer(q, ['x'], m, true)).toEqual({ message: 'Please say what “other” is.' });
  });

  it('checks numbers, text length and consent', () => {
    const n: TQuestion = { ...base, id: 'v', type: 'number', integer: true, min: 0, max: 10 };
    expect(checkAnswer(n, 2.5, m)).toEqual({ message: 'Enter a whole number.' });
    expect(checkAnswer(n, 11, m)).toEqual({ message: 'Enter 10 or less.' });
    const t: TQuestion = { ...base, id: 't', type: 'text', multiline: false, maxLength: 3 };
    expect(checkAnswer(t, 'abcd', m)).toEqual({ message: 'Use at most 3 characters.' });
    expect(isAnswered(t, '   ')).toBe(false);
    const c: TQuestion = { ...base, id: 'k', type: 'consent' };
    expect(checkAnswer(c, false, m)).toEqual({ message: 'Please tick the box to continue.' });
    expect(checkAnswer(c, true, m)).toBeNull();
  });
});

describe('parseTypedNumber', () => {
  it('reads numbers with a decimal point or comma, and nothing else', () => {
    expect(parseTypedNumber(' 12 ')).toBe(12);
    expect(parseTypedNumber('3,5')).toBe(3.5);
    expect(parseTypedNumber('-.5')).toBe(-0.5);
    expect(parseTypedNumber('1e3')).toBeNaN();
    expect(parseTypedNumber('twelve')).toBeNaN();
  });
});
