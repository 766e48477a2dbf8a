import type { TSurveyDefinition } from '@touchstone/core';
import { AppError } from '@touchstone/core';
import type { TRowInput } from '../imports/import-source.js';
import { answerColumns, assembleAnswers, type TAnswerColumn } from './answer-columns.js';
import { restoreCsvCell } from './csv-cells.js';
import { EXPORT_ONLY_COLUMNS, NDJSON_EXPORT_ONLY_KEYS } from './response-export.js';

/**
 * Fields of a response besides its answers that an import row may carry. `id` is a response id
 * from a Touchstone export: the response is stored under it, so the same file imported again (or
 * after an interruption) stores each response once.
 */
export const IMPORT_FIELDS = [
  'id',
  'submittedAt',
  'customerExternalId',
  'touchpointKey',
  'language',
  'idempotencyKey',
] as const;
export type TImportField = (typeof IMPORT_FIELDS)[number];

/** File column (or NDJSON key) -> what it holds; '' ignores the column. */
export type TColumnMapping = Record<string, string>;

/** One import row read from the file, before the survey engine checks it. */
export interface TImportItem {
  answers: Record<string, unknown>;
  hidden: Record<string, unknown>;
  fields: Partial<Record<TImportField, unknown>>;
  /**
   * The file's name for each target (`q`, `m.item`, `hidden.key`, `submittedAt` ...), so that a
   * rejected value is named by the file's own column.
   */
  sources: ReadonlyMap<string, string>;
}

/** The sources of an NDJSON item in the nested form: its fields are named as in the file. */
const SAME_NAMES: ReadonlyMap<string, string> = new Map();

type TTarget =
  | { kind: 'answer'; column: TAnswerColumn }
  | { kind: 'field'; field: TImportField }
  | { kind: 'hidden'; key: string }
  | { kind: 'ignore' };

/** Reads a file's columns (or keys) as targets, through the mapping. */
export class ImportColumns {
  private readonly answerTargets: Map<string, TAnswerColumn>;
  private readonly hiddenKeys: Set<string>;

  constructor(
    definition: TSurveyDefinition,
    private readonly mapping: TColumnMapping,
    private readonly mappingField: string,
  ) {
    this.answerTargets = new Map(answerColumns([definition]).map((c) => [c.header, c]));
    this.hiddenKeys = new Set(definition.hiddenFields.map((f) => f.key));
    for (const [column, target] of Object.entries(mapping)) {
      if (this.classify(target) === undefined) {
        throw new AppError('validation_failed', `the mapping of "${column}" names no target`, [
          { field: `${this.mappingField}.${column}`, message: this.targetsText() },
        ]);
      }
    }
  }

  /** What a column of the file holds; undefined for a column the import does not know. */
  target(name: string): TTarget | undefined {
    const mapped = Object.hasOwn(this.mapping, name) ? this.mapping[name] : undefined;
    if (mapped !== undefined) return this.classify(mapped);
    if (EXPORT_ONLY_COLUMNS.has(name) || name.startsWith('segment.')) return { kind: 'ignore' };
    return this.classify(name);
  }

  targetsText(): string {
    return `a question id, question.item, question.other, hidden.<key>, ${IMPORT_FIELDS.join(', ')} or "" to ignore`;
  }

  private classify(target: string): TTarget | undefined {
    if (target === '') return { kind: 'ignore' };
    const answer = this.answerTargets.get(target);
    if (answer) return { kind: 'answer', column: answer };
    if ((IMPORT_FIELDS as readonly string[]).includes(target)) {
      return { kind: 'field', field: target as TImportField };
    }
    if (target.startsWith('hidden.') && this.hiddenKeys.has(target.slice(7))) {
      return { kind: 'hidden', key: target.slice(7) };
    }
    return undefined;
  }

  /** Builds an item from (name, value) pairs of one row. */
  item(
    entries: Iterable<[string, unknown]>,
    targets: (name: string) => TTarget | undefined,
  ): { item: TImportItem } | { unknown: string } {
    const cells = new Map<TAnswerColumn, unknown>();
    const sources = new Map<string, string>();
    const item: TImportItem = { answers: {}, hidden: {}, fields: {}, sources };
    for (const [name, value] of entries) {
      const target = targets(name);
      if (target === undefined) return { unknown: name };
      if (target.kind === 'answer') {
        cells.set(target.column, value);
        const key =
          target.column.kind === 'item'
            ? `${target.column.questionId}.${target.column.itemId}`
            : target.column.questionId;
        sources.set(key, name);
      } else if (target.kind === 'field') {
        sources.set(target.field, name);
        if (value !== '' && value !== null) item.fields[target.field] = value;
      } else if (target.kind === 'hidden') {
        sources.set(`hidden.${target.key}`, name);
        if (value !== '' && value !== null) item.hidden[target.key] = value;
      }
    }
    item.answers = assembleAnswers(cells);
    return { item };
  }

  /** The CSV row reader for a header: an unknown column fails the whole import (422). */
  csvReader(header: string[]): (record: string[], row: number) => TRowInput {
    const names = header.map((h) => h.trim());
    const targets = names.map((name) => {
      const target = this.target(name);
      if (target === undefined) {
        throw new AppError('validation_failed', `unknown column "${name}"`, [
          { field: `columns.${name}`, message: this.targetsText() },
        ]);
      }
      return target;
    });
    const byName = new Map(names.map((n, i) => [n, targets[i]]));
    return (record, row) => {
      if (record.length !== names.length) {
        const reason = `has ${record.length} fields where the header has ${names.length}`;
        return { row, error: { field: '(row)', reason } };
      }
      // A Touchstone export put a quote before text a spreadsheet would take for a formula.
      const read = this.item(
        names.map((n, i): [string, unknown] => [n, restoreCsvCell(record[i] ?? '')]),
        (n) => byName.get(n),
      );
      return 'item' in read
        ? { row, value: read.item }
        : { row, error: unknownField(read.unknown) };
    };
  }

  /**
   * An NDJSON line: either the API's submission shape (`answers`, `hidden`, ...; a line of an
   * NDJSON export is one, its metadata ignored) or a flat object whose keys are read like CSV
   * columns.
   */
  ndjsonItem(value: unknown): { item: TImportItem } | { error: { field: string; reason: string } } {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { error: { field: '(row)', reason: 'must be a JSON object' } };
    }
    const record = value as Record<string, unknown>;
    const answers = record['answers'];
    if (typeof answers === 'object' && answers !== null) {
      const hidden = record['hidden'];
      const fields: Partial<Record<TImportField, unknown>> = {};
      for (const key in record) {
        if (key === 'answers' || key === 'hidden' || !Object.hasOwn(record, key)) continue;
        if (!(IMPORT_FIELDS as readonly string[]).includes(key)) {
          if (NDJSON_EXPORT_ONLY_KEYS.has(key)) continue;
          return { error: unknownField(key) };
        }
        fields[key as TImportField] = record[key];
      }
      const item: TImportItem = {
        answers: answers as Record<string, unknown>,
        hidden:
          typeof hidden === 'object' && hidden !== null ? (hidden as Record<string, unknown>) : {},
        fields,
        sources: SAME_NAMES,
      };
      return { item };
    }
    const read = this.item(Object.entries(record), (n) => this.target(n));
    return 'item' in read ? read : { error: unknownField(read.unknown) };
  }
}

function unknownField(name: string) {
  return { field: name, reason: 'not a question, hidden field or response field of this survey' };
}
