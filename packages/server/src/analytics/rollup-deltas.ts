/**
 * Turns a batch of stored (or removed) responses into rollup deltas, aggregated in memory so that
 * each rollup cell is written once per batch. Pure: no I/O.
 */
import { createHash } from 'node:crypto';

/** The pseudo question key whose cells count complete responses (n only). */
export const RESPONSE_COUNT_KEY = '$response';

/** Scores 0..10 are counted in the histogram; other values only in n, sum and sum of squares. */
export const HISTOGRAM_BINS = 11;

/** What one response contributes to the rollups: its dimensions and its numeric answers. */
export interface TRollupResponse {
  organizationId: string;
  surveyId: string;
  touchpointId: string | null;
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  segmentKey: string;
  /** Complete responses are counted under {@link RESPONSE_COUNT_KEY}. */
  complete: boolean;
  /** The numeric answers as stored in `response_values` (raw, not reverse-coded). */
  values: readonly { readonly key: string; readonly value: number }[];
}

/**
 * A batch as the response writer hands it over: responses whose contribution is added, and (for
 * updates and erasures) the previous contribution of responses to subtract.
 */
export interface TRollupBatch {
  added: readonly TRollupResponse[];
  removed?: readonly TRollupResponse[];
}

/** The change of one `rollup_values` cell. */
export interface TValueDelta {
  organizationId: string;
  questionKey: string;
  surveyId: string;
  /** '' when the response has no touchpoint. */
  touchpointId: string;
  day: string;
  segmentKey: string;
  n: number;
  sum: number;
  sumSq: number;
  hist: number[];
}

/** The change of one `rollup_cross_products` cell: the moment matrix of [1, x1..xk]. */
export interface TCrossDelta {
  organizationId: string;
  cellId: string;
  surveyId: string;
  touchpointId: string;
  /** `YYYY-MM`. */
  month: string;
  segmentKey: string;
  /** The answered numeric keys, sorted by code unit. */
  variables: string[];
  /** Upper triangle, row by row, of the (k+1) x (k+1) moment matrix; entry 0 is n. */
  moments: Float64Array;
}

/** Deltas of a batch, per organization. */
export interface TRollupDeltas {
  values: TValueDelta[];
  cross: TCrossDelta[];
  organizationIds: string[];
}

/** What a batch changed: the deltas and each organization's new rollup version. */
export interface TAppliedRollups {
  deltas: TRollupDeltas;
  versions: ReadonlyMap<string, number>;
}

/** Entries of the upper triangle of a (k+1) x (k+1) matrix. */
export function triangleSize(variableCount: number): number {
  return ((variableCount + 1) * (variableCount + 2)) / 2;
}

/** Position of entry (i, j), i <= j, of the upper triangle of a size x size matrix, row by row. */
export function triangleIndex(size: number, i: number, j: number): number {
  return i * size - (i * (i - 1)) / 2 + (j - i);
}

/** The short key of a cross-product cell: a hash, since the variable list can be long. */
export function crossCellId(
  surveyId: string,
  touchpointId: string,
  month: string,
  segmentKey: string,
  variables: readonly string[],
): string {
  return createHash('sha256')
    .update(JSON.stringify([surveyId, touchpointId, month, segmentKey, variables]))
    .digest('base64url')
    .slice(0, 24);
}

/** Cell ids by their parts: a batch repeats few answer patterns, and hashing is the cost. */
const cellIds = new Map<string, string>();
const MAX_CACHED_CELL_IDS = 50_000;

function cachedCellId(
  surveyId: string,
  touchpointId: string,
  month: string,
  segmentKey: string,
  variables: readonly string[],
): string {
  const parts = `${surveyId}${SEP}${touchpointId}${SEP}${month}${SEP}${segmentKey}${SEP}${variables.join(SEP)}`;
  let id = cellIds.get(parts);
  if (id === undefined) {
    if (cellIds.size >= MAX_CACHED_CELL_IDS) cellIds.clear();
    id = crossCellId(surveyId, touchpointId, month, segmentKey, variables);
    cellIds.set(parts, id);
  }
  return id;
}

/** Code-unit order, the same on every machine and in both databases' binary collations. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const SEP = '\u0001';

/** A response's numeric answers, the last value of each key kept, keys in first-seen order. */
interface TAnswered {
  keys: string[];
  values: number[];
}

