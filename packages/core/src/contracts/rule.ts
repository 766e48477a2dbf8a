/**
 * Contracts of rules (`/api/rules`): a trigger (a completed response, or an alert of the change
 * scan), conditions over it that must all (or any) hold, and the actions taken once per matched
 * response or alert. The dry run evaluates a rule that is not stored over recent responses.
 */
import { z } from 'zod';
import { ZCasePriority } from './case.js';
import { ZCommentSentiment, ZNpsCategory } from './comment.js';
import { ZId, ZListQuery, ZName, ZTimestamp, page } from './common.js';

/** `response`: a completed (or imported) response; `alert`: an alert the change scan raised. */
export const RULE_TRIGGERS = ['response', 'alert'] as const;
export const ZRuleTrigger = z.enum(RULE_TRIGGERS);
export type TRuleTrigger = z.infer<typeof ZRuleTrigger>;

/** A question key as responses store it: `nps`, or `exp.sense` for an item of a matrix. */
const ZQuestionKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/, 'a question key such as nps or exp.sense');
const ZScalar = z.union([z.number(), z.string().max(200), z.boolean()]);
const ZNumberOp = z.enum(['lt', 'lte', 'gte', 'gt']);
const ZIds = z.array(ZId).min(1).max(100);

export const ANSWER_OPS = [
  'lt',
  'lte',
  'eq',
  'gte',
  'gt',
  'in',
  'answered',
  'notAnswered',
] as const;
export const ATTRIBUTE_OPS = [
  'eq',
  'neq',
  'in',
  'lt',
  'lte',
  'gte',
  'gt',
  'present',
  'absent',
] as const;

/** One test of a rule; `kind` says what it reads. */
export const ZRuleCondition = z.discriminatedUnion('kind', [
  /** An answer by question key; `in` takes a list, answered / notAnswered no value. */
  z.strictObject({
    kind: z.literal('answer'),
    questionKey: ZQuestionKey,
    op: z.enum(ANSWER_OPS),
    value: z.union([ZScalar, z.array(ZScalar).min(1).max(100)]).optional(),
  }),
  /** The NPS category of the answer to the survey's NPS question. */
  z.strictObject({ kind: z.literal('nps'), categories: z.array(ZNpsCategory).min(1).max(3) }),
  /** A rating below a threshold: one question or matrix item, or any item of a matrix. */
  z.strictObject({
    kind: z.literal('item_below'),
    questionKey: ZQuestionKey,
    threshold: z.number(),
  }),
  /** The sentiment of any comment of the response, by label. */
  z.strictObject({
    kind: z.literal('sentiment'),
    labels: z.array(ZCommentSentiment).min(1).max(3),
  }),
  /** The sentiment score (-1 to 1) of any comment of the response. */
  z.strictObject({
    kind: z.literal('sentiment_score'),
    op: ZNumberOp,
    value: z.number().min(-1).max(1),
  }),
  /** Any comment of the response mentions any of these themes. */
  z.strictObject({ kind: z.literal('theme'), themeIds: ZIds }),
  /** Any comment contains any of these words or phrases (whole words, any case). */
  z.strictObject({
    kind: z.literal('comment_words'),
    words: z.array(z.string().trim().min(1).max(100)).min(1).max(100),
  }),
  /** An attribute of the response's customer (such as a loyalty tier). */
  z.strictObject({
    kind: z.literal('customer_attribute'),
    attributeKey: z.string().min(1).max(64),
    op: z.enum(ATTRIBUTE_OPS),
    value: z.union([ZScalar, z.array(ZScalar).min(1).max(100)]).optional(),
  }),
  /** The customer's value: the sum of the amounts of their interactions (their revenue). */
  z.strictObject({ kind: z.literal('customer_value'), op: ZNumberOp, value: z.number() }),
  /** The response's (or alert's) touchpoint is one of these. */
  z.strictObject({ kind: z.literal('touchpoint'), touchpointIds: ZIds }),
  /** The touchpoint belongs to one of these journey stages. */
  z.strictObject({ kind: z.literal('stage'), stageIds: ZIds }),
  /** The channel the response came through (`link`, `widget`, `api`, `email` ...). */
  z.strictObject({
    kind: z.literal('channel'),
    channels: z.array(z.string().min(1).max(40)).min(1).max(20),
  }),
  z.strictObject({ kind: z.literal('survey'), surveyIds: ZIds }),
  /** The alert's metric (nps, csat, ces, rating). */
  z.strictObject({
    kind: z.literal('alert_metric'),
    metrics: z.array(z.string().min(1).max(40)).min(1).max(10),
  }),
  z.strictObject({ kind: z.literal('alert_direction'), direction: z.enum(['up', 'down']) }),
  /** The size of the alert's change, whatever its sign, is at least this (Cohen's d or NPS points). */
  z.strictObject({ kind: z.literal('alert_effect'), minEffect: z.number().min(0) }),
]);
export type TRuleCondition = z.infer<typeof ZRuleCondition>;
export type TRuleConditionKind = TRuleCondition['kind'];

