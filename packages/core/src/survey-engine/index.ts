// Public API of the survey engine: pure functions over survey definitions and answers.
export type { TAnswerProblem, TNormalizedAnswer } from './answer-normalization.js';
export { normalizeAnswer } from './answer-normalization.js';
export type { TComparable, TConditionValue } from './condition-values.js';
export { OTHER_OPTION, conditionValue, matrixItemValue } from './condition-values.js';
export type { TRefLookup } from './conditions.js';
export { conditionRefs, evaluateCondition } from './conditions.js';
export { validateSurveyDefinition } from './definition-validation.js';
export { localize, parseAcceptLanguage, resolveLanguage } from './language.js';
export type { TNumericValue } from './numeric-values.js';
export { numericValues } from './numeric-values.js';
export type { TPipingContext } from './piping.js';
export { firstNameOf, pipeText } from './piping.js';
export type { TScaleRange } from './question-scales.js';
export { STANDARD_SCALES, scaleOf } from './question-scales.js';
export { parseSegmentKey, segmentKey } from './segment-key.js';
export type {
  TSubmissionInput,
  TSubmissionOptions,
  TSubmissionResult,
} from './submission-validation.js';
export { validateSubmission } from './submission-validation.js';
export { answersToVisibleQuestions, isQuestionVisible, visibleQuestions } from './visibility.js';
export * from './instruments/index.js';
