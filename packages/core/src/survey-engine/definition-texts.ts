import type {
  TQuestion,
  TScale,
  TSurveyDefinition,
  TText,
} from '../contracts/survey-definition.js';
import type { TFieldIssue } from '../errors.js';

/** One text of a definition with the path of its field. */
interface TTextField {
  field: string;
  text: TText | undefined;
  optional: boolean;
}

function scaleTexts(scale: TScale, path: string): TTextField[] {
  return [
    { field: `${path}.scale.minLabel`, text: scale.minLabel, optional: true },
    { field: `${path}.scale.maxLabel`, text: scale.maxLabel, optional: true },
    ...(scale.pointLabels ?? []).map((text, j) => ({
      field: `${path}.scale.pointLabels.${j}`,
      text,
      optional: false,
    })),
  ];
}

function questionTexts(question: TQuestion, path: string): TTextField[] {
  const texts: TTextField[] = [
    { field: `${path}.text`, text: question.text, optional: false },
    { field: `${path}.help`, text: question.help, optional: true },
  ];
  switch (question.type) {
    case 'nps':
      texts.push(
        { field: `${path}.minLabel`, text: question.minLabel, optional: true },
        { field: `${path}.maxLabel`, text: question.maxLabel, optional: true },
      );
      break;
    case 'rating':
    case 'likert':
      texts.push(...scaleTexts(question.scale, path));
      break;
    case 'matrix':
      texts.push(...scaleTexts(question.scale, path));
      question.items.forEach((item, j) =>
        texts.push({ field: `${path}.items.${j}.text`, text: item.text, optional: false }),
      );
      break;
    case 'single_choice':
    case 'multiple_choice':
      question.options.forEach((option, j) =>
        texts.push({ field: `${path}.options.${j}.label`, text: option.label, optional: false }),
      );
      break;
    case 'csat':
    case 'ces':
    case 'text':
    case 'number':
    case 'consent':
      break;
  }
  return texts;
}

/** Every text a definition shows, with its field path under `definition`. */
function definitionTexts(def: TSurveyDefinition): TTextField[] {
  return [
    { field: 'definition.title', text: def.title, optional: false },
    { field: 'definition.intro', text: def.intro, optional: true },
    { field: 'definition.thankYou', text: def.thankYou, optional: false },
    ...def.questions.flatMap((q, i) => questionTexts(q, `definition.questions.${i}`)),
  ];
}

/**
 * Every text must exist, non-blank, in the default language: it is what any other language
 * falls back to. Other languages may be incomplete.
 */
export function checkDefaultLanguageTexts(def: TSurveyDefinition): TFieldIssue[] {
  const language = def.defaultLanguage;
  const issues: TFieldIssue[] = [];
  for (const { field, text, optional } of definitionTexts(def)) {
    if (text === undefined && optional) continue;
    const value = text && Object.hasOwn(text, language) ? text[language] : undefined;
    if (value === undefined || value.trim() === '') {
      issues.push({ field, message: `missing text in the default language ${language}` });
    }
  }
  return issues;
}
