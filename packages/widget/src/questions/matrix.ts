/**
 * A matrix: a table with one row of radio buttons per item. Each radio is named by its row and
 * column headers (aria-labelledby), so it reads well even where CSS reflows the table on phones.
 */
import type { TQuestion } from '@touchstone/core';
import { el, uid } from '../dom.js';
import { questionFrame, type TQuestionContext, type TQuestionView } from './frame.js';

type TMatrixQuestion = Extract<TQuestion, { type: 'matrix' }>;

/** Renders a matrix question as a fieldset holding a table of radio groups. */
export function renderMatrix(ctx: TQuestionContext<TMatrixQuestion>): TQuestionView {
  const frame = questionFrame(ctx);
  const { scale, items } = ctx.question;
  const values: Record<string, number> = {};
  if (ctx.answer && typeof ctx.answer === 'object' && !Array.isArray(ctx.answer)) {
    for (const [key, value] of Object.entries(ctx.answer)) {
      if (typeof value === 'number') values[key] = value;
    }
  }
  const columns: { value: number; id: string; label: string }[] = [];
  for (let value = scale.min; value <= scale.max; value++) {
    const pointLabel = scale.pointLabels?.[value - scale.min];
    const end =
      value === scale.min ? scale.minLabel : value === scale.max ? scale.maxLabel : undefined;
    const words = pointLabel ? ctx.text(pointLabel) : end ? ctx.text(end) : '';
    columns.push({ value, id: uid('col'), label: words });
  }
  const headRow = el('tr', {}, el('td', { class: 'ts-matrix-corner' }));
  for (const column of columns) {
    headRow.append(
      el(
        'th',
        { scope: 'col', id: column.id },
        el('span', { class: 'ts-matrix-value' }, String(column.value)),
        // The space keeps "5 Very good" apart in the radio's accessible name.
        column.label ? ' ' : null,
        column.label ? el('span', { class: 'ts-matrix-words' }, column.label) : null,
      ),
    );
  }
  const body = el('tbody');
  const firstRadio = new Map<string, HTMLInputElement>();
  for (const item of items) {
    const rowId = uid('row');
    const name = uid(`${ctx.question.id}-${item.id}`);
    const row = el('tr', {}, el('th', { scope: 'row', id: rowId }, ctx.text(item.text)));
    for (const column of columns) {
      const radio = el('input', {
        type: 'radio',
        name,
        value: String(column.value),
        class: 'ts-radio',
        'aria-labelledby': `${rowId} ${column.id}`,
        checked: values[item.id] === column.value,
      });
      radio.addEventListener('change', () => {
        values[item.id] = column.value;
        ctx.onChange({ ...values });
      });
      if (!firstRadio.has(item.id)) firstRadio.set(item.id, radio);
      row.append(
        el(
          'td',
          {},
          el(
            'label',
            { class: 'ts-matrix-cell' },
            radio,
            el('span', { class: 'ts-point-face', 'aria-hidden': 'true' }, String(column.value)),
          ),
        ),
      );
    }
    body.append(row);
  }
  const table = el('table', { class: 'ts-matrix' }, el('thead', {}, headRow), body);
  table.style.setProperty('--ts-points', String(columns.length));
  // Phones hide the column headers; the end labels stay in view above the rows.
  const first = columns[0];
  const last = columns[columns.length - 1];
  const key =
    first && last && (first.label || last.label)
      ? el(
          'div',
          { class: 'ts-matrix-key', 'aria-hidden': 'true' },
          el('span', {}, first.label ? `${first.value} = ${first.label}` : ''),
          el('span', {}, last.label ? `${last.value} = ${last.label}` : ''),
        )
      : null;
  frame.body.append(key ?? '', el('div', { class: 'ts-matrix-wrap' }, table));
  return {
    root: frame.root,
    heading: frame.heading,
    pendingProblem: () => null,
    showProblem(problem) {
      frame.setError(problem?.message ?? null);
      if (!problem) return null;
      return (problem.itemId ? firstRadio.get(problem.itemId) : undefined) ?? null;
    },
  };
}
