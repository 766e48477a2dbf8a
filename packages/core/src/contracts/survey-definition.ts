import { z } from 'zod';

/** A BCP 47 language tag as used in survey texts: `en`, `de`, `pt-BR`. */
export const ZLanguage = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'a language such as en or pt-BR');
export type TLanguage = z.infer<typeof ZLanguage>;

/** Text in several languages; the survey's default language must always be present. */
export const ZText = z.record(ZLanguage, z.string().max(5000));
export type TText = z.infer<typeof ZText>;

/** Identifier of a question, an item, an option or a hidden field: stable across versions. */
export const ZQuestionId = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _, starting with a letter');

/**
 * A dimension tag on a rating item: the instrument and the dimension, e.g. `servqual:reliability`,
 * `sem:sense` (Schmitt's experiential modules), `bes:affective`.
 */
export const ZDimension = z
  .string()
  .regex(/^[a-z][a-z0-9]*:[a-z][a-z0-9_]*$/, 'instrument:dimension, e.g. servqual:reliability');

const ZComparable = z.union([z.number(), z.string(), z.boolean()]);

/** A test on an earlier answer or a hidden field; combined with all / any / not. */
export type TCondition =
  | { all: TCondition[] }
  | { any: TCondition[] }
  | { not: TCondition }
  | {
      /** A question id, `question.item` for a matrix item, or `hidden.<key>`. */
      ref: string;
      op: 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte' | 'in' | 'notIn' | 'answered' | 'notAnswered';
      value?: z.infer<typeof ZComparable> | z.infer<typeof ZComparable>[];
    };

// Input typed too, so that a TSurveyDefinitionInput written in code has its conditions checked.
export const ZCondition: z.ZodType<TCondition, TCondition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(ZCondition).min(1) }),
    z.strictObject({ any: z.array(ZCondition).min(1) }),
    z.strictObject({ not: ZCondition }),
    z.strictObject({
      ref: z.string().regex(/^(hidden\.)?[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/),
      op: z.enum(['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in', 'notIn', 'answered', 'notAnswered']),
      value: z.union([ZComparable, z.array(ZComparable)]).optional(),
    }),
  ]),
);
// OpenAPI documents refer to it by name: it is recursive, so it cannot be inlined.
ZCondition.register(z.globalRegistry, { id: 'SurveyCondition' });

const questionBase = {
  id: ZQuestionId,
  /** The question as shown; may pipe `{{customer.firstName}}`, `{{touchpoint.name}}`, `{{hidden.key}}`. */
  text: ZText,
  help: ZText.optional(),
  required: z.boolean().default(false),
  /** Shown only when the condition holds on earlier answers (skip logic is the same thing). */
  displayIf: ZCondition.optional(),
};

/** A numeric scale with optional end labels (and optional labels for every point). */
export const ZScale = z
  .strictObject({
    min: z.number().int().min(0).max(10),
    max: z.number().int().min(1).max(10),
    minLabel: ZText.optional(),
    maxLabel: ZText.optional(),
    /** One label per point, min to max, e.g. for a 7-point agreement scale. */
    pointLabels: z.array(ZText).optional(),
  })
  .refine((s) => s.max > s.min, { message: 'max must be greater than min', path: ['max'] })
  .refine((s) => !s.pointLabels || s.pointLabels.length === s.max - s.min + 1, {
    message: 'one label per point of the scale',
    path: ['pointLabels'],
  });
export type TScale = z.infer<typeof ZScale>;

const ZOption = z.strictObject({ id: ZQuestionId, label: ZText });

const ZMatrixItem = z.strictObject({
  id: ZQuestionId,
  text: ZText,
  dimension: ZDimension.optional(),
  reverse: z.boolean().default(false),
});

