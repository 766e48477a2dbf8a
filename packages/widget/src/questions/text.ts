/** Text and number questions: one labelled control; the question is the label. */
import type { TQuestion } from '@touchstone/core';
import { el, uid } from '../dom.js';
import { linkError, questionFrame, type TQuestionContext, type TQuestionView } from './frame.js';

type TTextQuestion = Extract<TQuestion, { type: 'text' }>;
type TNumberQuestion = Extract<TQuestion, { type: 'number' }>;

/** Renders a text question as a textarea or a one-line input, labelled by the question. */
export function renderText(ctx: TQuestionContext<TTextQuestion>): TQuestionView {
  const id = uid('input');
  const frame = questionFrame(ctx, id);
  const attrs = {
    id,
    class: 'ts-input',
    maxlength: ctx.question.maxLength,
    'aria-required': ctx.question.required ? 'true' : null,
    'aria-describedby': frame.helpId,
  };
  const control = ctx.question.multiline
    ? el('textarea', { ...attrs, rows: 5 })
    : el('input', { ...attrs, type: 'text' });
  control.value = typeof ctx.answer === 'string' ? ctx.answer : '';
  control.addEventListener('input', () =>
    ctx.onChange(control.value.trim() === '' ? undefined : control.value),
  );
  frame.body.append(control);
  return {
    root: frame.root,
    heading: frame.heading,
    pendingProblem: () => null,
    showProblem(problem) {
      frame.setError(problem?.message ?? null);
      linkError(control, frame, problem !== null);
      return problem ? control : null;
    },
  };
}

/** Parses a typed number, accepting a decimal comma; NaN when it is not a number. */
export function parseTypedNumber(typed: string): number {
  const normalised = typed.trim().replace(',', '.');
  return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(normalised) ? Number(normalised) : Number.NaN;
}

/** Renders a number question as a text input with a numeric keyboard (type=number loses typos). */
export function renderNumber(ctx: TQuestionContext<TNumberQuestion>): TQuestionView {
  const id = uid('input');
  const frame = questionFrame(ctx, id);
  const control = el('input', {
    id,
    type: 'text',
    class: 'ts-input ts-number',
    inputmode: ctx.question.integer ? 'numeric' : 'decimal',
    autocomplete: 'off',
    'aria-required': ctx.question.required ? 'true' : null,
    'aria-describedby': frame.helpId,
  });
  control.value = typeof ctx.answer === 'number' ? String(ctx.answer) : '';
  const typed = () => control.value.trim();
  control.addEventListener('input', () => {
    const value = parseTypedNumber(typed());
    ctx.onChange(Number.isFinite(value) ? value : undefined);
  });
  frame.body.append(control);
  return {
    root: frame.root,
    heading: frame.heading,
    pendingProblem: () =>
      typed() !== '' && !Number.isFinite(parseTypedNumber(typed())) ? ctx.m.errorNumber : null,
    showProblem(problem) {
      frame.setError(problem?.message ?? null);
      linkError(control, frame, problem !== null);
      return problem ? control : null;
    },
  };
}
