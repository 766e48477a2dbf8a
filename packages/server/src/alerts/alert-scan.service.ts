/**
 * Runs the change scan of an organization and stores its findings as alerts: a finding of a
 * series that already has an alert for the same change (same direction, change dates within the
 * scan's tolerance) updates that alert; a new one is inserted open, with an `alert.raised`
 * event in the same transaction.
 */
import {
  newId,
  type ChangeFinding,
  type ChangeScanOptions,
  type TAlertScanResult,
} from '@touchstone/core';
import type { TAnalyticsModel } from '../analytics/analytics-model.js';
import type { CubeStore } from '../analytics/cube-store.js';
import {
  findJourneysForAnalytics,
  findSegmentAttributes,
  findStagesForAnalytics,
  findTouchpointsForAnalytics,
} from '../analytics/model.repository.js';
import { dayNumber } from '../analytics/periods.js';
import type { QuestionCatalogs } from '../analytics/question-catalog.js';
import { findRollupVersion } from '../analytics/rollups.repository.js';
import { appendEventsIn } from '../events/events.repository.js';
import type { TStorage } from '../storage/database.js';
import { parseJsonColumn } from '../storage/rows.js';
import type { TAlertsTable } from '../storage/schema.js';
import {
  findAlertScan,
  findAlertsOfSeries,
  insertAlert,
  updateAlertFigures,
  upsertAlertScan,
} from './alerts.repository.js';
import { scanCube, scannedKeys } from './organization-scan.js';

/** What a scan needs of the process: the database, the cubes and the question catalogs. */
export interface TScanDeps {
  storage: TStorage;
  cubes: CubeStore;
  catalogs: QuestionCatalogs;
}

/** The scan's thresholds (core's defaults; see CHANGES.md). */
export const ALERT_SCAN_OPTIONS: ChangeScanOptions = {};

/** The part of the analytics model a scan reads. */
export async function loadScanModel(deps: TScanDeps, orgId: string): Promise<TAnalyticsModel> {
  const { db } = deps.storage;
  const [catalog, touchpoints, stages, journeys, attributes] = await Promise.all([
    deps.catalogs.of(db, orgId),
    findTouchpointsForAnalytics(db, orgId),
    findStagesForAnalytics(db, orgId),
    findJourneysForAnalytics(db, orgId),
    findSegmentAttributes(db, orgId),
  ]);
  return {
    catalog,
    touchpoints: new Map(
      touchpoints.map((t) => [
        t.id,
        { id: t.id, name: t.name, stageId: t.stageId, journeyId: t.journeyId, teamId: t.teamId },
      ]),
    ),
    stages: new Map(stages.map((s) => [s.id, { name: s.name, journeyId: s.journeyId }])),
    journeys: new Map(journeys.map((j) => [j.id, j.name])),
    teams: new Map(),
    attributes: new Map(
      attributes.map((a) => [
        a.key,
        {
          type: a.type,
          options:
            a.type === 'boolean' ? ['false', 'true'] : parseJsonColumn<string[]>(a.optionsJson),
        },
      ]),
    ),
  };
}

/**
 * The identity of a finding's series across scans: its touchpoint and segment. The headline
 * measure may differ from one scan to the next; the change is the same.
 */
export function seriesKeyOf(finding: Pick<ChangeFinding, 'seriesId'>): string {
  return finding.seriesId;
}

/** Runs the scan; null when there is nothing to scan (no answers yet). */
export async function runChangeScan(
  deps: TScanDeps,
  orgId: string,
  options: ChangeScanOptions = ALERT_SCAN_OPTIONS,
) {
  const model = await loadScanModel(deps, orgId);
  const keys = scannedKeys(model);
  if (keys.length === 0) return null;
  return deps.cubes.read(orgId, { keys: keys.map((k) => k.key) }, (cube) =>
    scanCube(cube, model, keys, options),
  );
}

function figuresOf(f: ChangeFinding, now: string) {
  return {
    change_date: f.changeDate,
    before_json: JSON.stringify(f.before),
    after_json: JSON.stringify(f.after),
    effect_size: f.effectSize,
    p_value: f.pValue,
    adjusted_p_value: f.adjustedPValue,
    localisation_json: JSON.stringify({
      sharedBy: f.sharedBy,
      notAffected: f.notAffected,
      alsoChanged: f.alsoChanged,
    }),
    updated_at: now,
  };
}

function isSameChange(row: TAlertsTable, f: ChangeFinding, toleranceWeeks: number): boolean {
  if (row.direction !== f.direction) return false;
  return Math.abs(dayNumber(row.change_date) - dayNumber(f.changeDate)) <= 7 * toleranceWeeks;
}

/**
 * Scans an organization and stores what it found. Unless `force`, a scan of data that did not
 * change since the last scan (same rollup version) is skipped and returns null.
 */
export async function scanAndStoreAlerts(
  deps: TScanDeps,
  orgId: string,
  options: { now: Date; force?: boolean; scan?: ChangeScanOptions },
): Promise<TAlertScanResult | null> {
  const { db } = deps.storage;
  const version = await findRollupVersion(db, orgId);
  if (options.force !== true) {
    const last = await findAlertScan(db, orgId);
    if (last !== undefined && last.rollupVersion === version) return null;
  }
  const scanned = await runChangeScan(deps, orgId, options.scan ?? ALERT_SCAN_OPTIONS);
  const findings = scanned?.result.findings ?? [];
  const tolerance = scanned?.result.settings.dateToleranceWeeks ?? 4;
  const now = options.now.toISOString();
  let created = 0;
  let updated = 0;
  const alertIds: string[] = [];
  await db.transaction().execute(async (trx) => {
    const existing = await findAlertsOfSeries(trx, orgId, findings.map(seriesKeyOf));
    const events = [];
    for (const f of findings) {
      const seriesKey = seriesKeyOf(f);
      const match = existing.find(
        (row) => row.series_key === seriesKey && isSameChange(row, f, tolerance),
      );
      if (match !== undefined) {
        await updateAlertFigures(trx, orgId, match.id, figuresOf(f, now));
        updated += 1;
        alertIds.push(match.id);
        continue;
      }
      const id = newId();
      await insertAlert(trx, {
        id,
        organization_id: orgId,
        series_key: seriesKey,
        status: 'open',
        metric: f.metric,
        question_key: f.key,
        touchpoint_id: f.touchpoint,
        segment_json: JSON.stringify(f.segment),
        direction: f.direction,
        effect_unit: f.effectUnit,
        acknowledged_by: null,
        acknowledged_at: null,
        resolved_by: null,
        resolved_at: null,
        created_at: now,
        ...figuresOf(f, now),
      });
      created += 1;
      alertIds.push(id);
      events.push({
        id: newId(),
        organizationId: orgId,
        type: 'alert.raised' as const,
        subjectId: id,
        payloadJson: JSON.stringify({
          alertId: id,
          metric: f.metric,
          questionKey: f.key,
          touchpointId: f.touchpoint,
          segment: f.segment,
          changeDate: f.changeDate,
          direction: f.direction,
          before: f.before.value,
          after: f.after.value,
          effectSize: f.effectSize,
          effectUnit: f.effectUnit,
        }),
        at: now,
      });
    }
    await appendEventsIn(trx, events);
    await upsertAlertScan(trx, {
      organization_id: orgId,
      rollup_version: version,
      tested_series: scanned?.result.testedSeries ?? 0,
      findings: findings.length,
      scanned_at: now,
    });
  });
  return {
    testedSeries: scanned?.result.testedSeries ?? 0,
    findings: findings.length,
    created,
    updated,
    alertIds,
    scannedAt: now,
  };
}
