import type { TAnswers, TQuestion, TSurveyDefinition } from '../contracts/survey-definition.js';
import type { TConditionValue } from './condition-values.js';
import { conditionValue, hiddenValue, matrixItemValue } from './condition-values.js';
import { evaluateCondition } from './conditions.js';
import { isPlainObject, ownValue } from './question-scales.js';
import { resolveRef } from './references.js';

const ABSENT: TConditionValue = { answered: false };

/**
 * Decides, in question order, which questions are shown. A condition sees an earlier answer
 * only when that question was itself shown: the answer to a hidden question counts as not
 * answered. References to later or unknown questions also count as not answered, so a
 * definition that failed validateSurveyDefinition still evaluates without loops.
 */
export function computeVisibility(
  def: TSurveyDefinition,
  answers: Record<string, unknown>,
  hidden: Record<string, unknown>,
): Map<string, boolean> {
  const shown = new Map<string, boolean>();
  const safeAnswers = isPlainObject(answers) ? answers : {};
  const safeHidden = isPlainObject(hidden) ? hidden : {};
  const lookup = (ref: string): TConditionValue => {
    const target = resolveRef(def, ref);
    switch (target.kind) {
      case 'hidden':
        return target.declared ? hiddenValue(safeHidden, target.key) : ABSENT;
      case 'question':
        if (shown.get(target.question.id) !== true) return ABSENT;
        return conditionValue(target.question, ownValue(safeAnswers, target.question.id));
      case 'item':
        if (shown.get(target.question.id) !== true) return ABSENT;
        return matrixItemValue(ownValue(safeAnswers, target.question.id), target.itemId);
      case 'unknown':
        return ABSENT;
    }
  };
  for (const question of def.questions) {
    // A duplicated id (an invalid definition) keeps the first question's decision.
    if (shown.has(question.id)) continue;
    const visible = question.displayIf ? evaluateCondition(question.displayIf, lookup) : true;
    shown.set(question.id, visible);
  }
  return shown;
}

/** Whether a question is shown given the answers so far; false for an unknown question id. */
export function isQuestionVisible(
  def: TSurveyDefinition,
  questionId: string,
  answers: TAnswers,
  hidden: Record<string, string>,
): boolean {
  return computeVisibility(def, answers, hidden).get(questionId) === true;
}

/** The questions shown given the answers so far, in order. */
export function visibleQuestions(
  def: TSurveyDefinition,
  answers: TAnswers,
  hidden: Record<string, string>,
): TQuestion[] {
  const shown = computeVisibility(def, answers, hidden);
  return def.questions.filter((q) => shown.get(q.id) === true);
}

/**
 * Only the answers to questions that are shown (unknown ids dropped too): what a respondent page
 * or the widget submits after someone changed an earlier answer, since validateSubmission
 * rejects answers to hidden questions.
 */
export function answersToVisibleQuestions(
  def: TSurveyDefinition,
  answers: TAnswers,
  hidden: Record<string, string>,
): TAnswers {
  const shown = computeVisibility(def, answers, hidden);
  return Object.fromEntries(Object.entries(answers).filter(([id]) => shown.get(id) === true));
}
