import type {
  TCondition,
  TInstrument,
  TQuestion,
  TSurvey,
  TSurveyCreate,
  TSurveyDefinition,
  TSurveyUpdate,
} from '@touchstone/core';
import { uniqueId } from './question-factory.js';

type TSurveyKind = TSurvey['kind'];
type TSurveyStatus = TSurvey['status'];

/** A survey being edited: its settings, its definition, and a stable key per question. */
export interface TBuilderDraft {
  name: string;
  kind: TSurveyKind;
  status: TSurveyStatus;
  touchpointIds: string[];
  brandId: string | null;
  definition: TSurveyDefinition;
  /** React keys parallel to `definition.questions`: they survive reordering and id changes. */
  keys: string[];
}

let nextKey = 0;
const freshKey = () => `q${nextKey++}`;

/** The draft of a stored survey. */
export function draftOfSurvey(survey: TSurvey): TBuilderDraft {
  return {
    name: survey.name,
    kind: survey.kind,
    status: survey.status,
    touchpointIds: survey.touchpointIds,
    brandId: survey.brandId,
    definition: survey.definition,
    keys: survey.definition.questions.map(freshKey),
  };
}

/** A new survey: from an instrument of the library, or empty in English. */
export function newDraft(instrument?: TInstrument): TBuilderDraft {
  const definition: TSurveyDefinition = instrument?.definition() ?? {
    defaultLanguage: 'en',
    languages: ['en'],
    title: { en: 'Your feedback' },
    thankYou: { en: 'Thank you for your feedback.' },
    questions: [],
    hiddenFields: [],
    showProgress: true,
  };
  return {
    name: instrument?.name ?? '',
    kind: instrument?.kind ?? 'custom',
    status: 'draft',
    touchpointIds: [],
    brandId: null,
    definition,
    keys: definition.questions.map(freshKey),
  };
}

/** The body of `POST /api/surveys` (status is set by a PATCH after, when not draft). */
export function createBody(draft: TBuilderDraft): TSurveyCreate {
  return {
    name: draft.name,
    kind: draft.kind,
    touchpointIds: draft.touchpointIds,
    brandId: draft.brandId,
    definition: draft.definition,
  };
}

/** JSON with object keys sorted: the server returns definitions in its schema's key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/**
 * Only what changed: an unchanged definition must not be sent, because a new definition of a
 * version that has responses makes a new version.
 */
export function updateBody(draft: TBuilderDraft, survey: TSurvey): TSurveyUpdate {
  const body: TSurveyUpdate = {};
  if (draft.name !== survey.name) body.name = draft.name;
  if (draft.kind !== survey.kind) body.kind = draft.kind;
  if (draft.status !== survey.status) body.status = draft.status;
  if (draft.brandId !== survey.brandId) body.brandId = draft.brandId;
  if (!same([...draft.touchpointIds].sort(), [...survey.touchpointIds].sort())) {
    body.touchpointIds = draft.touchpointIds;
  }
  if (!same(draft.definition, survey.definition)) body.definition = draft.definition;
  return body;
}

/** Whether the draft's definition differs from the stored one. */
export function definitionChanged(draft: TBuilderDraft, survey: TSurvey): boolean {
  return !same(draft.definition, survey.definition);
}

/** Applies `fn` to every leaf of a condition, keeping its all / any / not structure. */
export function mapLeaves(
  condition: TCondition,
  fn: (leaf: Extract<TCondition, { ref: string }>) => TCondition,
): TCondition {
  if ('all' in condition) return { all: condition.all.map((c) => mapLeaves(c, fn)) };
  if ('any' in condition) return { any: condition.any.map((c) => mapLeaves(c, fn)) };
  if ('not' in condition) return { not: mapLeaves(condition.not, fn) };
  return fn(condition);
}

/** A ref with its question id replaced (`old` and `old.item` both follow a rename). */
function renamedRef(ref: string, from: string, to: string): string {
  if (ref === from) return to;
  return ref.startsWith(`${from}.`) ? `${to}${ref.slice(from.length)}` : ref;
}

function withDefinition(draft: TBuilderDraft, patch: Partial<TSurveyDefinition>): TBuilderDraft {
  return { ...draft, definition: { ...draft.definition, ...patch } };
}

/** Replaces the question at `index`; a changed id is followed by every condition naming it. */
export function replaceQuestion(
  draft: TBuilderDraft,
  index: number,
  question: TQuestion,
): TBuilderDraft {
  const old = draft.definition.questions[index];
  const renamed = old !== undefined && old.id !== question.id;
  const questions = draft.definition.questions.map((q, i) => {
    if (i === index) return question;
    if (!renamed || !q.displayIf) return q;
    const displayIf = mapLeaves(q.displayIf, (leaf) => ({
      ...leaf,
      ref: renamedRef(leaf.ref, old.id, question.id),
    }));
    return { ...q, displayIf };
  });
  return withDefinition(draft, { questions });
}

/** Appends questions, renaming ids already in use (and the conditions among them that use them). */
export function appendQuestions(draft: TBuilderDraft, added: TQuestion[]): TBuilderDraft {
  const taken = new Set(draft.definition.questions.map((q) => q.id));
  const renames = new Map<string, string>();
  for (const q of added) {
    const id = uniqueId(q.id, taken);
    taken.add(id);
    if (id !== q.id) renames.set(q.id, id);
  }
  const renamed = added.map((q) => {
    const id = renames.get(q.id) ?? q.id;
    const displayIf = q.displayIf
      ? mapLeaves(q.displayIf, (leaf) => {
          const target = leaf.ref.split('.')[0] ?? '';
          const to = renames.get(target);
          return to === undefined ? leaf : { ...leaf, ref: renamedRef(leaf.ref, target, to) };
        })
      : undefined;
    return { ...q, id, ...(displayIf ? { displayIf } : {}) };
  });
  return {
    ...withDefinition(draft, { questions: [...draft.definition.questions, ...renamed] }),
    keys: [...draft.keys, ...renamed.map(freshKey)],
  };
}

/** Moves the question at `index` by one place. */
export function moveQuestion(draft: TBuilderDraft, index: number, by: -1 | 1): TBuilderDraft {
  const target = index + by;
  const questions = [...draft.definition.questions];
  const keys = [...draft.keys];
  const [q] = questions.splice(index, 1);
  const [k] = keys.splice(index, 1);
  if (q === undefined || k === undefined || target < 0 || target > questions.length) return draft;
  questions.splice(target, 0, q);
  keys.splice(target, 0, k);
  return { ...withDefinition(draft, { questions }), keys };
}

/** Removes the question at `index` (conditions naming it are then reported by validation). */
export function removeQuestion(draft: TBuilderDraft, index: number): TBuilderDraft {
  return {
    ...withDefinition(draft, {
      questions: draft.definition.questions.filter((_, i) => i !== index),
    }),
    keys: draft.keys.filter((_, i) => i !== index),
  };
}

/** Changes definition-level fields (texts, languages, hidden fields). */
export function patchDefinition(
  draft: TBuilderDraft,
  patch: Partial<TSurveyDefinition>,
): TBuilderDraft {
  return withDefinition(draft, patch);
}

/** A copy with an optional field set, or removed when the value is undefined. */
export function setOptional<T extends object, K extends keyof T>(
  value: T,
  key: K,
  field: T[K] | undefined,
): T {
  const copy = { ...value };
  if (field === undefined) delete (copy as Partial<T>)[key];
  else copy[key] = field;
  return copy;
}
