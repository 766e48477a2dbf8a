import type { SURVEY_KINDS } from '../../contracts/survey.js';
import type {
  TCondition,
  TQuestion,
  TScale,
  TSurveyDefinition,
  TText,
} from '../../contracts/survey-definition.js';

/** English text, with a German translation where the instrument has one. */
export function text(en: string, de?: string): TText {
  return de === undefined ? { en } : { en, de };
}

/** Options every built question may take. */
export interface TQuestionOptions {
  required?: boolean;
  help?: TText;
  displayIf?: TCondition;
}

function base(id: string, questionText: TText, options: TQuestionOptions) {
  return {
    id,
    text: questionText,
    required: options.required ?? false,
    ...(options.help ? { help: options.help } : {}),
    ...(options.displayIf ? { displayIf: options.displayIf } : {}),
  };
}

/** A 0-10 likelihood-to-recommend question with the usual end labels. */
export function npsQuestion(
  id: string,
  questionText: TText,
  options: TQuestionOptions = {},
): TQuestion {
  return {
    ...base(id, questionText, options),
    type: 'nps',
    minLabel: text('Not at all likely', 'Überhaupt nicht wahrscheinlich'),
    maxLabel: text('Extremely likely', 'Äußerst wahrscheinlich'),
  };
}

/** A free-text comment question. */
export function commentQuestion(
  id: string,
  questionText: TText,
  options: TQuestionOptions = {},
): TQuestion {
  return { ...base(id, questionText, options), type: 'text', multiline: true, maxLength: 5000 };
}

/** A question of one of the fixed-scale metrics (CSAT 1-5, CES 1-7). */
export function metricQuestion(
  type: 'csat' | 'ces',
  id: string,
  questionText: TText,
  options: TQuestionOptions = {},
): TQuestion {
  return { ...base(id, questionText, options), type };
}

/** A single agreement statement on the given scale, tagged with its dimension. */
export function likertQuestion(
  id: string,
  statement: TText,
  scale: TScale,
  dimension: string,
  options: TQuestionOptions & { reverse?: boolean } = {},
): TQuestion {
  return {
    ...base(id, statement, options),
    type: 'likert',
    scale,
    dimension,
    reverse: options.reverse ?? false,
  };
}

/** One item of a matrix, before it is placed in one. */
export interface TItemSpec {
  id: string;
  text: TText;
  dimension: string;
  reverse?: boolean;
}

/** A matrix of agreement statements sharing one scale. */
export function matrixQuestion(
  id: string,
  questionText: TText,
  scale: TScale,
  items: TItemSpec[],
  options: TQuestionOptions = {},
): TQuestion {
  return {
    ...base(id, questionText, options),
    type: 'matrix',
    scale,
    items: items.map((item) => ({
      id: item.id,
      text: item.text,
      dimension: item.dimension,
      reverse: item.reverse ?? false,
    })),
  };
}

/** The 7-point agreement scale, labelled at every point. */
export function agreementScale7(): TScale {
  return {
    min: 1,
    max: 7,
    minLabel: text('Strongly disagree'),
    maxLabel: text('Strongly agree'),
    pointLabels: [
      text('Strongly disagree'),
      text('Disagree'),
      text('Somewhat disagree'),
      text('Neither agree nor disagree'),
      text('Somewhat agree'),
      text('Agree'),
      text('Strongly agree'),
    ],
  };
}

/** The 5-point agreement scale, labelled at every point. */
export function agreementScale5(): TScale {
  return {
    min: 1,
    max: 5,
    minLabel: text('Strongly disagree'),
    maxLabel: text('Strongly agree'),
    pointLabels: [
      text('Strongly disagree'),
      text('Disagree'),
      text('Neither agree nor disagree'),
      text('Agree'),
      text('Strongly agree'),
    ],
  };
}

/** A whole definition around some questions, in English or English and German. */
export function surveyDefinition(
  questions: TQuestion[],
  texts: { title: TText; thankYou: TText; intro?: TText },
  hiddenFields: TSurveyDefinition['hiddenFields'] = [],
): TSurveyDefinition {
  const bilingual = Object.hasOwn(texts.title, 'de');
  return {
    defaultLanguage: 'en',
    languages: bilingual ? ['en', 'de'] : ['en'],
    title: texts.title,
    ...(texts.intro ? { intro: texts.intro } : {}),
    thankYou: texts.thankYou,
    questions,
    hiddenFields,
    showProgress: true,
  };
}

/** What kind of survey an instrument makes (the survey's `kind`). */
export type TInstrumentKind = (typeof SURVEY_KINDS)[number];
