/** Consent: the statement as the legend and one checkbox to agree. */
import type { TQuestion } from '@touchstone/core';
import { el } from '../dom.js';
import { linkError, questionFrame, type TQuestionContext, type TQuestionView } from './frame.js';

type TConsentQuestion = Extract<TQuestion, { type: 'consent' }>;

/** Renders a consent question; unticking after ticking answers false. */
export function renderConsent(ctx: TQuestionContext<TConsentQuestion>): TQuestionView {
  const frame = questionFrame(ctx);
  const box = el('input', { type: 'checkbox', class: 'ts-check', checked: ctx.answer === true });
  box.addEventListener('change', () => ctx.onChange(box.checked));
  frame.body.append(el('label', { class: 'ts-option' }, box, el('span', {}, ctx.m.consentYes)));
  return {
    root: frame.root,
    heading: frame.heading,
    pendingProblem: () => null,
    showProblem(problem) {
      frame.setError(problem?.message ?? null);
      linkError(box, frame, problem !== null);
      return problem ? box : null;
    },
  };
}
