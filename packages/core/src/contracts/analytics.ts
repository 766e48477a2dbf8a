import { z } from 'zod';
import { ZId } from './common.js';
import { ZResponseChannel } from './response.js';

/** What a figure measures; each has its own estimator, interval and significance test. */
export const ANALYTICS_METRICS = [
  'nps',
  'csat',
  'ces',
  'rating',
  'score',
  'count',
  'response-rate',
] as const;
export const ZAnalyticsMetric = z.enum(ANALYTICS_METRICS);
export type TAnalyticsMetric = z.infer<typeof ZAnalyticsMetric>;

/** Calendar groupings; weeks are ISO weeks (Monday to Sunday, `2026-W05`). */
export const PERIOD_FIELDS = ['day', 'week', 'month', 'quarter'] as const;
export const ZPeriodField = z.enum(PERIOD_FIELDS);
export type TPeriodField = z.infer<typeof ZPeriodField>;

/** Every group field except segment attributes, which are written `attr:<key>`. */
export const GROUP_FIELDS = [
  ...PERIOD_FIELDS,
  'touchpoint',
  'stage',
  'journey',
  'team',
  'survey',
  'channel',
] as const;

const groupFieldPattern =
  /^(day|week|month|quarter|touchpoint|stage|journey|team|survey|channel|attr:[a-z0-9][a-z0-9_-]*)$/;

/** How p-values are adjusted when several groups are tested at once. */
export const ZAdjustment = z.enum(['holm', 'bh']);

/** A calendar day, `YYYY-MM-DD` (UTC). */
export const ZDay = z.iso.date();

/** A query parameter that may be given several times. */
function repeatable<T extends z.ZodType<string, string>>(item: T) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .pipe(z.array(item).max(200));
}

/** A comma-separated list (also accepted as a repeated parameter). */
function commaList<T extends z.ZodType<string, string>>(item: T, max: number) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).filter(Boolean))
    .pipe(z.array(item).max(max));
}

const ZGroupField = z
  .string()
  .regex(groupFieldPattern, `one of ${GROUP_FIELDS.join(', ')} or attr:<key>`);

/** Filters shared by every analytics query. */
export const ZAnalyticsFilters = z.object({
  /** First and last day included (UTC). */
  from: ZDay.optional(),
  to: ZDay.optional(),
  touchpointId: repeatable(ZId).optional(),
  stageId: repeatable(ZId).optional(),
  journeyId: repeatable(ZId).optional(),
  surveyId: repeatable(ZId).optional(),
  /** `attr=tier:gold` (repeatable): responses whose segment had the value; values of one key are OR-ed. */
  attr: repeatable(z.string().regex(/^[a-z0-9][a-z0-9_-]*:.+$/, 'written key:value')).optional(),
  /** Response channel and language are not in the rollups: these filters scan the answers in SQL. */
  channel: repeatable(ZResponseChannel).optional(),
  language: repeatable(
    z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'a language such as en'),
  ).optional(),
  /** Smallest group that gets a number; smaller groups report insufficient data. */
  minN: z.coerce.number().int().min(1).max(1_000_000).default(10),
  confidence: z.coerce.number().min(0.5).max(0.999).default(0.95),
});

/** What to measure: a metric over a question key, or a dimension tag (all items tagged with it). */
const ZMeasure = z.object({
  /** One or more metrics, comma-separated. */
  metric: commaList(ZAnalyticsMetric, 7).default(['nps']),
  /** A question key (`q`, or `q.item` for a matrix item); default: every question of the metric's type. */
  question: z.string().max(130).optional(),
  /** A dimension tag such as `sem:sense` or `servqual:reliability` (metric score). */
  dimension: z.string().max(100).optional(),
  /** Top-box and bottom-box width for the rating metric. */
  boxes: z.coerce.number().int().min(1).max(5).default(2),
});

/** `GET /api/analytics/metrics`. */
export const ZMetricsQuery = ZAnalyticsFilters.extend(ZMeasure.shape).extend({
  /** At most two fields, comma-separated. */
  groupBy: commaList(ZGroupField, 2).default([]),
  /** groups: each group against the rest (or `reference`); previous-period: against the window before `from`. */
  compare: z.enum(['groups', 'previous-period']).optional(),
  /** The group the others are compared with: its values in groupBy order, comma-separated. */
  reference: z.string().max(300).optional(),
  adjust: ZAdjustment.default('holm'),
  alpha: z.coerce.number().min(0.0001).max(0.5).default(0.05),
});
export type TMetricsQuery = z.infer<typeof ZMetricsQuery>;

