/** Single and multiple choice: radios or checkboxes in a fieldset, with an optional "other". */
import type { TAnswer, TQuestion } from '@touchstone/core';
import { el, uid } from '../dom.js';
import { choiceParts } from '../question-checks.js';
import { questionFrame, type TQuestionContext, type TQuestionView } from './frame.js';

type TChoiceQuestion = Extract<TQuestion, { type: 'single_choice' | 'multiple_choice' }>;

/** The value of the "other" control; never an option id, which must start with a letter. */
const OTHER_VALUE = '_other';

/** Renders a choice question; "other" text is typed into a field that selects "other". */
export function renderChoice(ctx: TQuestionContext<TChoiceQuestion>): TQuestionView {
  const frame = questionFrame(ctx);
  const multiple = ctx.question.type === 'multiple_choice';
  const type = multiple ? 'checkbox' : 'radio';
  const name = uid(ctx.question.id);
  const initial = choiceParts(ctx.answer);
  const list = el('div', { class: 'ts-options' });
  const inputs: HTMLInputElement[] = [];
  for (const option of ctx.question.options) {
    const input = el('input', {
      type,
      name,
      value: option.id,
      class: multiple ? 'ts-check' : 'ts-radio',
      checked: initial.selected.includes(option.id),
    });
    inputs.push(input);
    list.append(el('label', { class: 'ts-option' }, input, el('span', {}, ctx.text(option.label))));
  }
  let otherBox: HTMLInputElement | null = null;
  let otherText: HTMLInputElement | null = null;
  if (ctx.question.allowOther) {
    otherBox = el('input', {
      type,
      name,
      value: OTHER_VALUE,
      class: multiple ? 'ts-check' : 'ts-radio',
      checked: initial.other !== '',
    });
    inputs.push(otherBox);
    const textId = uid('other');
    otherText = el('input', {
      type: 'text',
      id: textId,
      class: 'ts-input ts-other-text',
      maxlength: 1000,
      autocomplete: 'off',
      value: initial.other,
    });
    list.append(
      el('label', { class: 'ts-option' }, otherBox, el('span', {}, ctx.m.other)),
      el(
        'div',
        { class: 'ts-other' },
        el('label', { for: textId, class: 'ts-other-label' }, ctx.m.otherSpecify),
        otherText,
      ),
    );
  }
  frame.body.append(list);

  const otherChosen = () => otherBox?.checked === true;
  const otherValue = () => (otherText?.value ?? '').trim();
  const current = (): TAnswer | undefined => {
    const selected = inputs.filter((i) => i.checked && i !== otherBox).map((i) => i.value);
    const other = otherChosen() ? otherValue() : '';
    if (!multiple) {
      if (other) return { other };
      return selected[0];
    }
    if (other) return { selected, other };
    return selected.length > 0 ? selected : undefined;
  };
  for (const input of inputs) input.addEventListener('change', () => ctx.onChange(current()));
  otherText?.addEventListener('input', () => {
    // Typing an "other" answer is choosing "other".
    if (otherBox && otherValue() !== '' && !otherBox.checked) otherBox.checked = true;
    ctx.onChange(current());
  });

  return {
    root: frame.root,
    heading: frame.heading,
    pendingProblem: () => (otherChosen() && otherValue() === '' ? ctx.m.errorOther : null),
    showProblem(problem) {
      frame.setError(problem?.message ?? null);
      if (otherText) {
        const onOther = problem !== null && otherChosen() && otherValue() === '';
        if (onOther) {
          otherText.setAttribute('aria-invalid', 'true');
          otherText.setAttribute('aria-describedby', frame.errorId);
        } else {
          otherText.removeAttribute('aria-invalid');
          otherText.removeAttribute('aria-describedby');
        }
        if (onOther) return otherText;
      }
      if (!problem) return null;
      return inputs.find((i) => i.checked) ?? inputs[0] ?? null;
    },
  };
}
