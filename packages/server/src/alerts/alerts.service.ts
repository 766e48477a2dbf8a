/**
 * Alerts as the API serves them: the list (newest change first, then largest), one alert with
 * its evidence, status moves (only the legal ones), the weekly series for the chart, and the
 * scan on demand.
 */
import {
  ALERT_TRANSITIONS,
  AppError,
  notFound,
  pipeText,
  scopeCovers,
  standardisedEffect,
  type ChangeMeasureChange,
  describeChangeSide,
  type ChangeRelated,
  type ChangeSide,
  type TAlert,
  type TAlertDetail,
  type TAlertListQuery,
  type TAlertRelated,
  type TAlertScanResult,
  type TAlertSeries,
  type TAlertStatus,
  type TAlertStatusUpdate,
} from '@touchstone/core';
import type { TServiceContext } from '../auth/actor.js';
import type { TAnalyticsModel } from '../analytics/analytics-model.js';
import { dayText } from '../analytics/periods.js';
import { parseJsonColumn } from '../storage/rows.js';
import type { TAlertsTable } from '../storage/schema.js';
import { alertThemeEvidence } from './alert-themes.js';
import { loadScanModel, scanAndStoreAlerts } from './alert-scan.service.js';
import { findAlert, listAlertRows, updateAlertStatusIf } from './alerts.repository.js';
import { keyAtoms, scannedKeys, scanWeeks } from './organization-scan.js';

/** Touchpoint and segment in words. */
export function scopeLabel(
  model: TAnalyticsModel,
  touchpointId: string | null,
  segment: Record<string, string>,
): string {
  const parts = [
    touchpointId === null
      ? 'All touchpoints'
      : (model.touchpoints.get(touchpointId)?.name ?? touchpointId),
  ];
  for (const key of Object.keys(segment).sort()) parts.push(`${key} = ${segment[key] ?? ''}`);
  return parts.join(' x ');
}

function touchpointRef(model: TAnalyticsModel, id: string | null) {
  return id === null ? null : { id, name: model.touchpoints.get(id)?.name ?? id };
}

/** How large a change reads for ordering (core's standardised effect). */
function magnitude(row: Pick<TAlertsTable, 'effect_size' | 'effect_unit'>): number {
  return standardisedEffect({
    effectSize: row.effect_size,
    effectUnit: row.effect_unit === 'nps-points' ? 'nps-points' : 'cohens-d',
  });
}

/**
 * A question's text as an alert shows it: piped with the alert's touchpoint ("How satisfied were
 * you with the Lounge bar?"), other placeholders dropped, never the raw template.
 */