/** `GET /api/analytics/trend`. */
export const ZTrendQuery = ZAnalyticsFilters.extend(ZMeasure.shape).extend({
  metric: ZAnalyticsMetric.default('nps'),
  interval: ZPeriodField.default('month'),
  /** One series per value of this field (not a period field). */
  groupBy: ZGroupField.optional(),
  adjust: ZAdjustment.default('holm'),
  alpha: z.coerce.number().min(0.0001).max(0.5).default(0.05),
});
export type TTrendQuery = z.infer<typeof ZTrendQuery>;

/** `GET /api/analytics/scorecard`. */
export const ZScorecardQuery = ZAnalyticsFilters.extend({
  interval: ZPeriodField.default('month'),
  /** With `from`, the sparkline runs from the period holding `from` to the one holding `to`. */
  periods: z.coerce.number().int().min(2).max(60).default(12),
  adjust: ZAdjustment.default('holm'),
  alpha: z.coerce.number().min(0.0001).max(0.5).default(0.05),
});
export type TScorecardQuery = z.infer<typeof ZScorecardQuery>;

/** `GET /api/analytics/drivers`. */
export const ZDriversQuery = ZAnalyticsFilters.omit({ channel: true, language: true }).extend({
  /** The outcome key (default: the survey's NPS question). */
  outcome: z.string().max(130).optional(),
  /** Driver keys, comma-separated (default: every other rated key answered with the outcome). */
  drivers: commaList(z.string().max(130), 30).optional(),
  method: z.enum(['relative-weights', 'shapley']).default('relative-weights'),
});
export type TDriversQuery = z.infer<typeof ZDriversQuery>;

export const ZInterval = z.object({
  low: z.number(),
  high: z.number(),
  confidence: z.number(),
});

/** A secondary figure of a metric (the CSAT mean, the CES low-effort share, top and bottom boxes). */
export const ZFigure = z.object({
  value: z.number(),
  interval: ZInterval.nullable(),
  method: z.string(),
});

/** A metric of one group that has a number. */
export const ZMetricOk = z.object({
  status: z.literal('ok'),
  n: z.number().int().min(0),
  value: z.number(),
  /** points (NPS), share (0..1), scale (the question's own), score (0..100), count. */
  unit: z.enum(['points', 'share', 'scale', 'score', 'count']),
  interval: ZInterval.nullable(),
  method: z.string(),
  counts: z
    .object({ promoters: z.number(), passives: z.number(), detractors: z.number() })
    .optional(),
  shares: z
    .object({ promoters: z.number(), passives: z.number(), detractors: z.number() })
    .optional(),
  secondary: z.record(z.string(), ZFigure).optional(),
  /** Dimension scores: each item's 0-100 score after reverse-coding. */
  items: z.array(z.object({ key: z.string(), score: z.number() })).optional(),
});

/** A metric that has no number, and why: too few responses, or a figure that does not exist yet. */
export const ZMetricMissing = z.object({
  status: z.enum(['insufficient-data', 'not-available']),
  n: z.number().int().min(0),
  minN: z.number().int().optional(),
  reason: z.string().optional(),
  value: z.null(),
  interval: z.null(),
});
export const ZMetricResult = z.discriminatedUnion('status', [ZMetricOk, ZMetricMissing]);
export type TMetricResult = z.infer<typeof ZMetricResult>;

/** A significance test of a group (or period) against another. */
export const ZComparison = z.object({
  status: z.enum(['ok', 'insufficient-data', 'no-variance', 'not-available']),
  against: z.string(),
  method: z.string(),
  difference: z.number().nullable(),
  interval: ZInterval.nullable(),
  pValue: z.number().nullable(),
  adjustedPValue: z.number().nullable(),
  significant: z.boolean(),
});
export type TComparison = z.infer<typeof ZComparison>;

