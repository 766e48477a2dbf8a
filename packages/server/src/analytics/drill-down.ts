/**
 * `GET /api/analytics/responses`: the responses behind a tile, a trend point, a heat-map cell or
 * a theme. The filters resolve exactly as the figure's did (touchpoints from stages and journeys,
 * segments by the same predicate over segment keys, the metric's (key, survey) pairs, a theme's
 * comments of the window), so the total is the figure's n.
 */
import { invalidField, type TDrillDownQuery, type TDrillDownResponse } from '@touchstone/core';
import { findThemeRow } from '../comments/themes.repository.js';
import type { TServices } from '../composition/services.js';
import { parseJsonColumn } from '../storage/rows.js';
import { loadAnalyticsModel } from './analytics-model.js';
import { questionListLabel } from './analytics-questions.js';
import { countDrillDownBySegment, findDrillDownResponses } from './drill-down.repository.js';
import { resolveFilters, resolveMeasure } from './query-plan.js';

/** The responses behind a figure: how many, and one page of them with their answers. */
export async function queryDrillDown(
  services: TServices,
  orgId: string,
  q: TDrillDownQuery,
): Promise<TDrillDownResponse> {
  const { db } = services.storage;
  const model = await loadAnalyticsModel(services, orgId);
  const filters = resolveFilters(q, model);
  const theme = q.theme === undefined ? undefined : await findThemeRow(db, orgId, q.theme);
  if (q.theme !== undefined && theme === undefined) {
    throw invalidField('query.theme', `no theme ${q.theme} in this organization`);
  }
  const measure =
    q.metric === 'count' && q.question === undefined
      ? null
      : resolveMeasure(q.metric, q.question, undefined, model, filters.surveyIds);
  const answered =
    measure === null
      ? null
      : new Map(measure.parts.map((p) => [p.key, [...p.slotBySurvey.keys()]] as const));
  const filter = {
    from: filters.from,
    to: filters.to,
    touchpointIds: filters.touchpointIds,
    surveyIds: filters.surveyIds === null ? null : [...filters.surveyIds],
    answered,
    themeId: theme?.id ?? null,
  };
  const bySegment = await countDrillDownBySegment(db, orgId, filter);
  const allowed = filters.cell.segmentAllowed;
  const kept = bySegment.filter((row) => allowed === null || allowed(row.segment_key));
  const total = kept.reduce((sum, row) => sum + Number(row.n), 0);
  const rows =
    total === 0
      ? []
      : await findDrillDownResponses(
          db,
          orgId,
          filter,
          allowed === null ? null : kept.map((r) => r.segment_key),
          q,
        );
  const keys = answered === null ? [] : [...answered.keys()];
  const labelOf = (key: string) =>
    questionListLabel(model.catalog.byKey.get(key)?.[0]?.label ?? '') || key;
  return {
    total,
    questions: keys.map((key) => ({ key, label: labelOf(key) })),
    theme: theme === undefined ? null : { id: theme.id, name: theme.name },
    items: rows.map((r) => {
      const values = parseJsonColumn<Record<string, number>>(r.values_json);
      return {
        id: r.id,
        surveyId: r.survey_id,
        surveyName: model.catalog.surveyNames.get(r.survey_id) ?? r.survey_id,
        touchpointId: r.touchpoint_id,
        touchpointName:
          r.touchpoint_id === null ? null : (model.touchpoints.get(r.touchpoint_id)?.name ?? null),
        day: r.day,
        submittedAt: r.submitted_at,
        values: Object.fromEntries(
          keys.flatMap((k) => (typeof values[k] === 'number' ? [[k, values[k]]] : [])),
        ),
      };
    }),
  };
}
