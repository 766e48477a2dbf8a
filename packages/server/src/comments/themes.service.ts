/** Themes: their statistics, user themes, discovery; any change re-applies themes to past comments. */
import {
  AppError,
  newId,
  notFound,
  type TTheme,
  type TThemeCreate,
  type TThemeList,
  type TThemeListQuery,
  type TThemeUpdate,
} from '@touchstone/core';
import { recordAudit } from '../audit/audit.repository.js';
import type { TServiceContext } from '../auth/actor.js';
import { nowIso } from '../storage/rows.js';
import { discoverThemes } from '../text/index.js';
import { ensureBuiltInThemes } from './comment-analysis.service.js';
import { deleteThemeRows, findRecentCommentTexts } from './comment-store.repository.js';
import { checkPeriod, queueCommentAnalysis, segmentParts } from './comments.service.js';
import { computeThemeStats } from './theme-stats.js';
import { countByMonth, sumComments, sumThemes } from './theme-stats.repository.js';
import {
  deleteThemeRow,
  findThemeByName,
  findThemeRow,
  insertThemeRow,
  insertThemeRowsIfNew,
  listThemeRows,
  toTheme,
  updateThemeRow,
} from './themes.repository.js';

/** The period when none is given: the 90 days up to today. */
const DEFAULT_DAYS = 90;
/** Comments read for discovery, newest first. */
const DISCOVERY_SAMPLE = 20_000;

const DAY_MS = 86_400_000;

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The twelve months (`YYYY-MM`) up to the month of `day`, oldest first. */
function monthsUpTo(day: string): string[] {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7)) - 1;
  const out: string[] = [];
  for (let back = 11; back >= 0; back--) {
    const d = new Date(Date.UTC(year, month - back, 1));
    out.push(d.toISOString().slice(0, 7));
  }
  return out;
}

/** `GET /api/themes`: every theme with its statistics over the period and filters. */
export async function listThemesWithStats(
  ctx: TServiceContext,
  query: TThemeListQuery,
): Promise<TThemeList> {
  checkPeriod(query.from, query.to);
  const orgId = ctx.actor.organizationId;
  await ensureBuiltInThemes(ctx.storage, orgId);
  const to = query.to ?? new Date().toISOString().slice(0, 10);
  const from = query.from ?? addDays(to, -(DEFAULT_DAYS - 1));
  const length = Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;
  const previousTo = addDays(from, -1);
  const previousFrom = addDays(from, -length);
  const { db, dialect } = ctx.storage;
  const dims = {
    organizationId: orgId,
    touchpointIds: query.touchpoint,
    segments: query.segment === undefined ? undefined : segmentParts(query.segment),
  };
  const current = { ...dims, from, to };
  const previous = { ...dims, from: previousFrom, to: previousTo };
  const months = monthsUpTo(to);
  const monthly = await countByMonth(db, dialect, { ...dims, from: `${months[0] ?? ''}-01`, to });
  const currentTotal = await sumComments(db, dialect, current);
  const previousTotal = await sumComments(db, dialect, previous);
  const themes = (await listThemeRows(db, orgId)).map(toTheme);
  const items = computeThemeStats({
    themes,
    current: await sumThemes(db, dialect, current),
    currentTotal,
    previous: await sumThemes(db, dialect, previous),
    previousTotal,
    months,
    monthTotals: monthly.totals,
    monthThemes: monthly.themes,
    confidence: query.confidence,
    minN: query.minN,
  });
  return {
    items,
    from,
    to,
    previousFrom,
    previousTo,
    comments: currentTotal.volume,
    previousComments: previousTotal.volume,
  };
}

export async function getTheme(ctx: TServiceContext, id: string): Promise<TTheme> {
  const row = await findThemeRow(ctx.storage.db, ctx.actor.organizationId, id);
  if (!row) throw notFound('theme', id);
  return toTheme(row);
}

function cleanKeywords(keywords: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const k of keywords) {
    const keyword = k.trim().replace(/\s+/g, ' ');
    if (keyword === '' || seen.has(keyword.toLowerCase())) continue;
    seen.add(keyword.toLowerCase());
    out.push(keyword);
  }
  if (out.length === 0) {
    throw new AppError('validation_failed', 'a theme needs at least one keyword or phrase', [
      { field: 'body.keywords', message: 'give at least one non-empty keyword or phrase' },
    ]);
  }
  return out;
}

