/** NPS, CSAT, CES, rating and likert: one radio group, every point labelled, end labels shown. */
import type { TQuestion, TText } from '@touchstone/core';
import { el, uid } from '../dom.js';
import { questionFrame, type TQuestionContext, type TQuestionView } from './frame.js';

type TScaleQuestion = Extract<TQuestion, { type: 'nps' | 'csat' | 'ces' | 'rating' | 'likert' }>;

/** The points and labels of a scale question, standard metrics included. */
export interface TScaleSpec {
  min: number;
  max: number;
  minLabel: string;
  maxLabel: string;
  pointLabels: string[] | null;
}

/** Reads the scale of a question; standard metrics get the interface's default end labels. */
export function scaleSpec(ctx: TQuestionContext<TScaleQuestion>): TScaleSpec {
  const q = ctx.question;
  const or = (text: TText | undefined, fallback: string) => (text ? ctx.text(text) : fallback);
  switch (q.type) {
    case 'nps':
      return {
        min: 0,
        max: 10,
        minLabel: or(q.minLabel, ctx.m.npsMin),
        maxLabel: or(q.maxLabel, ctx.m.npsMax),
        pointLabels: null,
      };
    case 'csat':
      return {
        min: 1,
        max: 5,
        minLabel: ctx.m.csatMin,
        maxLabel: ctx.m.csatMax,
        pointLabels: null,
      };
    case 'ces':
      return { min: 1, max: 7, minLabel: ctx.m.cesMin, maxLabel: ctx.m.cesMax, pointLabels: null };
    case 'rating':
    case 'likert':
      return {
        min: q.scale.min,
        max: q.scale.max,
        minLabel: or(q.scale.minLabel, ''),
        maxLabel: or(q.scale.maxLabel, ''),
        pointLabels: q.scale.pointLabels ? q.scale.pointLabels.map((t) => ctx.text(t)) : null,
      };
  }
}

/** Renders a scale question as a fieldset of radio buttons. */
export function renderScale(ctx: TQuestionContext<TScaleQuestion>): TQuestionView {
  const frame = questionFrame(ctx);
  const spec = scaleSpec(ctx);
  const name = uid(ctx.question.id);
  const minId = uid('min');
  const maxId = uid('max');
  const labelled = spec.pointLabels !== null;
  const points = el('div', { class: labelled ? 'ts-scale ts-scale-labelled' : 'ts-scale' });
  points.style.setProperty('--ts-points', String(spec.max - spec.min + 1));
  const radios: HTMLInputElement[] = [];
  for (let value = spec.min; value <= spec.max; value++) {
    const describedBy =
      !labelled && value === spec.min && spec.minLabel
        ? minId
        : !labelled && value === spec.max && spec.maxLabel
          ? maxId
          : null;
    const radio = el('input', {
      type: 'radio',
      name,
      value: String(value),
      class: 'ts-radio',
      'aria-describedby': describedBy,
      checked: ctx.answer === value,
    });
    radio.addEventListener('change', () => ctx.onChange(value));
    radios.push(radio);
    const label = spec.pointLabels?.[value - spec.min];
    points.append(
      el(
        'label',
        { class: 'ts-point' },
        radio,
        el('span', { class: 'ts-point-face' }, String(value)),
        label ? ' ' : null,
        label ? el('span', { class: 'ts-point-label' }, label) : null,
      ),
    );
  }
  frame.body.append(points);
  if (!labelled && (spec.minLabel || spec.maxLabel)) {
    frame.body.append(
      el(
        'div',
        { class: 'ts-ends' },
        el('span', { id: minId }, spec.minLabel),
        el('span', { id: maxId }, spec.maxLabel),
      ),
    );
  }
  return {
    root: frame.root,
    heading: frame.heading,
    pendingProblem: () => null,
    showProblem(problem) {
      frame.setError(problem?.message ?? null);
      return problem ? (radios.find((r) => r.checked) ?? radios[0] ?? null) : null;
    },
  };
}