/** A list of answered keys sorted, and where each sorted key sits in the list. */
interface TVariables {
  keys: readonly string[];
  variables: string[];
  order: number[];
}

/**
 * The cells of one organization, survey, touchpoint and segment: value cells by day, and the
 * last cross-product cell used, since consecutive responses mostly share it.
 */
interface TDimensions {
  organizationId: string;
  surveyId: string;
  touchpointId: string;
  segmentKey: string;
  byDay: Map<string, Map<string, TValueDelta>>;
  variables: TVariables | null;
  cross: TCrossDelta | null;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The finite numeric answers of a response into `into` (emptied first); a key given twice keeps
 * its last finite value.
 */
function answeredValues(response: TRollupResponse, into: TAnswered): TAnswered {
  const { keys, values } = into;
  // Written over in place and cut to length at the end: emptying an array drops its storage.
  let count = 0;
  for (const { key, value } of response.values) {
    if (!Number.isFinite(value)) continue;
    let at = 0;
    while (at < count && keys[at] !== key) at++;
    if (at === count) {
      keys[count] = key;
      count++;
    }
    values[at] = value;
  }
  if (keys.length !== count) {
    keys.length = count;
    values.length = count;
  }
  return into;
}

/** Accumulates response contributions (with sign +1 or -1) into per-cell deltas. */
export class RollupDeltaBuilder {
  /**
   * Value deltas by the response's cell dimensions, then day, then question key; the last
   * dimensions used are kept at hand, so that the long key is built only when they change.
   */
  private readonly dimensions = new Map<string, TDimensions>();
  private last: TDimensions | null = null;
  private readonly cross = new Map<string, TCrossDelta>();
  private readonly organizations = new Set<string>();
  /** The answers of the response being added, and its cross-product row: reused, not kept. */
  private readonly answered: TAnswered = { keys: [], values: [] };
  private readonly row: number[] = [];

  /** `valueCells: false` sums cross products only (the rebuild computes value cells in SQL). */
  constructor(private readonly options: { valueCells?: boolean } = {}) {}

  /** Adds (sign 1) or subtracts (sign -1) one response's contribution. */
  add(response: TRollupResponse, sign: 1 | -1): void {
    const dims = this.dimensionsOf(response);
    const valueCells = this.options.valueCells ?? true;
    const cells = valueCells ? this.cellsOf(dims, response.day) : null;
    if (response.complete && cells !== null) {
      this.addValue(cells, dims, response.day, RESPONSE_COUNT_KEY, null, sign);
    }
    // The last value of a key wins, as `values_json` (an object by key) keeps one.
    const answered = answeredValues(response, this.answered);
    if (answered.keys.length === 0) return;
    if (cells !== null) {
      for (let i = 0; i < answered.keys.length; i++) {
        const key = answered.keys[i] ?? '';
        this.addValue(cells, dims, response.day, key, answered.values[i] ?? 0, sign);
      }
    }
    this.addCross(dims, response.day, answered, sign);
  }

  /** Adds every response of a batch: added ones with +1, removed ones with -1. */
  addBatch(batch: TRollupBatch): this {
    for (const response of batch.removed ?? []) this.add(response, -1);
    for (const response of batch.added) this.add(response, 1);
    return this;
  }

  /** The deltas, one per cell touched. */
  build(): TRollupDeltas {
    const values: TValueDelta[] = [];
    for (const dims of this.dimensions.values()) {
      for (const cells of dims.byDay.values()) values.push(...cells.values());
    }
    return {
      values,
      cross: [...this.cross.values()],
      organizationIds: [...this.organizations],
    };
  }

  private dimensionsOf(response: TRollupResponse): TDimensions {
    const touchpointId = response.touchpointId ?? '';
    const last = this.last;
    if (
      last !== null &&
      last.organizationId === response.organizationId &&
      last.surveyId === response.surveyId &&
      last.touchpointId === touchpointId &&
      last.segmentKey === response.segmentKey
    ) {
      return last;
    }
    const id = `${response.organizationId}${SEP}${response.surveyId}${SEP}${touchpointId}${SEP}${response.segmentKey}`;
    let dims = this.dimensions.get(id);
    if (dims === undefined) {
      dims = {
        organizationId: response.organizationId,
        surveyId: response.surveyId,
        touchpointId,
        segmentKey: response.segmentKey,
        byDay: new Map(),
        variables: null,
        cross: null,
      };
      this.dimensions.set(id, dims);
      this.organizations.add(response.organizationId);
    }
    this.last = dims;
    return dims;
  }

