/**
 * The comment store's API: themes with their statistics, the comment explorer, the analysis of
 * stored comments and the organization's masking setting.
 */
import { z } from 'zod';
import { ZDay } from './analytics.js';
import { ZId, ZName, ZTimestamp } from './common.js';

export const THEME_SOURCES = ['built-in', 'discovered', 'user'] as const;
export const ZThemeSource = z.enum(THEME_SOURCES);

export const COMMENT_SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export const ZCommentSentiment = z.enum(COMMENT_SENTIMENTS);

export const NPS_CATEGORIES = ['detractor', 'passive', 'promoter'] as const;
export const ZNpsCategory = z.enum(NPS_CATEGORIES);

/** A query parameter that may be given several times. */
function repeatable<T extends z.ZodType<string, string>>(item: T) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .pipe(z.array(item).max(50));
}

/** `attribute=value`: comments of respondents whose segment had the value. */
const ZSegmentFilter = z
  .string()
  .max(300)
  .regex(/^[^=]+=.+$/, 'written attribute=value');

/** Keywords and phrases of a theme: at least one, each 1-100 characters. */
export const ZThemeKeywords = z
  .array(z.string().trim().min(1, 'a keyword cannot be empty').max(100))
  .min(1, 'a theme needs at least one keyword or phrase')
  .max(200);

export const ZTheme = z.object({
  id: ZId,
  name: z.string(),
  keywords: z.array(z.string()),
  /** Editing a discovered (or built-in) theme makes it a user theme. */
  source: ZThemeSource,
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
});
export type TTheme = z.infer<typeof ZTheme>;

export const ZThemeCreate = z.strictObject({ name: ZName, keywords: ZThemeKeywords });
export type TThemeCreate = z.infer<typeof ZThemeCreate>;

export const ZThemeUpdate = z.strictObject({
  name: ZName.optional(),
  keywords: ZThemeKeywords.optional(),
});
export type TThemeUpdate = z.infer<typeof ZThemeUpdate>;

/** Filters shared by the theme statistics and the comment explorer. */
const ZCommentFilters = z.object({
  /** First and last day included (UTC). */
  from: ZDay.optional(),
  to: ZDay.optional(),
  touchpoint: repeatable(ZId).optional(),
  segment: repeatable(ZSegmentFilter).optional(),
});

/** `GET /api/themes`: the period defaults to the 90 days up to today. */
export const ZThemeListQuery = ZCommentFilters.extend({
  confidence: z.coerce.number().min(0.5).max(0.999).default(0.95),
  /** Smallest group of respondents that gets an NPS impact. */
  minN: z.coerce.number().int().min(1).max(1_000_000).default(10),
});
export type TThemeListQuery = z.infer<typeof ZThemeListQuery>;

/** NPS of the respondents who mention a theme minus that of those who do not, in points. */
export const ZNpsImpact = z.object({
  difference: z.number(),
  low: z.number(),
  high: z.number(),
  pValue: z.number(),
  /** Respondents with an NPS answer who mention the theme, and who do not. */
  mentioning: z.number().int(),
  others: z.number().int(),
});

/** Growth of a theme's share of comments against the previous period of equal length. */
export const ZThemeEmergence = z.object({
  share: z.number(),
  previousShare: z.number(),
  /** share - previousShare (0..1 scale). */
  growth: z.number(),
  pValue: z.number(),
  /** Benjamini-Hochberg adjusted over every theme tested. */
  adjustedP: z.number(),
  /** Grew with adjusted p below 0.05. */
  emerging: z.boolean(),
});

export const ZThemeStats = ZTheme.extend({
  /** Comments of the period that mention the theme. */
  volume: z.number().int(),
  /** Distinct responses behind the volume (a response may have several comments). */
  responses: z.number().int(),
  /** volume / comments of the period (0..1). */
  share: z.number(),
  /** Mean sentiment (-1..1) of the comments that mention it; null when none do. */
  sentiment: z.number().nullable(),
  /** Null when either group is too small or has no variance. */
  npsImpact: ZNpsImpact.nullable(),
  /** Null when either period has no comments. */
  emergence: ZThemeEmergence.nullable(),
  /** Volume and share by month over the twelve months up to the end of the period. */
  trend: z.array(z.object({ month: z.string(), volume: z.number().int(), share: z.number() })),
});
export type TThemeStats = z.infer<typeof ZThemeStats>;

export const ZThemeList = z.object({
  items: z.array(ZThemeStats),
  from: ZDay,
  to: ZDay,
  previousFrom: ZDay,
  previousTo: ZDay,
  /** Comments of the period (after filters). */
  comments: z.number().int(),
  previousComments: z.number().int(),
});
export type TThemeList = z.infer<typeof ZThemeList>;

/** `GET /api/comments`. */
export const ZCommentListQuery = ZCommentFilters.extend({
  /** Words (all must appear), "quoted phrases" and -excluded words. */
  q: z.string().max(500).optional(),
  theme: ZId.optional(),
  /** One customer's comments (the customer page). */
  customer: ZId.optional(),
  sentiment: repeatable(ZCommentSentiment).optional(),
  nps: repeatable(ZNpsCategory).optional(),
  npsMin: z.coerce.number().int().min(0).max(10).optional(),
  npsMax: z.coerce.number().int().min(0).max(10).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});
export type TCommentListQuery = z.infer<typeof ZCommentListQuery>;

/** A piece of a comment's text; `match` pieces are the words the search found. */
export const ZTextSegment = z.object({ text: z.string(), match: z.boolean() });

export const ZComment = z.object({
  responseId: ZId,
  questionKey: z.string(),
  text: z.string(),
  /** The text cut into pieces, matches marked: render each as text, never as HTML. */
  segments: z.array(ZTextSegment),
  score: z.number(),
  label: ZCommentSentiment,
  language: z.string(),
  english: z.boolean(),
  truncated: z.boolean(),
  themes: z.array(z.object({ id: ZId, name: z.string() })),
  touchpointId: ZId.nullable(),
  segment: z.record(z.string(), z.string()),
  day: ZDay,
  submittedAt: ZTimestamp,
  nps: z.number().int().nullable(),
});
export type TComment = z.infer<typeof ZComment>;

export const ZCommentPage = z.object({
  items: z.array(ZComment),
  nextCursor: z.string().nullable(),
  /** Matching comments: exact up to `cap`, else at least `cap` (`capped` true). */
  total: z.object({ count: z.number().int(), capped: z.boolean() }),
});
export type TCommentPage = z.infer<typeof ZCommentPage>;

/** Progress of the analysis of an organization's stored comments. */
export const ZCommentAnalysisStatus = z.object({
  /** Responses read so far in the latest run, of `total`. */
  analysed: z.number().int(),
  total: z.number().int(),
  running: z.boolean(),
  startedAt: ZTimestamp.nullable(),
  finishedAt: ZTimestamp.nullable(),
  /** Comments stored for the organization. */
  comments: z.number().int(),
});
export type TCommentAnalysisStatus = z.infer<typeof ZCommentAnalysisStatus>;

export const ZCommentSettings = z.strictObject({
  /** Mask e-mail addresses and phone numbers in stored comments. */
  maskPersonalData: z.boolean(),
});
export type TCommentSettings = z.infer<typeof ZCommentSettings>;

/** `POST /api/themes/discover`. */
export const ZThemeDiscover = z.strictObject({
  max: z.number().int().min(1).max(50).default(12),
});
export const ZThemeDiscoverResult = z.object({ created: z.array(ZTheme) });
