/** Analytics for the actor's organization: metrics, trends, scorecard, key drivers, rollup rebuild. */
import type {
  TAnalyticsQuestionsResponse,
  TDefaultPeriodQuery,
  TDefaultPeriodResponse,
  TDrillDownQuery,
  TDrillDownResponse,
  TDriversQuery,
  TDriversResponse,
  TMetricsQuery,
  TMetricsResponse,
  TRollupRebuildResult,
  TScorecardQuery,
  TScorecardResponse,
  TTrendQuery,
  TTrendResponse,
} from '@touchstone/core';
import { recordAudit } from '../audit/audit.repository.js';
import type { TServiceContext } from '../auth/actor.js';
import { queryQuestions } from './analytics-questions.js';
import { queryDefaultPeriod } from './default-period.js';
import { queryDrillDown } from './drill-down.js';
import { queryDrivers } from './drivers-query.js';
import { queryMetrics } from './metrics-query.js';
import { rebuildOrganizationRollups } from './rollup-rebuild.js';
import { queryScorecard, queryTrend } from './trend-query.js';

/** Metrics per group, with intervals and optional significance tests. */
export function getMetrics(ctx: TServiceContext, query: TMetricsQuery): Promise<TMetricsResponse> {
  return queryMetrics(ctx.services, ctx.actor.organizationId, query);
}

/** A metric per period with bands and flagged changes. */
export function getTrend(ctx: TServiceContext, query: TTrendQuery): Promise<TTrendResponse> {
  return queryTrend(ctx.services, ctx.actor.organizationId, query);
}

/** NPS, CSAT and CES now, before, and over the last periods. */
export function getScorecard(
  ctx: TServiceContext,
  query: TScorecardQuery,
): Promise<TScorecardResponse> {
  return queryScorecard(ctx.services, ctx.actor.organizationId, query);
}

/** Key drivers of an outcome from the cross-product rollups. */
export function getDrivers(ctx: TServiceContext, query: TDriversQuery): Promise<TDriversResponse> {
  return queryDrivers(ctx.services, ctx.actor.organizationId, query);
}

/** The latest period with enough data: the window every page opens on. */
export function getDefaultPeriod(
  ctx: TServiceContext,
  query: TDefaultPeriodQuery,
): Promise<TDefaultPeriodResponse> {
  return queryDefaultPeriod(ctx.services, ctx.actor.organizationId, query);
}

/** The numeric questions by their text. */
export function getQuestions(ctx: TServiceContext): Promise<TAnalyticsQuestionsResponse> {
  return queryQuestions(ctx.services, ctx.actor.organizationId);
}

/** The responses behind a figure, with the figure's filters. */
export function getDrillDown(
  ctx: TServiceContext,
  query: TDrillDownQuery,
): Promise<TDrillDownResponse> {
  return queryDrillDown(ctx.services, ctx.actor.organizationId, query);
}

/** Recomputes the organization's rollups from raw rows in one transaction, and audits it. */
export function rebuildRollups(ctx: TServiceContext): Promise<TRollupRebuildResult> {
  return rebuildOrganizationRollups(ctx.storage, ctx.actor.organizationId, (trx, summary) =>
    recordAudit(trx, ctx.actor, {
      action: 'rebuild',
      entity: 'rollups',
      entityId: null,
      details: { valueCells: summary.valueCells, crossProductCells: summary.crossProductCells },
    }),
  );
}