/** The kinds each trigger may test: alert conditions say nothing about a response, and back. */
export const CONDITION_KINDS_BY_TRIGGER: Record<TRuleTrigger, readonly TRuleConditionKind[]> = {
  response: [
    'answer',
    'nps',
    'item_below',
    'sentiment',
    'sentiment_score',
    'theme',
    'comment_words',
    'customer_attribute',
    'customer_value',
    'touchpoint',
    'stage',
    'channel',
    'survey',
  ],
  alert: ['alert_metric', 'alert_direction', 'alert_effect', 'touchpoint', 'stage'],
};

/** What a rule does once per matched response or alert. */
export const ZRuleAction = z.discriminatedUnion('type', [
  /**
   * Opens a case; `teamId` null gives it to the touchpoint's owning team. The title may use
   * `{{rule}}`, `{{touchpoint}}`, `{{survey}}`, `{{customer}}` and `{{nps}}`.
   */
  z.strictObject({
    type: z.literal('open_case'),
    priority: ZCasePriority.default('normal'),
    teamId: ZId.nullable().default(null),
    title: z.string().trim().min(1).max(200).default('{{rule}}: {{touchpoint}}'),
  }),
  z
    .strictObject({
      type: z.literal('notify'),
      userIds: z.array(ZId).max(100).default([]),
      teamIds: z.array(ZId).max(100).default([]),
    })
    .refine((a) => a.userIds.length + a.teamIds.length > 0, 'name at least one user or team'),
  /** Emits a `rule.matched` event, delivered to the webhooks subscribed to it. */
  z.strictObject({ type: z.literal('webhook') }),
  /** Tags the response. */
  z.strictObject({
    type: z.literal('tag'),
    tags: z
      .array(
        z
          .string()
          .trim()
          .min(1)
          .max(40)
          .regex(/^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u, 'letters, digits, spaces, "-" and "_"'),
      )
      .min(1)
      .max(20),
  }),
  /** Sends this survey to the response's customer. */
  z.strictObject({ type: z.literal('follow_up'), surveyId: ZId }),
]);
export type TRuleAction = z.infer<typeof ZRuleAction>;
export type TRuleActionType = TRuleAction['type'];

/** The actions each trigger may take: an alert has no response to tag or customer to ask. */
export const ACTION_TYPES_BY_TRIGGER: Record<TRuleTrigger, readonly TRuleActionType[]> = {
  response: ['open_case', 'notify', 'webhook', 'tag', 'follow_up'],
  alert: ['open_case', 'notify', 'webhook'],
};

const ruleFields = {
  name: ZName,
  trigger: ZRuleTrigger,
  /** `all`: every condition must hold; `any`: one is enough. No conditions: every subject. */
  match: z.enum(['all', 'any']).default('all'),
  conditions: z.array(ZRuleCondition).max(50).default([]),
  actions: z.array(ZRuleAction).min(1, 'a rule needs at least one action').max(10),
};

/** A rule's definition, as created and as dry-run. */
export const ZRuleCreate = z.strictObject({ ...ruleFields, enabled: z.boolean().default(true) });
export type TRuleCreate = z.infer<typeof ZRuleCreate>;

