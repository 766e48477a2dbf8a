import type { TAnswer, TQuestion } from '../contracts/survey-definition.js';
import type { TScaleRange } from './question-scales.js';
import { STANDARD_SCALES, isPlainObject, ownValue } from './question-scales.js';

/** A problem with one answer; `path` is appended to `answers.<question id>` (e.g. an item id). */
export interface TAnswerProblem {
  path?: string;
  message: string;
}

/** The outcome of reading one answer: not answered, a normalized answer, or what is wrong. */
export type TNormalizedAnswer =
  | { status: 'absent' }
  | { status: 'ok'; value: TAnswer }
  | { status: 'invalid'; problems: TAnswerProblem[] };

const ABSENT: TNormalizedAnswer = { status: 'absent' };

/** Longest "other" text, as in the ZAnswer contract. */
const MAX_OTHER_LENGTH = 1000;

function ok(value: TAnswer): TNormalizedAnswer {
  return { status: 'ok', value };
}

function invalid(message: string, path?: string): TNormalizedAnswer {
  return { status: 'invalid', problems: [path === undefined ? { message } : { path, message }] };
}

/** A short description of a wrong value for a message (never echoes long or nested input). */
function describe(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : typeof value;
}

function checkScaled(value: unknown, range: TScaleRange): string | undefined {
  if (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= range.min &&
    value <= range.max
  ) {
    return undefined;
  }
  return `must be a whole number from ${range.min} to ${range.max} (got ${describe(value)})`;
}

/** Trimmed "other" text: undefined when blank, an error message when it is not text or too long. */
function readOther(raw: unknown): { text?: string; error?: string } {
  if (typeof raw !== 'string') return { error: `"other" must be text (got ${describe(raw)})` };
  const text = raw.trim();
  if (text.length > MAX_OTHER_LENGTH) {
    return { error: `"other" text is longer than ${MAX_OTHER_LENGTH} characters` };
  }
  return text === '' ? {} : { text };
}

function normalizeSingleChoice(
  question: Extract<TQuestion, { type: 'single_choice' }>,
  raw: unknown,
): TNormalizedAnswer {
  if (typeof raw === 'string') {
    if (raw === '') return ABSENT;
    if (question.options.some((o) => o.id === raw)) return ok(raw);
    return invalid(`${describe(raw)} is not an option of ${question.id}`);
  }
  if (isPlainObject(raw) && Object.keys(raw).length === 1 && Object.hasOwn(raw, 'other')) {
    if (!question.allowOther) return invalid(`${question.id} does not allow an "other" answer`);
    const other = readOther(raw['other']);
    if (other.error !== undefined) return invalid(other.error);
    return other.text === undefined ? ABSENT : ok({ other: other.text });
  }
  return invalid(`must be one option id${question.allowOther ? ' or { other }' : ''}`);
}

function normalizeMultipleChoice(
  question: Extract<TQuestion, { type: 'multiple_choice' }>,
  raw: unknown,
): TNormalizedAnswer {
  let selected: unknown = raw;
  let other: string | undefined;
  if (isPlainObject(raw)) {
    const keys = Object.keys(raw);
    if (!keys.every((k) => k === 'selected' || k === 'other') || !Object.hasOwn(raw, 'other')) {
      return invalid('must be a list of option ids or { selected, other }');
    }
    if (!question.allowOther) return invalid(`${question.id} does not allow an "other" answer`);
    const read = readOther(raw['other']);
    if (read.error !== undefined) return invalid(read.error);
    other = read.text;
    selected = ownValue(raw, 'selected') ?? [];
  }
  if (!Array.isArray(selected)) return invalid('must be a list of option ids');
  const ids: string[] = [];
  for (const id of selected as unknown[]) {
    if (typeof id !== 'string' || !question.options.some((o) => o.id === id)) {
      return invalid(`${describe(id)} is not an option of ${question.id}`);
    }
    if (ids.includes(id)) return invalid(`option ${id} is selected twice`);
    ids.push(id);
  }
  const count = ids.length + (other === undefined ? 0 : 1);
  if (count === 0) return ABSENT;
  if (question.minSelected !== undefined && count < question.minSelected) {
    return invalid(`select at least ${question.minSelected} (got ${count})`);
  }
  if (question.maxSelected !== undefined && count > question.maxSelected) {
    return invalid(`select at most ${question.maxSelected} (got ${count})`);
  }
  // Canonical order: the definition's, so equal answers are stored equally.
  const ordered = question.options.map((o) => o.id).filter((id) => ids.includes(id));
  return other === undefined ? ok(ordered) : ok({ selected: ordered, other });
}