export function questionLabelOf(
  model: TAnalyticsModel,
  key: string,
  touchpointId: string | null,
): string | null {
  const label = model.catalog.byKey.get(key)?.[0]?.label;
  if (label === undefined) return null;
  const touchpoint = touchpointRef(model, touchpointId);
  const piped = pipeText(label, {
    touchpoint: touchpoint ?? { name: 'this touchpoint' },
    hidden: {},
  });
  return piped
    .replace(/\s+([?.!,])/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

function toAlert(row: TAlertsTable, model: TAnalyticsModel): TAlert {
  const segment = parseJsonColumn<Record<string, string>>(row.segment_json);
  return {
    id: row.id,
    status: row.status as TAlertStatus,
    metric: row.metric,
    questionKey: row.question_key,
    questionLabel: questionLabelOf(model, row.question_key, row.touchpoint_id),
    touchpoint: touchpointRef(model, row.touchpoint_id),
    segment,
    label: scopeLabel(model, row.touchpoint_id, segment),
    changeDate: row.change_date,
    direction: row.direction === 'up' ? 'up' : 'down',
    before: parseJsonColumn<ChangeSide>(row.before_json),
    after: parseJsonColumn<ChangeSide>(row.after_json),
    effectSize: row.effect_size,
    effectUnit: row.effect_unit === 'nps-points' ? 'nps-points' : 'cohens-d',
    pValue: row.p_value,
    adjustedPValue: row.adjusted_p_value,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    acknowledgedBy: row.acknowledged_by,
    acknowledgedAt: row.acknowledged_at,
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at,
  };
}

/** The organization's alerts: newest change first, then the largest. */
export async function listAlerts(
  ctx: TServiceContext,
  query: TAlertListQuery,
): Promise<{ items: TAlert[] }> {
  const orgId = ctx.actor.organizationId;
  const rows = await listAlertRows(ctx.storage.db, orgId, query.status);
  rows.sort(
    (a, b) =>
      (a.change_date < b.change_date ? 1 : a.change_date > b.change_date ? -1 : 0) ||
      magnitude(b) - magnitude(a) ||
      (a.id < b.id ? -1 : 1),
  );
  const model = await loadScanModel(ctx.services, orgId);
  return { items: rows.slice(0, query.limit).map((row) => toAlert(row, model)) };
}

async function getRow(ctx: TServiceContext, id: string): Promise<TAlertsTable> {
  const row = await findAlert(ctx.storage.db, ctx.actor.organizationId, id);
  if (row === undefined) throw notFound('alert', id);
  return row;
}

/** One alert with its localisation, the themes that changed with it and example comments. */
export async function getAlert(ctx: TServiceContext, id: string): Promise<TAlertDetail> {
  const row = await getRow(ctx, id);
  const model = await loadScanModel(ctx.services, ctx.actor.organizationId);
  const localisation = parseJsonColumn<{
    sharedBy: ChangeRelated[];
    notAffected: ChangeRelated[];
    alsoChanged?: ChangeMeasureChange[];
  }>(row.localisation_json);
  const related = (r: ChangeRelated): TAlertRelated => ({
    touchpoint: touchpointRef(model, r.touchpoint),
    segment: { ...r.segment },
    label: scopeLabel(model, r.touchpoint, { ...r.segment }),
    before: r.before,
    after: r.after,
    nBefore: r.nBefore,
    nAfter: r.nAfter,
    pValue: r.pValue,
  });
  const alert = toAlert(row, model);
  const evidence = await alertThemeEvidence(ctx.storage, {
    organizationId: row.organization_id,
    touchpointId: row.touchpoint_id,
    segment: alert.segment,
    changeDate: row.change_date,
  });
  return {
    ...alert,
    alsoChanged: (localisation.alsoChanged ?? []).map((m) => ({
      metric: m.metric,
      questionKey: m.key,
      questionLabel: questionLabelOf(model, m.key, row.touchpoint_id),
      changeDate: m.changeDate,
      before: m.before,
      after: m.after,
      effectSize: m.effectSize,
      effectUnit: m.effectUnit,
      adjustedPValue: m.adjustedPValue,
    })),
    sharedBy: localisation.sharedBy.map(related),
    notAffected: localisation.notAffected.map(related),
    themes: evidence.themes,
    examples: evidence.examples,
  };
}

/** Moves an alert's status; a move the status does not allow is a 409. */
export async function updateAlertStatus(
  ctx: TServiceContext,
  id: string,
  body: TAlertStatusUpdate,
): Promise<TAlert> {
  const row = await getRow(ctx, id);
  const from = row.status as TAlertStatus;
  if (!ALERT_TRANSITIONS[from].includes(body.status)) {
    throw new AppError('conflict', `an ${from} alert cannot become ${body.status}`);
  }
  const now = new Date().toISOString();
  const who = ctx.actor.label;
  const patch = {
    status: body.status,
    updated_at: now,
    acknowledged_by: body.status === 'acknowledged' ? who : row.acknowledged_by,
    acknowledged_at: body.status === 'acknowledged' ? now : row.acknowledged_at,
    resolved_by: body.status === 'resolved' ? who : body.status === 'open' ? null : row.resolved_by,
    resolved_at: body.status === 'resolved' ? now : body.status === 'open' ? null : row.resolved_at,
  };
  if (body.status === 'open') {
    patch.acknowledged_by = null;
    patch.acknowledged_at = null;
  }
  const moved = await updateAlertStatusIf(ctx.storage.db, row.organization_id, id, from, patch);
  if (!moved) throw new AppError('conflict', `alert ${id} changed status meanwhile; reload it`);
  const model = await loadScanModel(ctx.services, row.organization_id);
  return toAlert({ ...row, ...patch }, model);
}

/** Runs the scan now, over the data as it stands. */
export async function scanAlertsNow(ctx: TServiceContext): Promise<TAlertScanResult> {
  const result = await scanAndStoreAlerts(ctx.services, ctx.actor.organizationId, {
    now: new Date(),
    force: true,
  });
  if (result === null) throw new AppError('internal', 'a forced scan returned no result');
  return result;
}

/** The weekly series of an alert's scope with 95% intervals, over the weeks the scan reads. */
export async function alertSeries(ctx: TServiceContext, id: string): Promise<TAlertSeries> {
  const row = await getRow(ctx, id);
  const orgId = row.organization_id;
  const model = await loadScanModel(ctx.services, orgId);
  const scanned = scannedKeys(model).find((k) => k.key === row.question_key);
  const kind = row.metric === 'nps' ? 'nps' : 'mean';
  if (scanned === undefined) return { alertId: id, changeDate: row.change_date, kind, weeks: [] };
  const scope = {
    touchpoint: row.touchpoint_id,
    segment: parseJsonColumn<Record<string, string>>(row.segment_json),
  };
  const attributes = new Set(model.attributes.keys());
  const weeks = await ctx.services.cubes.read(orgId, { keys: [scanned.key] }, (cube) => {
    const range = scanWeeks(cube, [scanned]);
    if (range === null) return [];
    const atoms = keyAtoms(cube, scanned, range, attributes).filter((a) => scopeCovers(scope, a));
    return Array.from({ length: range.weekCount }, (_, w) => {
      let n = 0;
      let sum = 0;
      let sumSq = 0;
      for (const atom of atoms) {
        n += atom.weeks.n[w] ?? 0;
        sum += atom.weeks.sum[w] ?? 0;
        sumSq += atom.weeks.sumSq[w] ?? 0;
      }
      const weekStart = dayText(range.firstWeekDay + 7 * w);
      if (n < 3) return { weekStart, n, value: null, low: null, high: null };
      const side = describeChangeSide(kind, { n, sum, sumSq });
      return { weekStart, n, value: side.value, low: side.interval.low, high: side.interval.high };
    });
  });
  return { alertId: id, changeDate: row.change_date, kind, weeks };
}