export const ZQuestion = z.discriminatedUnion('type', [
  /** Net Promoter Score: 0-10 likelihood to recommend. */
  z.strictObject({
    ...questionBase,
    type: z.literal('nps'),
    minLabel: ZText.optional(),
    maxLabel: ZText.optional(),
  }),
  /** Customer satisfaction, 1-5 (5 = very satisfied). */
  z.strictObject({ ...questionBase, type: z.literal('csat') }),
  /** Customer effort, 1-7 agreement that it was easy (7 = strongly agree: low effort). */
  z.strictObject({ ...questionBase, type: z.literal('ces') }),
  /** Any labelled rating scale. */
  z.strictObject({
    ...questionBase,
    type: z.literal('rating'),
    scale: ZScale,
    dimension: ZDimension.optional(),
    reverse: z.boolean().default(false),
  }),
  /** One agreement item that measures a dimension (reverse-coded items are flipped in analysis). */
  z.strictObject({
    ...questionBase,
    type: z.literal('likert'),
    scale: ZScale,
    dimension: ZDimension.optional(),
    reverse: z.boolean().default(false),
  }),
  /** Several items sharing one scale; each item may carry its own dimension. */
  z.strictObject({
    ...questionBase,
    type: z.literal('matrix'),
    scale: ZScale,
    items: z.array(ZMatrixItem).min(1).max(50),
  }),
  z.strictObject({
    ...questionBase,
    type: z.literal('single_choice'),
    options: z.array(ZOption).min(2).max(100),
    allowOther: z.boolean().default(false),
  }),
  z.strictObject({
    ...questionBase,
    type: z.literal('multiple_choice'),
    options: z.array(ZOption).min(2).max(100),
    allowOther: z.boolean().default(false),
    minSelected: z.number().int().min(0).optional(),
    maxSelected: z.number().int().min(1).optional(),
  }),
  z.strictObject({
    ...questionBase,
    type: z.literal('text'),
    multiline: z.boolean().default(true),
    maxLength: z.number().int().min(1).max(10_000).default(5000),
  }),
  z.strictObject({
    ...questionBase,
    type: z.literal('number'),
    min: z.number().optional(),
    max: z.number().optional(),
    integer: z.boolean().default(false),
  }),
  /** A yes/no consent; when required, the answer must be yes. */
  z.strictObject({ ...questionBase, type: z.literal('consent') }),
]);
export type TQuestion = z.infer<typeof ZQuestion>;
export type TQuestionType = TQuestion['type'];

/** A value filled from the invitation link or URL, e.g. touchpoint or booking reference. */
export const ZHiddenField = z.strictObject({
  key: ZQuestionId,
  required: z.boolean().default(false),
});

/**
 * A survey version's definition: questions in order, logic, languages. The semantic checks
 * (unique ids, conditions referring to earlier questions, texts in the default language) are
 * in `validateSurveyDefinition` in the survey engine.
 */
export const ZSurveyDefinition = z.strictObject({
  defaultLanguage: ZLanguage,
  languages: z.array(ZLanguage).min(1).max(30),
  title: ZText,
  intro: ZText.optional(),
  thankYou: ZText,
  questions: z.array(ZQuestion).min(1).max(200),
  hiddenFields: z.array(ZHiddenField).max(50).default([]),
  showProgress: z.boolean().default(true),
});
export type TSurveyDefinition = z.infer<typeof ZSurveyDefinition>;
export type TSurveyDefinitionInput = z.input<typeof ZSurveyDefinition>;

/**
 * One answer: a number (nps, csat, ces, rating, likert, number), a string (text, or a
 * single-choice option id), `{ other }` (single choice "other"), an array of option ids or
 * `{ selected, other }` (multiple choice), item id -> number (matrix), a boolean (consent).
 */
export const ZAnswer = z.union([
  z.number(),
  z.string().max(10_000),
  z.boolean(),
  z.array(z.string().max(100)).max(100),
  z.strictObject({ other: z.string().min(1).max(1000) }),
  z.strictObject({
    selected: z.array(z.string().max(100)).max(100),
    other: z.string().min(1).max(1000),
  }),
  z.record(z.string().max(100), z.number()),
]);
export type TAnswer = z.infer<typeof ZAnswer>;
export const ZAnswers = z.record(z.string().max(100), ZAnswer);
export type TAnswers = z.infer<typeof ZAnswers>;
