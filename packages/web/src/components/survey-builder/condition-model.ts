import {
  OTHER_OPTION,
  localize,
  scaleOf,
  type TCondition,
  type TQuestion,
  type TSurveyDefinition,
} from '@touchstone/core';

/** One test of a display condition: an earlier answer or a hidden field, an operator, a value. */
export type TLeaf = Extract<TCondition, { ref: string }>;
export type TOperator = TLeaf['op'];

/** What kind of value a reference yields; decides the operators and the value control. */
export type TRefKind = 'number' | 'text' | 'boolean' | 'choice' | 'presence';

/** Something a condition may refer to, as the logic editor offers it. */
export interface TRefChoice {
  ref: string;
  label: string;
  kind: TRefKind;
  /** Options of a choice question (with "other" when it is allowed). */
  options: { id: string; label: string }[];
  /** The scale of a rated question, for a sensible default value. */
  range: { min: number; max: number } | null;
}

/** Operators in menu order, with the words people read and the kinds they fit. */
export const OPERATORS: readonly { op: TOperator; label: string; kinds: readonly TRefKind[] }[] = [
  { op: 'eq', label: 'is', kinds: ['number', 'text', 'boolean', 'choice'] },
  { op: 'neq', label: 'is not', kinds: ['number', 'text', 'boolean', 'choice'] },
  { op: 'lt', label: 'is less than (<)', kinds: ['number'] },
  { op: 'lte', label: 'is at most (≤)', kinds: ['number'] },
  { op: 'gt', label: 'is more than (>)', kinds: ['number'] },
  { op: 'gte', label: 'is at least (≥)', kinds: ['number'] },
  { op: 'in', label: 'is one of', kinds: ['number', 'text', 'choice'] },
  { op: 'notIn', label: 'is none of', kinds: ['number', 'text', 'choice'] },
  {
    op: 'answered',
    label: 'is answered',
    kinds: ['number', 'text', 'boolean', 'choice', 'presence'],
  },
  {
    op: 'notAnswered',
    label: 'is not answered',
    kinds: ['number', 'text', 'boolean', 'choice', 'presence'],
  },
];

/** Operators that take no value. */
export const PRESENCE_OPS: ReadonlySet<TOperator> = new Set(['answered', 'notAnswered']);
/** Operators that take a list of values. */
export const LIST_OPS: ReadonlySet<TOperator> = new Set(['in', 'notIn']);

function kindOf(q: TQuestion): TRefKind {
  switch (q.type) {
    case 'nps':
    case 'csat':
    case 'ces':
    case 'rating':
    case 'likert':
    case 'number':
      return 'number';
    case 'single_choice':
    case 'multiple_choice':
      return 'choice';
    case 'text':
      return 'text';
    case 'consent':
      return 'boolean';
    case 'matrix':
      return 'presence';
  }
}

function shortText(text: string): string {
  return text.length > 48 ? `${text.slice(0, 47)}…` : text;
}

/**
 * What the question at `index` may test: the questions before it (a matrix also by item) and
 * the declared hidden fields. Labels use the edited language.
 */
export function refChoices(def: TSurveyDefinition, index: number, language: string): TRefChoice[] {
  const choices: TRefChoice[] = [];
  const say = (text: Parameters<typeof localize>[0]) => shortText(localize(text, language, def));
  def.questions.slice(0, Math.max(0, index)).forEach((q, i) => {
    const label = `${i + 1}. ${q.id}: ${say(q.text)}`;
    const options =
      q.type === 'single_choice' || q.type === 'multiple_choice'
        ? [
            ...q.options.map((o) => ({ id: o.id, label: say(o.label) || o.id })),
            ...(q.allowOther ? [{ id: OTHER_OPTION, label: 'Other' }] : []),
          ]
        : [];
    choices.push({ ref: q.id, label, kind: kindOf(q), options, range: scaleOf(q) });
    if (q.type === 'matrix') {
      for (const item of q.items) {
        choices.push({
          ref: `${q.id}.${item.id}`,
          label: `${i + 1}. ${q.id} › ${say(item.text) || item.id}`,
          kind: 'number',
          options: [],
          range: scaleOf(q),
        });
      }
    }
  });
  for (const field of def.hiddenFields) {
    choices.push({
      ref: `hidden.${field.key}`,
      label: `Hidden field ${field.key}`,
      kind: 'text',
      options: [],
      range: null,
    });
  }
  return choices;
}

/** A starting test on a reference: for a 0-10 score, "at most 6" (the detractors). */
export function defaultLeaf(choice: TRefChoice): TLeaf {
  switch (choice.kind) {
    case 'number': {
      const range = choice.range ?? { min: 0, max: 10 };
      const value = range.max === 10 ? 6 : Math.floor((range.min + range.max) / 2);
      return { ref: choice.ref, op: 'lte', value };
    }
    case 'choice':
      return { ref: choice.ref, op: 'eq', value: choice.options[0]?.id ?? '' };
    case 'boolean':
      return { ref: choice.ref, op: 'eq', value: true };
    case 'text':
    case 'presence':
      return { ref: choice.ref, op: 'answered' };
  }
}

/** A condition as the editor shows it: all or any of some tests. */
export interface TSimpleCondition {
  mode: 'all' | 'any';
  leaves: TLeaf[];
}

/** The editor's form of a condition, or null when it nests (kept as it is, shown as text). */
export function simpleForm(condition: TCondition | undefined): TSimpleCondition | null {
  if (condition === undefined) return { mode: 'all', leaves: [] };
  if ('ref' in condition) return { mode: 'all', leaves: [condition] };
  if ('not' in condition) return null;
  const mode = 'all' in condition ? 'all' : 'any';
  const list = 'all' in condition ? condition.all : condition.any;
  const leaves = list.filter((c): c is TLeaf => 'ref' in c);
  return leaves.length === list.length ? { mode, leaves } : null;
}

/** The condition of an editor form: none, one test, or all / any of several. */
export function fromSimple({ mode, leaves }: TSimpleCondition): TCondition | undefined {
  if (leaves.length === 0) return undefined;
  if (leaves.length === 1) return leaves[0];
  return mode === 'all' ? { all: leaves } : { any: leaves };
}

function describeValue(value: TLeaf['value']): string {
  if (Array.isArray(value)) return value.map((v) => describeValue(v)).join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return value === undefined ? '?' : String(value);
}

/** A condition in words, e.g. `nps ≤ 6`, `all of: nps ≤ 6, hidden.tier is gold`. */
export function describeCondition(condition: TCondition): string {
  if ('all' in condition) return `all of: ${condition.all.map(describeCondition).join('; ')}`;
  if ('any' in condition) return `any of: ${condition.any.map(describeCondition).join('; ')}`;
  if ('not' in condition) return `not (${describeCondition(condition.not)})`;
  const symbols: Partial<Record<TOperator, string>> = {
    eq: '=',
    neq: '≠',
    lt: '<',
    lte: '≤',
    gt: '>',
    gte: '≥',
  };
  const symbol = symbols[condition.op];
  if (symbol) return `${condition.ref} ${symbol} ${describeValue(condition.value)}`;
  const label = OPERATORS.find((o) => o.op === condition.op)?.label ?? condition.op;
  return PRESENCE_OPS.has(condition.op)
    ? `${condition.ref} ${label}`
    : `${condition.ref} ${label} ${describeValue(condition.value)}`;
}
