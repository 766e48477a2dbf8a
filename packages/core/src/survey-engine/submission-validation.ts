import type {
  TAnswer,
  TAnswers,
  TQuestion,
  TSurveyDefinition,
} from '../contracts/survey-definition.js';
import type { TFieldIssue } from '../errors.js';
import type { TNormalizedAnswer } from './answer-normalization.js';
import { normalizeAnswer } from './answer-normalization.js';
import { conditionRefs } from './conditions.js';
import { isPlainObject, ownValue } from './question-scales.js';
import { computeVisibility } from './visibility.js';

/** What a respondent, a widget, an API client or an import sends for one response. */
export interface TSubmissionInput {
  answers: TAnswers;
  hidden: Record<string, string>;
}

/** `partial`: a response in progress (saved page by page); required answers are not yet due. */
export interface TSubmissionOptions {
  partial: boolean;
}

/** Every problem found, and the answers normalized (trimmed, canonical order, blanks dropped). */
export interface TSubmissionResult {
  issues: TFieldIssue[];
  answers: TAnswers;
}

/**
 * What validation needs of a definition besides its questions, kept per definition (a
 * definition is never changed): its question ids, and whether any question has a display
 * condition (without one every question is shown, and no visibility is computed).
 */
interface TDefinitionFacts {
  questionIds: ReadonlySet<string>;
  conditional: boolean;
}
const definitionFacts = new WeakMap<TSurveyDefinition, TDefinitionFacts>();

function factsOf(def: TSurveyDefinition): TDefinitionFacts {
  let facts = definitionFacts.get(def);
  if (facts === undefined) {
    facts = {
      questionIds: new Set(def.questions.map((q) => q.id)),
      conditional: def.questions.some((q) => q.displayIf !== undefined),
    };
    definitionFacts.set(def, facts);
  }
  return facts;
}

/** No issues: shared, never added to. */
const NO_ISSUES: readonly TFieldIssue[] = Object.freeze([]);

function requiredIssues(question: TQuestion, answer: TNormalizedAnswer): readonly TFieldIssue[] {
  if (answer.status === 'invalid') return NO_ISSUES;
  const field = `answers.${question.id}`;
  if (question.type === 'consent' && answer.status === 'ok' && answer.value === false) {
    return question.required
      ? [{ field, message: `consent ${question.id} is required: the answer must be true` }]
      : NO_ISSUES;
  }
  if (question.type === 'matrix' && answer.status === 'ok' && question.required) {
    const given = answer.value as Record<string, number>;
    return question.items
      .filter((item) => !Object.hasOwn(given, item.id))
      .map((item) => ({
        field: `${field}.${item.id}`,
        message: `item ${item.id} of ${question.id} is required`,
      }));
  }
  if (answer.status === 'absent' && question.required) {
    return [{ field, message: `question ${question.id} is required` }];
  }
  return NO_ISSUES;
}

/** Whether the question's condition reads an answer that was invalid (so logic cannot judge it). */
function dependsOnInvalid(
  question: TQuestion,
  normalized: ReadonlyMap<string, TNormalizedAnswer>,
): boolean {
  if (!question.displayIf) return false;
  return conditionRefs(question.displayIf).some((ref) => {
    const questionId = ref.split('.')[0] ?? ref;
    return !ref.startsWith('hidden.') && normalized.get(questionId)?.status === 'invalid';
  });
}

function validateHidden(
  def: TSurveyDefinition,
  rawHidden: unknown,
  partial: boolean,
): { issues: TFieldIssue[]; hidden: Record<string, string> } {
  const issues: TFieldIssue[] = [];
  const hidden: Record<string, string> = {};
  if (rawHidden !== undefined && !isPlainObject(rawHidden)) {
    issues.push({ field: 'hidden', message: 'must be an object of key -> text' });
  }
  const given = isPlainObject(rawHidden) ? rawHidden : {};
  for (const key of Object.keys(given)) {
    const value = given[key];
    if (!def.hiddenFields.some((f) => f.key === key)) {
      issues.push({ field: `hidden.${key}`, message: `unknown hidden field ${key}` });
    } else if (typeof value !== 'string') {
      issues.push({ field: `hidden.${key}`, message: `hidden field ${key} must be text` });
    } else {
      hidden[key] = value;
    }
  }
  if (!partial) {
    for (const field of def.hiddenFields) {
      const value = ownValue(given, field.key);
      if (field.required && (value === undefined || value === '')) {
        issues.push({
          field: `hidden.${field.key}`,
          message: `hidden field ${field.key} is required`,
        });
      }
    }
  }
  return { issues, hidden };
}

/**
 * Checks a submission against a survey version: the single definition of a valid response,
 * shared by the API, the respondent pages, the widget and imports. Never throws on bad input:
 * every problem comes back as an issue naming its field (`answers.q5`, `answers.m.item`,
 * `hidden.key`). With `partial`, missing required answers and hidden fields are not reported,
 * but everything given must be valid; a partial submission carries every answer so far.
 */
export function validateSubmission(
  def: TSurveyDefinition,
  input: TSubmissionInput,
  options: TSubmissionOptions,
): TSubmissionResult {
  const issues: TFieldIssue[] = [];
  const rawAnswers: unknown = isPlainObject(input) ? input.answers : undefined;
  if (!isPlainObject(rawAnswers)) {
    issues.push({ field: 'answers', message: 'must be an object of question id -> answer' });
  }
  const given = isPlainObject(rawAnswers) ? rawAnswers : {};
  const facts = factsOf(def);
  for (const id of Object.keys(given)) {
    if (!facts.questionIds.has(id))
      issues.push({ field: `answers.${id}`, message: `unknown question ${id}` });
  }

  // In question order: the answer of def.questions[i] is normalized[i].
  const normalized: TNormalizedAnswer[] = [];
  const validAnswers: Record<string, TAnswer> = {};
  for (const question of def.questions) {
    const answer = normalizeAnswer(question, ownValue(given, question.id));
    normalized.push(answer);
    if (answer.status === 'ok') validAnswers[question.id] = answer.value;
  }
  const hiddenResult = validateHidden(
    def,
    isPlainObject(input) ? input.hidden : undefined,
    options.partial,
  );
  // Logic runs on valid answers only: an invalid answer is reported once, as invalid.
  const shown = facts.conditional
    ? computeVisibility(def, validAnswers, hiddenResult.hidden)
    : null;
  let byId: ReadonlyMap<string, TNormalizedAnswer> | null = null;

  const answers: TAnswers = {};
  for (let i = 0; i < def.questions.length; i++) {
    const question = def.questions[i] as TQuestion;
    const answer = normalized[i] ?? { status: 'absent' };
    if (shown !== null && shown.get(question.id) !== true) {
      byId ??= new Map(def.questions.map((q, k) => [q.id, normalized[k] ?? { status: 'absent' }]));
      if (answer.status !== 'absent' && !dependsOnInvalid(question, byId)) {
        issues.push({
          field: `answers.${question.id}`,
          message: `question ${question.id} was not shown: its display condition is false`,
        });
      }
      continue;
    }
    if (answer.status === 'invalid') {
      const field = `answers.${question.id}`;
      for (const problem of answer.problems) {
        issues.push({
          field: problem.path === undefined ? field : `${field}.${problem.path}`,
          message: problem.message,
        });
      }
      continue;
    }
    if (answer.status === 'ok') answers[question.id] = answer.value;
    if (!options.partial) {
      const required = requiredIssues(question, answer);
      if (required.length > 0) issues.push(...required);
    }
  }
  issues.push(...hiddenResult.issues);
  return { issues, answers };
}