/** One value of one group field: the raw value (id, period, attribute value; null for none) and a label. */
export const ZGroupValue = z.object({
  field: z.string(),
  value: z.string().nullable(),
  label: z.string(),
});

export const ZMetricGroup = z.object({
  key: z.array(ZGroupValue),
  n: z.number().int().min(0),
  metrics: z.record(z.string(), ZMetricResult),
  comparisons: z.record(z.string(), ZComparison).optional(),
});

/** How the p-values of one response were adjusted. */
export const ZAdjustmentInfo = z.object({
  method: z.enum(['holm', 'benjamini-hochberg']),
  alpha: z.number(),
  tests: z.number().int(),
});

/** What was measured and how the query was answered. */
export const ZQueryInfo = z.object({
  metrics: z.array(ZAnalyticsMetric),
  question: z.string().nullable(),
  dimension: z.string().nullable(),
  keys: z.array(z.string()),
  from: z.string().nullable(),
  to: z.string().nullable(),
  minN: z.number().int(),
  confidence: z.number(),
  /** cube: in-memory rollups; sql: a scan of the answers (channel or language filters). */
  source: z.enum(['cube', 'sql']),
});

export const ZMetricsResponse = z.object({
  query: ZQueryInfo.extend({ groupBy: z.array(z.string()) }),
  groups: z.array(ZMetricGroup),
  adjustment: ZAdjustmentInfo.nullable(),
});
export type TMetricsResponse = z.infer<typeof ZMetricsResponse>;

export const ZTrendPoint = z.object({
  period: z.string(),
  start: ZDay,
  end: ZDay,
  result: ZMetricResult,
  /** Against the previous period; `significant` after adjustment over every step of the response. */
  change: ZComparison.nullable(),
});

export const ZTrendResponse = z.object({
  query: ZQueryInfo.extend({ interval: ZPeriodField, groupBy: z.string().nullable() }),
  series: z.array(z.object({ key: z.array(ZGroupValue), points: z.array(ZTrendPoint) })),
  adjustment: ZAdjustmentInfo.nullable(),
});
export type TTrendResponse = z.infer<typeof ZTrendResponse>;

export const ZScorecardEntry = z.object({
  metric: ZAnalyticsMetric,
  keys: z.array(z.string()),
  current: ZTrendPoint,
  previous: ZTrendPoint,
  /** The last `periods` periods, oldest first. */
  sparkline: z.array(ZTrendPoint),
});

export const ZScorecardResponse = z.object({
  interval: ZPeriodField,
  from: ZDay,
  to: ZDay,
  entries: z.array(ZScorecardEntry),
  adjustment: ZAdjustmentInfo.nullable(),
});
export type TScorecardResponse = z.infer<typeof ZScorecardResponse>;

export const ZDriversResponse = z.object({
  outcome: z.string(),
  method: z.enum(['relative-weights', 'shapley']),
  from: z.string(),
  to: z.string(),
  /** Respondents who answered the outcome and every driver (listwise deletion). */
  n: z.number().int(),
  status: z.enum(['ok', 'insufficient-data']),
  minN: z.number().int(),
  r2: z.number().nullable(),
  drivers: z.array(
    z.object({
      key: z.string(),
      weight: z.number(),
      rescaled: z.number(),
      correlation: z.number(),
      performance: z.number().nullable(),
    }),
  ),
  /** Importance (rescaled weight) vs performance (mean on 0..100, reverse-coded items reversed), split at the means. */
  priorityMatrix: z
    .object({
      importanceSplit: z.number(),
      performanceSplit: z.number(),
      items: z.array(
        z.object({
          key: z.string(),
          importance: z.number(),
          performance: z.number(),
          quadrant: z.enum(['fix-first', 'keep-up', 'monitor', 'possible-overkill']),
        }),
      ),
    })
    .nullable(),
});
export type TDriversResponse = z.infer<typeof ZDriversResponse>;

/** `POST /api/analytics/rollups/rebuild`. */
export const ZRollupRebuildResult = z.object({
  organizationId: ZId,
  version: z.number().int(),
  valueCells: z.number().int(),
  crossProductCells: z.number().int(),
  responses: z.number().int(),
  milliseconds: z.number(),
});
export type TRollupRebuildResult = z.infer<typeof ZRollupRebuildResult>;
