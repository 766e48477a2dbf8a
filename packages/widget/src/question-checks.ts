/**
 * Checks one answer before the respondent moves on, with messages in their language. The server
 * validates the whole submission again (validateSubmission); this is for immediate, local help.
 */
import type { TAnswer, TQuestion } from '@touchstone/core';
import { format, type TMessages } from './messages.js';

/** What is wrong with an answer: the message and, for a matrix, the first unanswered item. */
export interface TAnswerProblem {
  message: string;
  itemId?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The selected option ids and "other" text of a choice answer, whatever its shape. */
export function choiceParts(answer: TAnswer | undefined): { selected: string[]; other: string } {
  if (typeof answer === 'string') return { selected: [answer], other: '' };
  if (Array.isArray(answer)) return { selected: answer, other: '' };
  const record: unknown = answer;
  if (isRecord(record)) {
    const selected = Array.isArray(record['selected']) ? (record['selected'] as string[]) : [];
    const other = typeof record['other'] === 'string' ? record['other'] : '';
    return { selected, other };
  }
  return { selected: [], other: '' };
}

/** True when the question has an answer worth sending. */
export function isAnswered(question: TQuestion, answer: TAnswer | undefined): boolean {
  if (answer === undefined) return false;
  switch (question.type) {
    case 'matrix':
      return isRecord(answer) && Object.keys(answer).length > 0;
    case 'single_choice':
    case 'multiple_choice': {
      const { selected, other } = choiceParts(answer);
      return selected.length > 0 || other.trim() !== '';
    }
    case 'text':
      return typeof answer === 'string' && answer.trim() !== '';
    case 'consent':
      return typeof answer === 'boolean';
    case 'nps':
    case 'csat':
    case 'ces':
    case 'rating':
    case 'likert':
    case 'number':
      return typeof answer === 'number' && Number.isFinite(answer);
  }
}

/**
 * The problem with an answer, or null. `otherPending` is true when "other" is chosen but its
 * text is still empty (the answer model cannot hold an empty "other").
 */
export function checkAnswer(
  question: TQuestion,
  answer: TAnswer | undefined,
  m: TMessages,
  otherPending = false,
): TAnswerProblem | null {
  if (otherPending) return { message: m.errorOther };
  if (!isAnswered(question, answer)) {
    if (question.type === 'consent' && question.required) return { message: m.errorConsent };
    if (question.type === 'matrix' && question.required) {
      const first = question.items[0];
      return first ? { message: m.errorMatrix, itemId: first.id } : null;
    }
    return question.required ? { message: m.errorRequired } : null;
  }
  switch (question.type) {
    case 'matrix': {
      const values: unknown = answer;
      if (!question.required || !isRecord(values)) return null;
      const missing = question.items.find((item) => typeof values[item.id] !== 'number');
      return missing ? { message: m.errorMatrix, itemId: missing.id } : null;
    }
    case 'multiple_choice': {
      const { selected, other } = choiceParts(answer);
      const count = selected.length + (other.trim() === '' ? 0 : 1);
      if (question.minSelected !== undefined && count < question.minSelected) {
        return { message: format(m.errorAtLeast, { n: question.minSelected }) };
      }
      if (question.maxSelected !== undefined && count > question.maxSelected) {
        return { message: format(m.errorAtMost, { n: question.maxSelected }) };
      }
      return null;
    }
    case 'number': {
      const value = answer as number;
      if (question.integer && !Number.isInteger(value)) return { message: m.errorInteger };
      if (question.min !== undefined && value < question.min) {
        return { message: format(m.errorMin, { n: question.min }) };
      }
      if (question.max !== undefined && value > question.max) {
        return { message: format(m.errorMax, { n: question.max }) };
      }
      return null;
    }
    case 'text':
      return (answer as string).length > question.maxLength
        ? { message: format(m.errorTooLong, { n: question.maxLength }) }
        : null;
    case 'consent':
      return question.required && answer !== true ? { message: m.errorConsent } : null;
    case 'nps':
    case 'csat':
    case 'ces':
    case 'rating':
    case 'likert':
    case 'single_choice':
      return null;
  }
}
