/**
 * The scorecard answer every engine must give: per month x touchpoint, the NPS counts (and from
 * them NPS with its 95% interval, computed by core for every baseline too, so that each path
 * produces the same finished figure). Counts are compared exactly before any time is shown.
 */
import { computeNps } from '@touchstone/core';

/** `month|touchpointId` -> [promoters, passives, detractors, n]. */
export type TScorecardCells = Map<string, [number, number, number, number]>;

export const SCORECARD_FROM = '2024-01-01';
export const SCORECARD_TO = '2025-12-31';

/** A row of a GROUP BY baseline. */
export interface TCountRow {
  month: string;
  touchpoint_id: string | null;
  promoters: number | string | bigint;
  passives: number | string | bigint;
  detractors: number | string | bigint;
  n: number | string | bigint;
}

/** Cells from GROUP BY rows, each finished into NPS with its interval as the engine does. */
export function cellsFromRows(rows: Iterable<TCountRow>): TScorecardCells {
  const cells: TScorecardCells = new Map();
  for (const r of rows) {
    const counts = {
      promoters: Number(r.promoters),
      passives: Number(r.passives),
      detractors: Number(r.detractors),
    };
    const nps = computeNps(counts);
    if (nps.status === 'ok' && !Number.isFinite(nps.interval.low)) throw new Error('bad interval');
    cells.set(`${r.month}|${r.touchpoint_id ?? ''}`, [
      counts.promoters,
      counts.passives,
      counts.detractors,
      Number(r.n),
    ]);
  }
  return cells;
}

/** The SQL GROUP BY of the baselines (SQLite, PostgreSQL and DuckDB accept it as written). */
export function groupBySql(placeholder: (i: number) => string): string {
  return `SELECT substr(day, 1, 7) AS month, touchpoint_id,
  SUM(CASE WHEN value >= 9 THEN 1 ELSE 0 END) AS promoters,
  SUM(CASE WHEN value >= 7 AND value < 9 THEN 1 ELSE 0 END) AS passives,
  SUM(CASE WHEN value < 7 THEN 1 ELSE 0 END) AS detractors,
  COUNT(*) AS n
FROM raw_answers
WHERE organization_id = ${placeholder(1)} AND question_key = 'nps'
  AND day >= ${placeholder(2)} AND day <= ${placeholder(3)}
GROUP BY substr(day, 1, 7), touchpoint_id`;
}

/** Throws, naming the first difference, unless two answers hold the same counts in every cell. */
export function assertSameCells(name: string, actual: TScorecardCells, expected: TScorecardCells) {
  if (actual.size !== expected.size) {
    throw new Error(`${name}: ${actual.size} cells, expected ${expected.size}`);
  }
  for (const [key, want] of expected) {
    const got = actual.get(key);
    if (!got || got.some((v, i) => v !== want[i])) {
      throw new Error(
        `${name}: cell ${key} is ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`,
      );
    }
  }
}

/** Total responses behind an answer. */
export function totalOf(cells: TScorecardCells): number {
  let total = 0;
  for (const [, , , n] of cells.values()) total += n;
  return total;
}
