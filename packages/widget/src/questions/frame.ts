/**
 * What every question view shares: the heading that takes focus when the question appears, the
 * required marker, help text, and the inline error linked with aria-describedby.
 */
import type { TAnswer, TQuestion, TText } from '@touchstone/core';
import { el, srOnly, uid } from '../dom.js';
import type { TMessages } from '../messages.js';
import type { TAnswerProblem } from '../question-checks.js';

/** What a question view needs from the survey around it. */
export interface TQuestionContext<Q extends TQuestion = TQuestion> {
  question: Q;
  /** Localised and piped text, always used as a text node. */
  text(value: TText | undefined): string;
  m: TMessages;
  answer: TAnswer | undefined;
  onChange(answer: TAnswer | undefined): void;
}

/** A rendered question. */
export interface TQuestionView {
  root: HTMLElement;
  /** The heading, focused when the question appears so screen readers read it. */
  heading: HTMLElement;
  /** A problem the answer model cannot hold (empty "other", text that is not a number). */
  pendingProblem(): string | null;
  /** Shows or clears the inline error; returns the control to focus for it. */
  showProblem(problem: TAnswerProblem | null): HTMLElement | null;
}

/** The parts of a question frame that the individual views fill in. */
export interface TFrame {
  root: HTMLElement;
  heading: HTMLHeadingElement;
  body: HTMLElement;
  /** Shows or clears the error message. */
  setError(message: string | null): void;
  errorId: string;
  helpId: string | null;
}

function titleParts(ctx: TQuestionContext): (Node | string)[] {
  const parts: (Node | string)[] = [ctx.text(ctx.question.text)];
  if (ctx.question.required) {
    parts.push(' ', el('span', { class: 'ts-req', 'aria-hidden': 'true' }, '*'));
    parts.push(srOnly(` (${ctx.m.required})`));
  }
  return parts;
}

/**
 * A fieldset with the question as its legend (scales, choices, matrix, consent), or, when
 * `labelFor` names an input, a group whose heading is that input's label (text, number).
 */
export function questionFrame(ctx: TQuestionContext, labelFor?: string): TFrame {
  const headingId = uid('h');
  const helpId = uid('help');
  const errorId = uid('err');
  const heading = el('h2', { id: headingId, class: 'ts-q-title', tabindex: '-1' });
  if (labelFor) heading.append(el('label', { for: labelFor }, ...titleParts(ctx)));
  else heading.append(...titleParts(ctx));
  const help = ctx.question.help
    ? el('p', { id: helpId, class: 'ts-help' }, ctx.text(ctx.question.help))
    : null;
  const error = el('p', { id: errorId, class: 'ts-error', hidden: true });
  const body = el('div', { class: 'ts-q-body' });
  const root = labelFor
    ? el('div', { class: 'ts-q', 'data-type': ctx.question.type }, heading, help, body, error)
    : el(
        'fieldset',
        { class: 'ts-q', 'data-type': ctx.question.type, 'aria-describedby': help ? helpId : null },
        el('legend', {}, heading),
        help,
        body,
        error,
      );
  const describedBy = (withError: boolean) =>
    [help ? helpId : '', withError ? errorId : ''].filter(Boolean).join(' ');
  return {
    root,
    heading,
    body,
    errorId,
    helpId: help ? helpId : null,
    setError(message) {
      error.textContent = message ?? '';
      error.hidden = message === null;
      if (!labelFor) {
        const ids = describedBy(message !== null);
        if (ids) root.setAttribute('aria-describedby', ids);
        else root.removeAttribute('aria-describedby');
      }
    },
  };
}

/** Sets aria-describedby and aria-invalid of a text-like control for the current error. */
export function linkError(control: HTMLElement, frame: TFrame, on: boolean): void {
  const ids = [frame.helpId ?? '', on ? frame.errorId : ''].filter(Boolean).join(' ');
  if (ids) control.setAttribute('aria-describedby', ids);
  else control.removeAttribute('aria-describedby');
  if (on) control.setAttribute('aria-invalid', 'true');
  else control.removeAttribute('aria-invalid');
}