  /** The value deltas of a day's cell, by question key. */
  private cellsOf(dims: TDimensions, day: string): Map<string, TValueDelta> {
    let cells = dims.byDay.get(day);
    if (!cells) {
      cells = new Map();
      dims.byDay.set(day, cells);
    }
    return cells;
  }

  private addValue(
    cells: Map<string, TValueDelta>,
    dims: TDimensions,
    day: string,
    questionKey: string,
    value: number | null,
    sign: 1 | -1,
  ): void {
    let delta = cells.get(questionKey);
    if (!delta) {
      delta = {
        organizationId: dims.organizationId,
        questionKey,
        surveyId: dims.surveyId,
        touchpointId: dims.touchpointId,
        day,
        segmentKey: dims.segmentKey,
        n: 0,
        sum: 0,
        sumSq: 0,
        hist: new Array<number>(HISTOGRAM_BINS).fill(0),
      };
      cells.set(questionKey, delta);
    }
    delta.n += sign;
    if (value === null) return;
    delta.sum += sign * value;
    delta.sumSq += sign * value * value;
    if (Number.isInteger(value) && value >= 0 && value < HISTOGRAM_BINS) {
      delta.hist[value] = (delta.hist[value] ?? 0) + sign;
    }
  }

  /**
   * The answered keys sorted (kept from the last response of these dimensions when the same;
   * `answered` is reused for the next response, so a new list keeps a copy).
   */
  private variablesOf(dims: TDimensions, answered: readonly string[]): TVariables {
    if (dims.variables !== null && sameStrings(dims.variables.keys, answered)) {
      return dims.variables;
    }
    const keys = [...answered];
    const order = keys
      .map((_, i) => i)
      .sort((a, b) => compareCodeUnits(keys[a] ?? '', keys[b] ?? ''));
    const variables = order.map((i) => keys[i] ?? '');
    dims.variables = { keys, variables, order };
    dims.cross = null;
    return dims.variables;
  }

  private addCross(dims: TDimensions, day: string, answered: TAnswered, sign: 1 | -1): void {
    const { variables, order } = this.variablesOf(dims, answered.keys);
    let delta = dims.cross;
    // The day's month is its first 7 characters (`YYYY-MM`).
    if (delta === null || !day.startsWith(delta.month) || delta.variables !== variables) {
      const month = day.slice(0, 7);
      const cellId = cachedCellId(
        dims.surveyId,
        dims.touchpointId,
        month,
        dims.segmentKey,
        variables,
      );
      const key = `${dims.organizationId}${SEP}${cellId}`;
      delta = this.cross.get(key) ?? null;
      if (delta === null) {
        delta = {
          organizationId: dims.organizationId,
          cellId,
          surveyId: dims.surveyId,
          touchpointId: dims.touchpointId,
          month,
          segmentKey: dims.segmentKey,
          variables,
          moments: new Float64Array(triangleSize(variables.length)),
        };
        this.cross.set(key, delta);
      }
      dims.cross = delta;
    }
    const row = this.row;
    row.length = order.length;
    for (let k = 0; k < order.length; k++) row[k] = answered.values[order[k] ?? 0] ?? 0;
    addMomentRow(delta.moments, row, sign);
  }
}

/** Adds sign * [1, x] [1, x]^T to an upper-triangle moment matrix, in place. */
export function addMomentRow(moments: Float64Array, x: readonly number[], sign: number): void {
  const size = x.length + 1;
  let index = 0;
  for (let i = 0; i < size; i++) {
    const xi = i === 0 ? 1 : (x[i - 1] ?? 0);
    for (let j = i; j < size; j++) {
      const xj = j === 0 ? 1 : (x[j - 1] ?? 0);
      moments[index] = (moments[index] ?? 0) + sign * xi * xj;
      index++;
    }
  }
}
