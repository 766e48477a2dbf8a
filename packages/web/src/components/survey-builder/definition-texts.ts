import {
  ZSurveyDefinition,
  validateSurveyDefinition,
  type TQuestion,
  type TScale,
  type TSurveyDefinition,
  type TText,
} from '@touchstone/core';
import type { TFieldErrors } from '../forms.js';

/**
 * What is wrong with a definition, keyed like the API's details (`definition.questions.2.text`):
 * the contract's shape first, then the survey engine's semantic checks.
 */
export function definitionIssues(def: TSurveyDefinition): TFieldErrors {
  const out: TFieldErrors = {};
  const parsed = ZSurveyDefinition.safeParse(def);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = ['definition', ...issue.path.map(String)].join('.');
      out[key] ??= key === 'definition.questions' ? 'add at least one question' : issue.message;
    }
  }
  for (const issue of validateSurveyDefinition(def)) out[issue.field] ??= issue.message;
  return out;
}

/** The issues at a path or under it (`definition.questions.2` covers its text, options ...). */
export function issuesUnder(errors: TFieldErrors, prefix: string): string[] {
  return Object.entries(errors)
    .filter(([key]) => key === prefix || key.startsWith(`${prefix}.`))
    .map(([, message]) => message);
}

function scaleTexts(scale: TScale): (TText | undefined)[] {
  return [scale.minLabel, scale.maxLabel, ...(scale.pointLabels ?? [])];
}

function questionTexts(q: TQuestion): (TText | undefined)[] {
  const texts = [q.text, q.help];
  switch (q.type) {
    case 'nps':
      return [...texts, q.minLabel, q.maxLabel];
    case 'rating':
    case 'likert':
      return [...texts, ...scaleTexts(q.scale)];
    case 'matrix':
      return [...texts, ...scaleTexts(q.scale), ...q.items.map((i) => i.text)];
    case 'single_choice':
    case 'multiple_choice':
      return [...texts, ...q.options.map((o) => o.label)];
    case 'csat':
    case 'ces':
    case 'text':
    case 'number':
    case 'consent':
      return texts;
  }
}

/** Every text a definition shows respondents (optional texts only where they are set). */
export function definitionTexts(def: TSurveyDefinition): TText[] {
  return [def.title, def.intro, def.thankYou, ...def.questions.flatMap(questionTexts)].filter(
    (t): t is TText => t !== undefined,
  );
}

/** Whether a text lacks its translation into `language` (it has one in the default language). */
export function isMissing(text: TText | undefined, language: string, defaultLanguage: string) {
  if (text === undefined || language === defaultLanguage) return false;
  const source = text[defaultLanguage] ?? '';
  return source.trim() !== '' && (text[language] ?? '').trim() === '';
}

/** How many texts lack a translation into `language`. */
export function missingTranslations(def: TSurveyDefinition, language: string): number {
  return definitionTexts(def).filter((t) => isMissing(t, language, def.defaultLanguage)).length;
}

function withoutLanguage(text: TText, language: string): TText;
function withoutLanguage(text: TText | undefined, language: string): TText | undefined;
function withoutLanguage(text: TText | undefined, language: string): TText | undefined {
  if (text === undefined) return undefined;
  return Object.fromEntries(Object.entries(text).filter(([lang]) => lang !== language));
}

function scaleWithout(scale: TScale, language: string): TScale {
  return {
    ...scale,
    ...(scale.minLabel && { minLabel: withoutLanguage(scale.minLabel, language) }),
    ...(scale.maxLabel && { maxLabel: withoutLanguage(scale.maxLabel, language) }),
    ...(scale.pointLabels && {
      pointLabels: scale.pointLabels.map((t) => withoutLanguage(t, language)),
    }),
  };
}

function questionWithout(q: TQuestion, language: string): TQuestion {
  const base = {
    ...q,
    text: withoutLanguage(q.text, language),
    ...(q.help && { help: withoutLanguage(q.help, language) }),
  };
  switch (base.type) {
    case 'nps':
      return {
        ...base,
        ...(base.minLabel && { minLabel: withoutLanguage(base.minLabel, language) }),
        ...(base.maxLabel && { maxLabel: withoutLanguage(base.maxLabel, language) }),
      };
    case 'rating':
    case 'likert':
      return { ...base, scale: scaleWithout(base.scale, language) };
    case 'matrix':
      return {
        ...base,
        scale: scaleWithout(base.scale, language),
        items: base.items.map((i) => ({ ...i, text: withoutLanguage(i.text, language) })),
      };
    case 'single_choice':
    case 'multiple_choice':
      return {
        ...base,
        options: base.options.map((o) => ({ ...o, label: withoutLanguage(o.label, language) })),
      };
    case 'csat':
    case 'ces':
    case 'text':
    case 'number':
    case 'consent':
      return base;
  }
}

/** The definition without a language: out of the list and out of every text. */
export function removeLanguage(def: TSurveyDefinition, language: string): TSurveyDefinition {
  return {
    ...def,
    languages: def.languages.filter((l) => l !== language),
    title: withoutLanguage(def.title, language),
    ...(def.intro && { intro: withoutLanguage(def.intro, language) }),
    thankYou: withoutLanguage(def.thankYou, language),
    questions: def.questions.map((q) => questionWithout(q, language)),
  };
}

/** A language's name in English, e.g. `de` → German; the tag itself when unknown. */
export function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}
