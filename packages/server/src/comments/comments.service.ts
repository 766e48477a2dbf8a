/** The comment explorer, the analysis of stored comments and the masking setting. */
import {
  AppError,
  notFound,
  parseSegmentKey,
  type TComment,
  type TCommentAnalysisStatus,
  type TCommentListQuery,
  type TCommentPage,
  type TCommentSettings,
} from '@touchstone/core';
import { recordAudit } from '../audit/audit.repository.js';
import type { TServiceContext } from '../auth/actor.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import { nowIso, parseJsonColumn } from '../storage/rows.js';
import type { TCommentAnalysesTable } from '../storage/schema.js';
import { COMMENT_ANALYSIS_JOB } from './comment-jobs.js';
import {
  findCommentPage,
  findThemeNames,
  type TCommentFilter,
  type TCommentKey,
} from './comment-search.repository.js';
import {
  findAnalysisRun,
  findCommentSettings,
  startAnalysisRun,
  upsertCommentSettings,
} from './comment-settings.repository.js';
import { countCompleteResponses } from './comment-sources.repository.js';
import { countComments } from './comment-store.repository.js';
import { findThemeRow } from './themes.repository.js';
import { fts5Query, highlightText, parseSearch, websearchQuery } from './search-query.js';

/** The total is counted exactly up to this many comments, then reported as "more than". */
export const COMMENT_COUNT_CAP = 1000;

const NPS_RANGES = {
  detractor: [0, 6],
  passive: [7, 8],
  promoter: [9, 10],
} as const satisfies Record<string, readonly [number, number]>;

