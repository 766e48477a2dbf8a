/**
 * Key drivers from the cross-product rollups: the moment matrices of the cells that pass the
 * filters are summed in memory (only cells whose answer pattern holds the outcome and every driver,
 * which is exact listwise deletion over the variables asked for), then core computes relative
 * weights or Shapley values. The cost follows the number of cells, not respondents.
 */
import {
  AppError,
  invalidField,
  AnalyticsError,
  computeKeyDrivers,
  createCrossProducts,
  type TDriversQuery,
  type TDriversResponse,
} from '@touchstone/core';
import type { TServices } from '../composition/services.js';
import { loadAnalyticsModel } from './analytics-model.js';
import { type OrgCube } from './cube-store.js';
import { driverPriorityMatrix } from './driver-priority.js';
import { dayText, monthIndexOfDay, monthStart } from './periods.js';
import { resolveFilters } from './query-plan.js';
import { triangleIndex } from './rollup-deltas.js';

/** Question types taken as drivers when none are named. */
const DRIVER_TYPES = new Set(['rating', 'likert', 'matrix']);

/** Sums the moment sub-matrix of the chosen variables over the cells that pass the filters. */
function sumCrossProducts(
  cube: OrgCube,
  variables: readonly string[],
  surveys: ReadonlySet<string>,
  months: [number, number],
  touchpointAllowed: ((id: string) => boolean) | null,
  segmentAllowed: ((key: string) => boolean) | null,
) {
  const accumulator = createCrossProducts(variables);
  const cross = cube.cross;
  if (cross === null) return accumulator;
  const k = variables.length;
  // The moment matrix of [1, chosen variables], upper triangle row by row, summed over cells.
  const size = k + 1;
  const summed = new Float64Array(triangleIndex(size, k, k) + 1);
  // Per pattern: for each entry of `summed`, where it sits in that pattern's triangle (null when
  // the pattern lacks one of the variables: its respondents skipped it, listwise deletion).
  const sources = cube.patternVariables.map((pattern) => {
    const at = [0, ...variables.map((v) => pattern.indexOf(v) + 1)];
    if (at.slice(1).some((p) => p === 0)) return null;
    const from = new Int32Array(summed.length);
    for (let i = 0; i < size; i++) {
      for (let j = i; j < size; j++) {
        const a = at[i] ?? 0;
        const b = at[j] ?? 0;
        from[triangleIndex(size, i, j)] = triangleIndex(
          pattern.length + 1,
          Math.min(a, b),
          Math.max(a, b),
        );
      }
    }
    return from;
  });
  const surveyOk = cube.surveys.values.map((s) => surveys.has(s));
  const touchpointOk = cube.touchpoints.values.map((t) => touchpointAllowed?.(t) ?? true);
  const segmentOk = cube.segments.values.map((s) => segmentAllowed?.(s) ?? true);
  const { moments } = cross;
  for (let c = 0; c < cross.size; c++) {
    const from = sources[cross.pattern[c] as number];
    const month = cross.month[c] as number;
    if (!from || month < months[0] || month > months[1]) continue;
    if (!surveyOk[cross.survey[c] as number] || !touchpointOk[cross.touchpoint[c] as number]) {
      continue;
    }
    if (!segmentOk[cross.segment[c] as number]) continue;
    const base = cross.offset[c] as number;
    for (let e = 0; e < from.length; e++) {
      summed[e] = (summed[e] as number) + (moments[base + (from[e] as number)] as number);
    }
  }
  accumulator.n = summed[0] ?? 0;
  const { sums, crossProducts } = accumulator;
  for (let a = 0; a < k; a++) {
    sums[a] = summed[triangleIndex(size, 0, a + 1)] ?? 0;
    for (let b = a; b < k; b++) {
      const value = summed[triangleIndex(size, a + 1, b + 1)] ?? 0;
      crossProducts[a * k + b] = value;
      crossProducts[b * k + a] = value;
    }
  }
  return accumulator;
}

