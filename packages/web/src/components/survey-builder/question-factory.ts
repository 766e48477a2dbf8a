import type { TQuestion, TQuestionType, TScale, TText } from '@touchstone/core';

/** Every question type the builder offers, in menu order, with what people call it. */
export const QUESTION_TYPES: readonly { type: TQuestionType; label: string; hint: string }[] = [
  { type: 'nps', label: 'Net Promoter Score', hint: '0-10 likelihood to recommend' },
  { type: 'csat', label: 'Satisfaction (CSAT)', hint: '1-5, very dissatisfied to very satisfied' },
  { type: 'ces', label: 'Effort (CES)', hint: '1-7 agreement that it was easy' },
  { type: 'rating', label: 'Rating', hint: 'A labelled scale of your choice' },
  { type: 'likert', label: 'Agreement statement', hint: 'One statement measuring a dimension' },
  { type: 'matrix', label: 'Matrix', hint: 'Several statements sharing one scale' },
  { type: 'single_choice', label: 'Single choice', hint: 'Pick one option' },
  { type: 'multiple_choice', label: 'Multiple choice', hint: 'Pick any number of options' },
  { type: 'text', label: 'Text', hint: 'A comment in the respondent’s words' },
  { type: 'number', label: 'Number', hint: 'A count or an amount' },
  { type: 'consent', label: 'Consent', hint: 'A yes/no agreement' },
];

/** The name of a question type, for badges and menus. */
export function questionTypeLabel(type: TQuestionType): string {
  return QUESTION_TYPES.find((t) => t.type === type)?.label ?? type;
}

/** Base ids of new questions: short, readable in exports and display logic. */
const ID_BASE: Record<TQuestionType, string> = {
  nps: 'nps',
  csat: 'csat',
  ces: 'ces',
  rating: 'rating',
  likert: 'statement',
  matrix: 'matrix',
  single_choice: 'choice',
  multiple_choice: 'choices',
  text: 'comment',
  number: 'number',
  consent: 'consent',
};

/** `base`, else `base_2`, `base_3` ... whichever is not taken yet. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const id = `${base}_${n}`;
    if (!taken.has(id)) return id;
  }
}

function scale(min: number, max: number, minLabel: string, maxLabel: string, lang: string) {
  return {
    min,
    max,
    minLabel: { [lang]: minLabel },
    maxLabel: { [lang]: maxLabel },
  } satisfies TScale;
}

/**
 * A new question of a type with a working default in the default language (a question that
 * shows something sensible in the preview at once; people then reword it).
 */
export function newQuestion(type: TQuestionType, taken: ReadonlySet<string>, lang: string) {
  const t = (en: string): TText => ({ [lang]: en });
  const base = { id: uniqueId(ID_BASE[type], taken), required: false };
  const option = (id: string, label: string) => ({ id, label: t(label) });
  const question: TQuestion = (() => {
    switch (type) {
      case 'nps':
        return {
          ...base,
          type,
          text: t('How likely are you to recommend us to a friend or colleague?'),
          minLabel: t('Not at all likely'),
          maxLabel: t('Extremely likely'),
        };
      case 'csat':
        return { ...base, type, text: t('How satisfied were you?') };
      case 'ces':
        return { ...base, type, text: t('It was easy to get what I needed.') };
      case 'rating':
        return {
          ...base,
          type,
          text: t('How would you rate it?'),
          scale: scale(1, 5, 'Poor', 'Excellent', lang),
          reverse: false,
        };
      case 'likert':
        return {
          ...base,
          type,
          text: t('A statement to agree or disagree with.'),
          scale: scale(1, 5, 'Strongly disagree', 'Strongly agree', lang),
          reverse: false,
        };
      case 'matrix':
        return {
          ...base,
          type,
          text: t('How much do you agree?'),
          scale: scale(1, 5, 'Strongly disagree', 'Strongly agree', lang),
          items: [
            { id: 'item_1', text: t('First statement'), reverse: false },
            { id: 'item_2', text: t('Second statement'), reverse: false },
          ],
        };
      case 'single_choice':
        return {
          ...base,
          type,
          text: t('Which one applies?'),
          options: [option('option_1', 'Option 1'), option('option_2', 'Option 2')],
          allowOther: false,
        };
      case 'multiple_choice':
        return {
          ...base,
          type,
          text: t('Which of these apply?'),
          options: [option('option_1', 'Option 1'), option('option_2', 'Option 2')],
          allowOther: false,
        };
      case 'text':
        return { ...base, type, text: t('Tell us more.'), multiline: true, maxLength: 5000 };
      case 'number':
        return { ...base, type, text: t('How many?'), integer: true };
      case 'consent':
        return { ...base, type, text: t('I agree to be contacted about my answers.') };
    }
  })();
  return question;
}