export const ZRuleUpdate = z.strictObject({
  name: ZName.optional(),
  enabled: z.boolean().optional(),
  trigger: ZRuleTrigger.optional(),
  match: z.enum(['all', 'any']).optional(),
  conditions: z.array(ZRuleCondition).max(50).optional(),
  actions: ruleFields.actions.optional(),
});
export type TRuleUpdate = z.infer<typeof ZRuleUpdate>;

export const ZRule = z.object({
  id: ZId,
  name: z.string(),
  enabled: z.boolean(),
  /**
   * When the rule was last switched on: it acts on responses submitted (alerts raised) since
   * then, not on history loaded later; the dry run shows what it would have matched before.
   */
  enabledAt: ZTimestamp.nullable(),
  trigger: ZRuleTrigger,
  match: z.enum(['all', 'any']),
  conditions: z.array(ZRuleCondition),
  actions: z.array(ZRuleAction),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
});
export type TRule = z.infer<typeof ZRule>;

export const ZRuleListQuery = ZListQuery;
export const ZRuleList = page(ZRule);

/** What one action did for one match. */
export const ZRuleActionOutcome = z.object({
  type: z.enum(['open_case', 'notify', 'webhook', 'tag', 'follow_up']),
  status: z.enum(['done', 'skipped', 'failed']),
  /** What was made (the case id, the event id ...) or why nothing was. */
  detail: z.string(),
  caseId: z.string().nullable(),
});
export type TRuleActionOutcome = z.infer<typeof ZRuleActionOutcome>;

/** One match of a rule: the response (or alert), why it matched, what the actions did. */
export const ZRuleRun = z.object({
  id: ZId,
  ruleId: ZId,
  subjectType: ZRuleTrigger,
  subjectId: z.string(),
  reasons: z.array(z.string()),
  outcomes: z.array(ZRuleActionOutcome),
  at: ZTimestamp,
});
export type TRuleRun = z.infer<typeof ZRuleRun>;
export const ZRuleRunList = page(ZRuleRun);

/** A rule that is not stored, and the days back to evaluate it over. */
export const ZRuleDryRun = z.strictObject({
  rule: z.strictObject({ ...ruleFields, enabled: z.boolean().optional() }),
  days: z.number().int().min(1).max(366).default(30),
});
export type TRuleDryRun = z.infer<typeof ZRuleDryRun>;

export const ZRuleDryRunExample = z.object({
  subjectType: ZRuleTrigger,
  /** The response (or alert) that would have matched. */
  subjectId: z.string(),
  /** When the response was submitted (the alert raised). */
  at: ZTimestamp,
  touchpoint: z.object({ id: z.string(), name: z.string() }).nullable(),
  reasons: z.array(z.string()),
});

export const ZRuleDryRunResult = z.object({
  days: z.number().int(),
  from: ZTimestamp,
  /** Complete responses submitted (alerts raised) in the window. */
  evaluated: z.number().int(),
  matched: z.number().int(),
  /** Up to 20 of the matches, newest first. */
  examples: z.array(ZRuleDryRunExample),
});
export type TRuleDryRunResult = z.infer<typeof ZRuleDryRunResult>;

export const ZResponseTags = z.object({ responseId: z.string(), tags: z.array(z.string()) });

/** A question key a rule may test, with its text: what the rule editor's pickers show. */
export const ZRuleQuestion = z.object({
  key: z.string(),
  /** The question's text in its survey's default language (`text: item` for a matrix item). */
  text: z.string(),
  /** The question type (`matrix` for a whole matrix, whose items are listed too). */
  type: z.string(),
  /** True for keys holding a number (ratings, NPS, matrix items): they compare with numbers. */
  numeric: z.boolean(),
  /** The option ids of a choice question, with their labels. */
  options: z.array(z.object({ id: z.string(), label: z.string() })),
  surveys: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type TRuleQuestion = z.infer<typeof ZRuleQuestion>;
export const ZRuleQuestionList = z.object({ items: z.array(ZRuleQuestion) });
