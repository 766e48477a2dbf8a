/**
 * Comment search at a million comments: the first page of `GET /api/comments` as the service
 * call the route makes (`listComments`: filters, full-text match, newest first, capped count,
 * highlighting, theme names), for a mix of searches and filters; p50 and p95 over every call.
 * Baseline measured in the same run: the same searches as a `LIKE '%word%'` scan of the text,
 * newest first. Both must return the same comments on the first page.
 */
import type { TCommentListQuery, TCommentPage } from '@touchstone/core';
import { ZCommentListQuery } from '@touchstone/core';
import { systemActor, type TServiceContext } from '../../packages/server/src/auth/actor.js';
import { listComments } from '../../packages/server/src/comments/comments.service.js';
import type { TServices } from '../../packages/server/src/composition/services.js';
import type { TStorage } from '../../packages/server/src/storage/database.js';
import type { TCommentData } from './comment-data.js';

export interface TSearchCase {
  name: string;
  query: Record<string, string>;
  /** Words of the query for the LIKE baseline (all must appear); none for filters alone. */
  like: string[];
}

/** The mix of searches and filters, each with its LIKE equivalent. */
export function searchCases(data: TCommentData): TSearchCase[] {
  const tp = data.touchpoints[0] ?? '';
  const drinks = data.themes[2]?.id ?? '';
  const delays = data.themes[0]?.id ?? '';
  return [
    { name: 'q=cola (1%)', query: { q: 'cola' }, like: ['cola'] },
    { name: 'q="diet cola"', query: { q: '"diet cola"' }, like: ['diet cola'] },
    { name: 'q=delayed (10%)', query: { q: 'delayed' }, like: ['delayed'] },
    { name: 'q=flight (40%)', query: { q: 'flight' }, like: ['flight'] },
    { name: 'q=zeppelin (0.01%)', query: { q: 'zeppelin' }, like: ['zeppelin'] },
    { name: 'q=wifi dropping', query: { q: 'wifi dropping' }, like: ['wifi', 'dropping'] },
    { name: 'q=wifi + touchpoint', query: { q: 'wifi', touchpoint: tp }, like: ['wifi'] },
    {
      name: 'q=crew + segment + detractors',
      query: { q: 'crew', segment: 'tier=gold', nps: 'detractor' },
      like: ['crew'],
    },
    {
      name: 'q=cola + month',
      query: { q: 'cola', from: '2026-05-01', to: '2026-05-31' },
      like: ['cola'],
    },
    { name: 'q=cola + theme', query: { q: 'cola', theme: drinks }, like: ['cola'] },
    { name: 'newest, no filter', query: {}, like: [] },
    { name: 'touchpoint', query: { touchpoint: tp }, like: [] },
    { name: 'theme Delays', query: { theme: delays }, like: [] },
    {
      name: 'negative, gold, month',
      query: { sentiment: 'negative', segment: 'tier=gold', from: '2026-04-01', to: '2026-04-30' },
      like: [],
    },
  ];
}

/** The baseline: the same filters, the words as `LIKE '%word%'` over the text, newest first. */
function likePage(storage: TStorage, orgId: string, c: TSearchCase, limit: number): string[] {
  const sqlite = storage.sqlite;
  if (sqlite === null) throw new Error('the baseline runs on SQLite');
  const where = ['organization_id = ?'];
  const params: unknown[] = [orgId];
  for (const word of c.like) {
    where.push(`lower(text) LIKE ?`);
    params.push(`%${word}%`);
  }
  const q = c.query;
  if (q['touchpoint'] !== undefined) {
    where.push('touchpoint_id = ?');
    params.push(q['touchpoint']);
  }
  if (q['segment'] !== undefined) {
    where.push(`instr(';' || segment_key || ';', ?) > 0`);
    params.push(`;${q['segment']};`);
  }
  if (q['nps'] === 'detractor') where.push('nps <= 6');
  if (q['sentiment'] !== undefined) {
    where.push('label = ?');
    params.push(q['sentiment']);
  }
  if (q['from'] !== undefined) {
    where.push('day >= ?');
    params.push(q['from']);
  }
  if (q['to'] !== undefined) {
    where.push('day <= ?');
    params.push(q['to']);
  }
  if (q['theme'] !== undefined) {
    where.push(
      `EXISTS (SELECT 1 FROM comment_themes t WHERE t.theme_id = ? AND t.response_id = comment_analyses.response_id)`,
    );
    params.push(q['theme']);
  }
  const rows = sqlite
    .prepare(
      `SELECT response_id FROM comment_analyses NOT INDEXED WHERE ${where.join(' AND ')}
       ORDER BY submitted_at DESC, response_id DESC LIMIT ${limit}`,
    )
    .all(...params) as { response_id: string }[];
  return rows.map((r) => r.response_id);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export interface TSearchCaseFigure {
  name: string;
  medianMs: number;
  p95Ms: number;
  total: string;
  baselineMs: number | null;
}

export interface TSearchFigure {
  cases: TSearchCaseFigure[];
  medianMs: number;
  p95Ms: number;
  baselineMedianMs: number;
  baselineP95Ms: number;
  checked: number;
}

/** Runs every case `runs` times (after one warm-up call) and the baseline of each search. */
export async function measureCommentSearch(
  storage: TStorage,
  services: TServices,
  orgId: string,
  data: TCommentData,
  runs: number,
): Promise<TSearchFigure> {
  const ctx: TServiceContext = { storage, actor: systemActor(orgId), services };
  const limit = 20;
  const all: number[] = [];
  const baseline: number[] = [];
  const cases: TSearchCaseFigure[] = [];
  let checked = 0;
  for (const c of searchCases(data)) {
    const query: TCommentListQuery = ZCommentListQuery.parse({ ...c.query, limit });
    let page: TCommentPage = await listComments(ctx, query);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      page = await listComments(ctx, query);
      times.push(performance.now() - started);
    }
    all.push(...times);
    let baselineMs: number | null = null;
    if (c.like.length > 0 || c.query['q'] === undefined) {
      const likeTimes: number[] = [];
      let ids: string[] = [];
      for (let i = 0; i < Math.max(1, Math.floor(runs / 5)); i++) {
        const started = performance.now();
        ids = likePage(storage, orgId, c, limit);
        likeTimes.push(performance.now() - started);
      }
      const got = page.items.map((item) => item.responseId);
      if (JSON.stringify(got) !== JSON.stringify(ids)) {
        throw new Error(`${c.name}: the search and the LIKE scan disagree on the first page`);
      }
      checked++;
      baseline.push(...likeTimes);
      baselineMs = percentile(likeTimes, 50);
    }
    cases.push({
      name: c.name,
      medianMs: percentile(times, 50),
      p95Ms: percentile(times, 95),
      total: `${page.total.capped ? '>' : ''}${page.total.count}`,
      baselineMs,
    });
  }
  return {
    cases,
    medianMs: percentile(all, 50),
    p95Ms: percentile(all, 95),
    baselineMedianMs: percentile(baseline, 50),
    baselineP95Ms: percentile(baseline, 95),
    checked,
  };
}