async function assertNameFree(ctx: TServiceContext, name: string, exceptId: string | null) {
  const existing = await findThemeByName(ctx.storage.db, ctx.actor.organizationId, name);
  if (existing !== undefined && existing.id !== exceptId) {
    throw new AppError('conflict', `a theme named "${existing.name}" already exists`, [
      { field: 'body.name', message: 'theme names are unique (whatever their case)' },
    ]);
  }
}

/** Creates a user theme and re-applies themes to past comments. */
export async function createTheme(ctx: TServiceContext, input: TThemeCreate): Promise<TTheme> {
  const orgId = ctx.actor.organizationId;
  await ensureBuiltInThemes(ctx.storage, orgId);
  const keywords = cleanKeywords(input.keywords);
  await assertNameFree(ctx, input.name, null);
  const id = newId();
  const now = nowIso();
  await ctx.storage.db.transaction().execute(async (trx) => {
    await insertThemeRow(trx, {
      id,
      organization_id: orgId,
      name: input.name,
      keywords_json: JSON.stringify(keywords),
      source: 'user',
      created_at: now,
      updated_at: now,
    });
    await recordAudit(trx, ctx.actor, { action: 'create', entity: 'theme', entityId: id });
  });
  await queueCommentAnalysis(ctx);
  return getTheme(ctx, id);
}

/** Changes a theme (which makes it a user theme) and re-applies themes to past comments. */
export async function updateTheme(
  ctx: TServiceContext,
  id: string,
  input: TThemeUpdate,
): Promise<TTheme> {
  const orgId = ctx.actor.organizationId;
  await getTheme(ctx, id);
  const keywords = input.keywords === undefined ? undefined : cleanKeywords(input.keywords);
  if (input.name !== undefined) await assertNameFree(ctx, input.name, id);
  await ctx.storage.db.transaction().execute(async (trx) => {
    await updateThemeRow(trx, orgId, id, {
      ...(input.name !== undefined && { name: input.name }),
      ...(keywords !== undefined && { keywords_json: JSON.stringify(keywords) }),
      source: 'user',
      updated_at: nowIso(),
    });
    await recordAudit(trx, ctx.actor, { action: 'update', entity: 'theme', entityId: id });
  });
  if (keywords !== undefined) await queueCommentAnalysis(ctx);
  return getTheme(ctx, id);
}

/** Deletes a theme: it leaves the statistics at once and the comments at the next analysis. */
export async function deleteTheme(ctx: TServiceContext, id: string): Promise<void> {
  const orgId = ctx.actor.organizationId;
  await getTheme(ctx, id);
  await ctx.storage.db.transaction().execute(async (trx) => {
    await deleteThemeRow(trx, orgId, id);
    await deleteThemeRows(trx, orgId, id);
    await recordAudit(trx, ctx.actor, { action: 'delete', entity: 'theme', entityId: id });
  });
  await queueCommentAnalysis(ctx);
}

/**
 * `POST /api/themes/discover`: finds themes in the organization's comments that none of its
 * themes already names, stores them as discovered themes and re-applies themes.
 */
export async function discoverOrganizationThemes(
  ctx: TServiceContext,
  max: number,
): Promise<{ created: TTheme[] }> {
  const orgId = ctx.actor.organizationId;
  await ensureBuiltInThemes(ctx.storage, orgId);
  const texts = await findRecentCommentTexts(ctx.storage.db, orgId, DISCOVERY_SAMPLE);
  if (texts.length === 0) {
    throw new AppError('bad_request', 'there are no analysed comments to discover themes in', [
      { field: 'body', message: 'store responses with comments (or run the analysis) first' },
    ]);
  }
  const existing = await listThemeRows(ctx.storage.db, orgId);
  const found = discoverThemes(texts, {
    exclude: existing.map((t) => toTheme(t)),
    max,
  });
  const now = nowIso();
  const rows = found.map((t) => ({
    id: newId(),
    organization_id: orgId,
    name: t.name,
    keywords_json: JSON.stringify(t.keywords),
    source: 'discovered',
    created_at: now,
    updated_at: now,
  }));
  await ctx.storage.db.transaction().execute(async (trx) => {
    await insertThemeRowsIfNew(trx, rows);
    await recordAudit(trx, ctx.actor, {
      action: 'discover',
      entity: 'theme',
      entityId: null,
      details: { found: rows.length },
    });
  });
  const stored = new Set((await listThemeRows(ctx.storage.db, orgId)).map((t) => t.id));
  const created = rows.filter((r) => stored.has(r.id)).map(toTheme);
  if (created.length > 0) await queueCommentAnalysis(ctx);
  return { created };
}
