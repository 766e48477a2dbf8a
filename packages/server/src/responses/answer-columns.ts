import { OTHER_OPTION, type TAnswers, type TSurveyDefinition } from '@touchstone/core';

/**
 * Answers as flat columns, for export and import: a column per question, per matrix item
 * (`question.item`), and an `question.other` column for the "other" text of choice questions.
 * Multiple choices are option ids joined by `|`.
 */
export type TAnswerColumn =
  | { header: string; kind: 'value'; questionId: string; type: string }
  | { header: string; kind: 'item'; questionId: string; itemId: string }
  | { header: string; kind: 'other'; questionId: string; type: string };

/** The separator of the options of a multiple choice in one cell. */
export const CHOICE_SEPARATOR = '|';

/**
 * The answer columns of a survey over all its versions: the current version's questions in
 * order, then questions only older versions asked (so an export holds every stored answer).
 */
export function answerColumns(currentFirst: readonly TSurveyDefinition[]): TAnswerColumn[] {
  const columns: TAnswerColumn[] = [];
  const seen = new Set<string>();
  const add = (column: TAnswerColumn) => {
    if (seen.has(column.header)) return;
    seen.add(column.header);
    columns.push(column);
  };
  for (const def of currentFirst) {
    for (const q of def.questions) {
      if (q.type === 'matrix') {
        for (const item of q.items) {
          add({ header: `${q.id}.${item.id}`, kind: 'item', questionId: q.id, itemId: item.id });
        }
        continue;
      }
      add({ header: q.id, kind: 'value', questionId: q.id, type: q.type });
      if ((q.type === 'single_choice' || q.type === 'multiple_choice') && q.allowOther) {
        add({ header: `${q.id}.${OTHER_OPTION}`, kind: 'other', questionId: q.id, type: q.type });
      }
    }
  }
  return columns;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The cell of one answer column (empty when unanswered). */
export function answerCell(column: TAnswerColumn, answers: TAnswers): string {
  const answer: unknown = Object.hasOwn(answers, column.questionId)
    ? answers[column.questionId]
    : undefined;
  if (answer === undefined) return '';
  const record = isRecord(answer) ? answer : undefined;
  switch (column.kind) {
    case 'item': {
      const value = record?.[column.itemId];
      return typeof value === 'number' ? String(value) : '';
    }
    case 'other': {
      const other = record?.['other'];
      return typeof other === 'string' ? other : '';
    }
    case 'value': {
      if (Array.isArray(answer)) return answer.join(CHOICE_SEPARATOR);
      if (record !== undefined) {
        // { other } of a single choice, { selected, other } of a multiple choice.
        const selected = Array.isArray(record['selected']) ? (record['selected'] as string[]) : [];
        return [...selected, OTHER_OPTION].join(CHOICE_SEPARATOR);
      }
      return typeof answer === 'number' || typeof answer === 'boolean' || typeof answer === 'string'
        ? String(answer)
        : '';
    }
  }
}

/** Reads a cell back into the answer the survey engine checks; '' means unanswered. */
export function cellToAnswer(type: string, cell: string): unknown {
  switch (type) {
    case 'nps':
    case 'csat':
    case 'ces':
    case 'rating':
    case 'likert':
    case 'number': {
      const n = Number(cell);
      // Wrong text stays text, so the engine names the problem with the question.
      return cell.trim() !== '' && Number.isFinite(n) ? n : cell;
    }
    case 'multiple_choice':
      return cell.split(CHOICE_SEPARATOR).map((s) => s.trim());
    case 'consent': {
      const lower = cell.trim().toLowerCase();
      if (['true', 'yes', '1'].includes(lower)) return true;
      if (['false', 'no', '0'].includes(lower)) return false;
      return cell;
    }
    default:
      return cell;
  }
}

/**
 * Puts the values of one row together into answers: text cells are read by question type (other
 * JSON values are taken as they are), matrix items go into one object, "other" texts into
 * `{ other }` / `{ selected, other }`. Empty cells are unanswered.
 */
export function assembleAnswers(
  cells: ReadonlyMap<TAnswerColumn, unknown>,
): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  const others = new Map<string, { type: string; text: unknown }>();
  const read = (type: string, value: unknown) =>
    typeof value === 'string' ? cellToAnswer(type, value) : value;
  for (const [column, value] of cells) {
    if (value === '' || value === null || value === undefined) continue;
    if (column.kind === 'value') answers[column.questionId] = read(column.type, value);
    else if (column.kind === 'item') {
      const matrix = (answers[column.questionId] as Record<string, unknown> | undefined) ?? {};
      matrix[column.itemId] = read('rating', value);
      answers[column.questionId] = matrix;
    } else others.set(column.questionId, { type: column.type, text: value });
  }
  for (const [questionId, { type, text }] of others) {
    const given = answers[questionId];
    if (type === 'single_choice') {
      answers[questionId] = { other: text };
    } else {
      const selected = (Array.isArray(given) ? (given as unknown[]) : []).filter(
        (id) => id !== OTHER_OPTION,
      );
      answers[questionId] = { selected, other: text };
    }
  }
  // The marker "other" of a choice without its text is left for the engine to judge.
  return answers;
}