function normalizeMatrix(
  question: Extract<TQuestion, { type: 'matrix' }>,
  raw: unknown,
): TNormalizedAnswer {
  if (!isPlainObject(raw)) return invalid('must be an object of item id -> score');
  const problems: TAnswerProblem[] = [];
  for (const key of Object.keys(raw)) {
    if (!question.items.some((item) => item.id === key)) {
      problems.push({ path: key, message: `unknown item ${key} of matrix ${question.id}` });
    }
  }
  const value: Record<string, number> = {};
  for (const item of question.items) {
    const score = ownValue(raw, item.id);
    if (score === undefined || score === null) continue;
    const error = checkScaled(score, question.scale);
    if (error === undefined) value[item.id] = score as number;
    else problems.push({ path: item.id, message: error });
  }
  if (problems.length > 0) return { status: 'invalid', problems };
  return Object.keys(value).length === 0 ? ABSENT : ok(value);
}

function normalizeNumber(
  question: Extract<TQuestion, { type: 'number' }>,
  raw: unknown,
): TNormalizedAnswer {
  if (typeof raw !== 'number' || !Number.isFinite(raw)) {
    return invalid(`must be a finite number (got ${describe(raw)})`);
  }
  if (question.integer && !Number.isInteger(raw))
    return invalid(`must be a whole number (got ${raw})`);
  if (question.min !== undefined && raw < question.min) {
    return invalid(`must be at least ${question.min} (got ${raw})`);
  }
  if (question.max !== undefined && raw > question.max) {
    return invalid(`must be at most ${question.max} (got ${raw})`);
  }
  return ok(raw);
}

/**
 * Checks one answer against its question and returns it normalized: text trimmed, multiple
 * choice in the definition's order, blank text and empty selections as not answered.
 * `null` counts as not answered, so that a form may clear an answer.
 */
export function normalizeAnswer(question: TQuestion, raw: unknown): TNormalizedAnswer {
  if (raw === undefined || raw === null) return ABSENT;
  switch (question.type) {
    case 'nps':
    case 'csat':
    case 'ces': {
      const error = checkScaled(raw, STANDARD_SCALES[question.type]);
      return error === undefined ? ok(raw as number) : invalid(error);
    }
    case 'rating':
    case 'likert': {
      const error = checkScaled(raw, question.scale);
      return error === undefined ? ok(raw as number) : invalid(error);
    }
    case 'matrix':
      return normalizeMatrix(question, raw);
    case 'single_choice':
      return normalizeSingleChoice(question, raw);
    case 'multiple_choice':
      return normalizeMultipleChoice(question, raw);
    case 'text': {
      if (typeof raw !== 'string') return invalid(`must be text (got ${describe(raw)})`);
      const text = raw.trim();
      if (text === '') return ABSENT;
      if (text.length > question.maxLength) {
        return invalid(`is longer than ${question.maxLength} characters (${text.length})`);
      }
      return ok(text);
    }
    case 'number':
      return normalizeNumber(question, raw);
    case 'consent':
      return typeof raw === 'boolean'
        ? ok(raw)
        : invalid(`must be true or false (got ${describe(raw)})`);
  }
}