/** Relative weights (or Shapley values) of drivers of an outcome, from the rollups. */
export async function queryDrivers(
  services: TServices,
  orgId: string,
  q: TDriversQuery,
): Promise<TDriversResponse> {
  const model = await loadAnalyticsModel(services, orgId);
  const filters = resolveFilters(q, model);
  const { catalog } = model;
  const inScope = (surveyId: string) =>
    filters.surveyIds === null || filters.surveyIds.has(surveyId);
  const outcome =
    q.outcome ??
    [...catalog.byKey.values()].flat().find((i) => i.type === 'nps' && inScope(i.surveyId))?.key;
  if (outcome === undefined) {
    throw invalidField('query.outcome', 'no NPS question to use as the outcome; name one');
  }
  if (!catalog.byKey.has(outcome)) {
    throw invalidField('query.outcome', `no survey of this organization asks "${outcome}"`);
  }
  const outcomeInfos = (catalog.byKey.get(outcome) ?? []).filter((i) => inScope(i.surveyId));
  const surveys = new Set(outcomeInfos.map((i) => i.surveyId));
  const drivers = [
    ...new Set(
      q.drivers ??
        [...catalog.byKey.values()]
          .flat()
          // NPS, CSAT and CES are outcomes: by default none is offered as a driver of another.
          .filter((i) => surveys.has(i.surveyId) && i.key !== outcome && DRIVER_TYPES.has(i.type))
          .map((i) => i.key),
    ),
  ];
  drivers.forEach((key, i) => {
    if (!catalog.byKey.has(key)) {
      throw invalidField(`query.drivers.${i}`, `no survey of this organization asks "${key}"`);
    }
    if (key === outcome)
      throw invalidField(`query.drivers.${i}`, 'the outcome cannot drive itself');
  });
  if (drivers.length === 0) throw invalidField('query.drivers', 'no drivers to analyse');
  // Cross products are kept per month: the range widens to whole months.
  const { dayFrom, dayTo } = filters.cell;
  const months: [number, number] = [
    Number.isFinite(dayFrom) ? monthIndexOfDay(dayFrom) : -Infinity,
    Number.isFinite(dayTo) ? monthIndexOfDay(dayTo) : Infinity,
  ];
  const variables = [outcome, ...drivers];
  const accumulator = await services.cubes.read(orgId, { keys: [], cross: true }, (cube) =>
    sumCrossProducts(
      cube,
      variables,
      surveys,
      months,
      filters.cell.touchpointAllowed,
      filters.cell.segmentAllowed,
    ),
  );
  const range = {
    from: Number.isFinite(months[0]) ? dayText(monthStart(months[0])) : '',
    to: Number.isFinite(months[1]) ? dayText(monthStart(months[1] + 1) - 1) : '',
  };
  const minN = Math.max(q.minN, drivers.length + 2);
  const base = { outcome, method: q.method, ...range, n: accumulator.n, minN };
  if (accumulator.n < minN) {
    return { ...base, status: 'insufficient-data', r2: null, drivers: [], priorityMatrix: null };
  }
  try {
    const result = computeKeyDrivers(accumulator, { method: q.method });
    const rows = result.drivers.map((d) => ({
      key: d.name,
      weight: d.weight,
      rescaled: d.rescaled,
      correlation: d.correlation,
      performance: d.performance,
    }));
    const priorityMatrix = driverPriorityMatrix(rows, catalog, surveys);
    return { ...base, status: 'ok', r2: result.r2, drivers: rows, priorityMatrix };
  } catch (error) {
    if (!(error instanceof AnalyticsError)) throw error;
    const index = error.column === undefined ? -1 : drivers.indexOf(error.column);
    const field =
      index >= 0
        ? `query.drivers.${index}`
        : error.column === outcome
          ? 'query.outcome'
          : 'query.drivers';
    throw new AppError('validation_failed', error.message, [{ field, message: error.message }]);
  }
}