function encodeKey(key: TCommentKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeKey(cursor: string): TCommentKey {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 4 &&
      parsed.every((p) => typeof p === 'string')
    ) {
      return parsed as TCommentKey;
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('bad_request', 'the cursor is not one this API returned', [
    { field: 'query.cursor', message: 'not a valid cursor' },
  ]);
}

function escapeSegmentPart(text: string): string {
  return text.replace(/%/g, '%25').replace(/;/g, '%3B').replace(/=/g, '%3D');
}

/** `key=value` filters as segment-key parts, grouped by key (values of one key are OR-ed). */
export function segmentParts(filters: readonly string[]): string[][] {
  const byKey = new Map<string, string[]>();
  for (const filter of filters) {
    const eq = filter.indexOf('=');
    const key = filter.slice(0, eq).trim();
    const value = filter.slice(eq + 1).trim();
    const parts = byKey.get(key) ?? [];
    parts.push(`${escapeSegmentPart(key)}=${escapeSegmentPart(value)}`);
    byKey.set(key, parts);
  }
  return [...byKey.values()];
}

/** Checks a period, which may be open at either end. */
export function checkPeriod(from: string | undefined, to: string | undefined): void {
  if (from !== undefined && to !== undefined && from > to) {
    throw new AppError('bad_request', `the period starts (${from}) after it ends (${to})`, [
      { field: 'query.from', message: 'must not be after query.to' },
    ]);
  }
}

async function toComments(
  ctx: TServiceContext,
  rows: readonly TCommentAnalysesTable[],
  search: ReturnType<typeof parseSearch> | null,
): Promise<TComment[]> {
  const themeIds = new Set<string>();
  const themesOf = rows.map((r) => parseJsonColumn<string[]>(r.themes_json));
  for (const ids of themesOf) for (const id of ids) themeIds.add(id);
  const names = await findThemeNames(ctx.storage.db, ctx.actor.organizationId, [...themeIds]);
  return rows.map((r, i) => ({
    responseId: r.response_id,
    questionKey: r.question_key,
    text: r.text,
    segments: highlightText(r.text, search),
    score: r.score,
    label: r.label as TComment['label'],
    language: r.language,
    english: Number(r.english) === 1,
    truncated: Number(r.truncated) === 1,
    // A theme deleted since the analysis has no name: it is left out until the next one.
    themes: (themesOf[i] ?? []).flatMap((id) => {
      const name = names.get(id);
      return name === undefined ? [] : [{ id, name }];
    }),
    touchpointId: r.touchpoint_id,
    segment: parseSegmentKey(r.segment_key),
    day: r.day,
    submittedAt: r.submitted_at,
    nps: r.nps === null ? null : Number(r.nps),
  }));
}

/** `GET /api/comments`: matching comments newest first, a page at a time, with a capped count. */
export async function listComments(
  ctx: TServiceContext,
  query: TCommentListQuery,
): Promise<TCommentPage> {
  checkPeriod(query.from, query.to);
  const orgId = ctx.actor.organizationId;
  if (query.npsMin !== undefined && query.npsMax !== undefined && query.npsMin > query.npsMax) {
    throw new AppError(
      'bad_request',
      `npsMin (${query.npsMin}) is above npsMax (${query.npsMax})`,
      [{ field: 'query.npsMin', message: 'must not be above query.npsMax' }],
    );
  }
  if (query.theme !== undefined && !(await findThemeRow(ctx.storage.db, orgId, query.theme))) {
    throw notFound('theme', query.theme);
  }
  const search = query.q === undefined || query.q.trim() === '' ? null : parseSearch(query.q);
  const npsRanges: (readonly [number, number])[] = (query.nps ?? []).map((c) => NPS_RANGES[c]);
  if (query.npsMin !== undefined || query.npsMax !== undefined) {
    const range = [query.npsMin ?? 0, query.npsMax ?? 10] as const;
    // A category and a range together: the parts of the categories inside the range.
    const ranges: (readonly [number, number])[] = npsRanges.length === 0 ? [[0, 10]] : npsRanges;
    npsRanges.splice(
      0,
      npsRanges.length,
      ...ranges
        .map(([low, high]) => [Math.max(low, range[0]), Math.min(high, range[1])] as const)
        .filter(([low, high]) => low <= high),
    );
    if (npsRanges.length === 0) npsRanges.push([1, 0]);
  }
  const filter: TCommentFilter = {
    organizationId: orgId,
    from: query.from,
    to: query.to,
    touchpointIds: query.touchpoint,
    segments: query.segment === undefined ? undefined : segmentParts(query.segment),
    themeId: query.theme,
    customerId: query.customer,
    labels: query.sentiment,
    npsRanges: npsRanges.length === 0 ? undefined : npsRanges,
    match:
      search === null ? undefined : { fts5: fts5Query(search), websearch: websearchQuery(search) },
  };
  const after = query.cursor === undefined ? null : decodeKey(query.cursor);
  const { db, dialect } = ctx.storage;
  const { rows, count } = await findCommentPage(
    db,
    dialect,
    filter,
    after,
    query.limit + 1,
    COMMENT_COUNT_CAP + 1,
  );
  const pageRows = rows.slice(0, query.limit);
  const last = pageRows[pageRows.length - 1];
  return {
    items: await toComments(ctx, pageRows, search),
    nextCursor:
      rows.length > query.limit && last !== undefined
        ? encodeKey([last.day, last.submitted_at, last.response_id, last.question_key])
        : null,
    total: { count: Math.min(count, COMMENT_COUNT_CAP), capped: count > COMMENT_COUNT_CAP },
  };
}

/** `GET /api/comments/analysis`: the progress of the latest analysis of stored comments. */
export async function getCommentAnalysisStatus(
  ctx: TServiceContext,
): Promise<TCommentAnalysisStatus> {
  const orgId = ctx.actor.organizationId;
  const run = await findAnalysisRun(ctx.storage.db, orgId);
  const comments = await countComments(ctx.storage.db, orgId);
  if (run === undefined) {
    return { analysed: 0, total: 0, running: false, startedAt: null, finishedAt: null, comments };
  }
  return {
    analysed: run.analysed,
    total: run.total,
    running: Number(run.running) === 1,
    startedAt: run.started_at,
    finishedAt: run.finished_at,
    comments,
  };
}

/**
 * Queues the analysis of every stored comment of the organization (a job, so that it survives
 * a restart and runs on whichever server's worker claims it); the run shows as running at once.
 */
export async function queueCommentAnalysis(ctx: TServiceContext): Promise<void> {
  const orgId = ctx.actor.organizationId;
  const total = await countCompleteResponses(ctx.storage.db, orgId);
  await ctx.storage.db.transaction().execute(async (trx) => {
    await startAnalysisRun(trx, orgId, total, nowIso());
    await enqueueJob(trx, {
      kind: COMMENT_ANALYSIS_JOB,
      organizationId: orgId,
      payload: { organizationId: orgId },
      maxAttempts: 3,
    });
  });
}

/** `POST /api/comments/analysis`. */
export async function startCommentAnalysis(ctx: TServiceContext): Promise<TCommentAnalysisStatus> {
  await queueCommentAnalysis(ctx);
  await recordAudit(ctx.storage.db, ctx.actor, {
    action: 'analyse',
    entity: 'comments',
    entityId: null,
  });
  return getCommentAnalysisStatus(ctx);
}

export async function getCommentSettings(ctx: TServiceContext): Promise<TCommentSettings> {
  const row = await findCommentSettings(ctx.storage.db, ctx.actor.organizationId);
  return { maskPersonalData: row?.mask_personal_data === 1 };
}

/** Changing the masking analyses the stored comments again, so that they are stored masked (or not). */
export async function updateCommentSettings(
  ctx: TServiceContext,
  input: TCommentSettings,
): Promise<TCommentSettings> {
  const before = await getCommentSettings(ctx);
  await ctx.storage.db.transaction().execute(async (trx) => {
    await upsertCommentSettings(
      trx,
      ctx.actor.organizationId,
      { mask_personal_data: input.maskPersonalData ? 1 : 0 },
      nowIso(),
    );
    await recordAudit(trx, ctx.actor, {
      action: 'update',
      entity: 'comment_settings',
      entityId: null,
      details: { maskPersonalData: input.maskPersonalData },
    });
  });
  if (before.maskPersonalData !== input.maskPersonalData) await queueCommentAnalysis(ctx);
  return getCommentSettings(ctx);
}
