/**
 * What one person's weekly digest says: the scorecard (NPS, CSAT, CES) of the last 7 full days
 * against the 7 before, tested as the dashboard tests a previous period; the open alerts of their
 * scope; their open cases; and the dashboard links behind each.
 */
import {
  ZMetricsQuery,
  type ChangeSide,
  type TComparison,
  type TDigestScope,
  type TMetricResult,
} from '@touchstone/core';
import type { TScanDeps } from '../alerts/alert-scan.service.js';
import { loadScanModel } from '../alerts/alert-scan.service.js';
import { listAlertRows } from '../alerts/alerts.repository.js';
import { questionLabelOf, scopeLabel } from '../alerts/alerts.service.js';
import { queryMetrics } from '../analytics/metrics-query.js';
import { parseJsonColumn } from '../storage/rows.js';
import { countOpenCasesAssignedTo, findTeamTouchpointIds } from './digests.repository.js';

/** The digest's three metrics, in the dashboard's order. */
export const DIGEST_METRICS = ['nps', 'csat', 'ces'] as const;
export type TDigestMetric = (typeof DIGEST_METRICS)[number];
/** How many open alerts a digest lists; the rest are counted. */
export const DIGEST_MAX_ALERTS = 10;
const DAY_MS = 86_400_000;

export interface TDigestFigure {
  metric: TDigestMetric;
  current: TMetricResult;
  previous: TMetricResult;
  /** The test of the current window against the previous one (p adjusted over the three). */
  change: TComparison | null;
}

export interface TDigestAlert {
  id: string;
  measure: string;
  scope: string;
  direction: 'up' | 'down';
  metric: string;
  before: number;
  after: number;
  changeDate: string;
}

export interface TDigestContent {
  name: string;
  /** The scope in words. */
  scopeText: string;
  /** The touchpoints of a team scope; empty for the organization. */
  touchpointIds: string[];
  /** Days (`YYYY-MM-DD`), both windows inclusive. */
  window: { from: string; to: string; previousFrom: string; previousTo: string };
  figures: TDigestFigure[];
  alerts: TDigestAlert[];
  openAlerts: number;
  /** Open cases assigned to the person. */
  openCases: number;
}

function dayText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The last 7 full days before `now` and the 7 before them. */
export function digestWindow(now: Date): TDigestContent['window'] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return {
    from: dayText(today - 7 * DAY_MS),
    to: dayText(today - DAY_MS),
    previousFrom: dayText(today - 14 * DAY_MS),
    previousTo: dayText(today - 8 * DAY_MS),
  };
}

const MISSING: TMetricResult = { status: 'not-available', n: 0, value: null, interval: null };

async function scorecard(
  deps: TScanDeps,
  orgId: string,
  window: TDigestContent['window'],
  touchpointIds: string[],
): Promise<TDigestFigure[]> {
  const scope = touchpointIds.length > 0 ? { touchpointId: touchpointIds } : {};
  const metric = DIGEST_METRICS.join(',');
  const [now, before] = await Promise.all([
    queryMetrics(
      deps,
      orgId,
      ZMetricsQuery.parse({
        metric,
        from: window.from,
        to: window.to,
        compare: 'previous-period',
        ...scope,
      }),
    ),
    queryMetrics(
      deps,
      orgId,
      ZMetricsQuery.parse({ metric, from: window.previousFrom, to: window.previousTo, ...scope }),
    ),
  ]);
  const group = now.groups[0];
  const previous = before.groups[0];
  return DIGEST_METRICS.map((m) => ({
    metric: m,
    current: group?.metrics[m] ?? MISSING,
    previous: previous?.metrics[m] ?? MISSING,
    change: group?.comparisons?.[m] ?? null,
  }));
}

async function openAlerts(
  deps: TScanDeps,
  orgId: string,
  touchpointIds: string[],
): Promise<TDigestAlert[]> {
  const rows = await listAlertRows(deps.storage.db, orgId, 'open');
  const inScope =
    touchpointIds.length === 0
      ? rows
      : rows.filter((r) => r.touchpoint_id !== null && touchpointIds.includes(r.touchpoint_id));
  if (inScope.length === 0) return [];
  // Newest change first, as the dashboard lists them.
  inScope.sort((a, b) => b.change_date.localeCompare(a.change_date) || a.id.localeCompare(b.id));
  const model = await loadScanModel(deps, orgId);
  return inScope.map((row) => {
    const label =
      row.metric === 'rating' ? questionLabelOf(model, row.question_key, row.touchpoint_id) : null;
    const metricName = row.metric.toUpperCase();
    return {
      id: row.id,
      measure: row.metric === 'rating' ? `Rating: ${label ?? row.question_key}` : metricName,
      scope: scopeLabel(
        model,
        row.touchpoint_id,
        parseJsonColumn<Record<string, string>>(row.segment_json),
      ),
      direction: row.direction === 'up' ? 'up' : 'down',
      metric: row.metric,
      before: parseJsonColumn<ChangeSide>(row.before_json).value,
      after: parseJsonColumn<ChangeSide>(row.after_json).value,
      changeDate: row.change_date,
    };
  });
}

/**
 * What every person of one scope shares (scorecard and alerts), by organization and touchpoints:
 * a run computes it once for all of them.
 */
export type TDigestScopeCache = Map<string, Promise<[TDigestFigure[], TDigestAlert[]]>>;

/** Gathers one person's digest at `now`; pass one cache to all the digests of a run. */
export async function gatherDigest(
  deps: TScanDeps,
  person: { orgId: string; userId: string; name: string; scope: TDigestScope },
  now: Date,
  cache: TDigestScopeCache = new Map(),
): Promise<TDigestContent> {
  const { orgId, userId } = person;
  const db = deps.storage.db;
  const owned = person.scope === 'teams' ? await findTeamTouchpointIds(db, orgId, userId) : [];
  const touchpointIds = owned.map((t) => t.id);
  const scopeText =
    person.scope === 'organization'
      ? 'the whole organization'
      : owned.length === 0
        ? 'the whole organization (your teams own no touchpoints)'
        : `your teams' touchpoints: ${owned.map((t) => t.name).join(', ')}`;
  const window = digestWindow(now);
  const key = `${orgId}|${window.from}|${touchpointIds.join(',')}`;
  let shared = cache.get(key);
  if (shared === undefined) {
    shared = Promise.all([
      scorecard(deps, orgId, window, touchpointIds),
      openAlerts(deps, orgId, touchpointIds),
    ]);
    cache.set(key, shared);
  }
  const [[figures, alerts], openCases] = await Promise.all([
    shared,
    countOpenCasesAssignedTo(db, orgId, userId),
  ]);
  return {
    name: person.name,
    scopeText,
    touchpointIds,
    window,
    figures,
    alerts: alerts.slice(0, DIGEST_MAX_ALERTS),
    openAlerts: alerts.length,
    openCases,
  };
}
