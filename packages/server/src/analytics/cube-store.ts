/**
 * The in-memory cube of each organization: value cells per question key and cross-product cells,
 * loaded lazily from the rollup tables, kept current by this process's writes (after commit) and
 * checked against the organization's rollup version before every read, so that writes by other
 * processes (several servers on one PostgreSQL) are never missed: a stale cube is dropped and
 * reloaded in one consistent snapshot.
 */
import { parseJsonColumn } from '../storage/rows.js';
import type { TDb, TStorage } from '../storage/database.js';
import { CrossCells, Dictionary, ValueCells } from './cube-cells.js';
import {
  forEachCrossRollupPage,
  forEachValueRollupGroup,
  forEachValueRollupPage,
} from './cube.repository.js';
import { dayNumber, monthIndex, monthIndexOfDay, monthStart } from './periods.js';
import { HISTOGRAM_BINS, type TAppliedRollups } from './rollup-deltas.js';
import { findRollupVersion } from './rollups.repository.js';

/** One organization's cube. Dictionaries only grow, so codes stay valid across reloads. */
export class OrgCube {
  /** The rollup version the loaded cells reflect; -1 before the first load. */
  version = -1;
  readonly surveys = new Dictionary();
  readonly touchpoints = new Dictionary();
  readonly segments = new Dictionary();
  readonly patterns = new Dictionary();
  /** Variables of each pattern code. */
  readonly patternVariables: string[][] = [];
  readonly values = new Map<string, TKeyCells>();
  cross: CrossCells | null = null;

  /** Forgets every loaded cell (the dictionaries stay). */
  clear(): void {
    this.values.clear();
    this.cross = null;
  }

  patternCode(variables: string): number {
    const code = this.patterns.code(variables);
    if (code === this.patternVariables.length) {
      this.patternVariables.push(variables === '' ? [] : variables.split(','));
    }
    return code;
  }

  /** Bytes held by typed arrays. */
  get bytes(): number {
    let total = this.cross?.bytes ?? 0;
    for (const cells of this.values.values()) total += cells.days.bytes + cells.months.bytes;
    return total;
  }
}

/**
 * The cells of one question key at two granularities: by day, and summed by month (the day
 * column then holds the month's first day), which month and quarter queries over whole months
 * scan instead: about 30 times fewer cells for the same answer.
 */
export interface TKeyCells {
  days: ValueCells;
  months: ValueCells;
}

const firstDays = new Map<number, number>();

/** The first day of the month of a day number (memoised: a few thousand distinct days). */
export function firstDayOfMonth(dayNum: number): number {
  let first = firstDays.get(dayNum);
  if (first === undefined) {
    first = monthStart(monthIndexOfDay(dayNum));
    if (firstDays.size > 100_000) firstDays.clear();
    firstDays.set(dayNum, first);
  }
  return first;
}

/** What a read needs loaded. */
export interface TCubeNeeds {
  keys: readonly string[];
  cross?: boolean;
}

/** Cubes of one open database, with a lock per organization (loads and applies never interleave). */
export class CubeStore {
  private readonly cubes = new Map<string, OrgCube>();
  private readonly locks = new Map<string, Promise<unknown>>();

  /**
   * Brings the cubes up to date with this process's commits (the dispatcher handing the cube
   * their pending events) before a read compares versions: otherwise a read right after a write
   * would find the cube one version behind and reload it whole. Costs nothing when none wait.
   */
  catchUp: (() => Promise<void>) | null = null;
  /**
   * The same for every process's commits (reads the outbox's head): a read that finds a loaded
   * cube behind the stored version waits for it once before reloading.
   */
  catchUpAll: (() => Promise<void>) | null = null;

  constructor(private readonly storage: TStorage) {}

  /**
   * Runs `work` on the organization's cube once the needed partitions are loaded and current.
   * `work` is synchronous and runs under the lock, so nothing changes the cube beneath it.
   */
  async read<T>(orgId: string, needs: TCubeNeeds, work: (cube: OrgCube) => T): Promise<T> {
    // Outside the lock: the events it waits for are applied under it.
    if (this.catchUp !== null) await this.catchUp();
    let waited = false;
    for (;;) {
      const outcome = await this.withLock(orgId, async () => {
        const cube = this.cubeOf(orgId);
        const stored = await findRollupVersion(this.storage.db, orgId);
        // Another process wrote: its events may be on their way, cheaper than a reload.
        const behind = cube.version >= 0 && stored > cube.version;
        if (behind && !waited && this.catchUpAll !== null) return null;
        await this.ensure(orgId, cube, needs, stored);
        return { value: work(cube) };
      });
      if (outcome !== null) return outcome.value;
      waited = true;
      await this.catchUpAll?.();
    }
  }

  /** Applies a committed batch to the loaded cubes whose version it directly follows. */
  apply(applied: TAppliedRollups): Promise<void> {
    const work = [...applied.versions].map(([orgId, version]) =>
      this.withLock(orgId, () => {
        const cube = this.cubes.get(orgId);
        if (!cube) return Promise.resolve();
        if (cube.version === version - 1) {
          applyDeltas(cube, orgId, applied);
          cube.version = version;
        }
        // Older than version - 1: another process wrote in between; the next read reloads.
        // Newer: a load already saw this batch.
        return Promise.resolve();
      }),
    );
    return Promise.all(work).then(() => undefined);
  }

  /** True when some organization's cube is in memory. */
  holdsAny(): boolean {
    return this.cubes.size > 0;
  }

  /** True when the organization's cube is in memory (a write then has cells to add to). */
  holds(orgId: string): boolean {
    return this.cubes.has(orgId);
  }

  /** Forgets an organization's cube (after a rebuild in this process, say). */
  forget(orgId: string): void {
    this.cubes.delete(orgId);
  }

  /** Bytes held by every cube's arrays. */
  get bytes(): number {
    let total = 0;
    for (const cube of this.cubes.values()) total += cube.bytes;
    return total;
  }

  private cubeOf(orgId: string): OrgCube {
    let cube = this.cubes.get(orgId);
    if (!cube) {
      cube = new OrgCube();
      this.cubes.set(orgId, cube);
    }
    return cube;
  }

  private withLock<T>(orgId: string, run: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(orgId) ?? Promise.resolve();
    const next = previous.then(run, run);
    const settled = next.catch(() => undefined);
    this.locks.set(orgId, settled);
    void settled.then(() => {
      if (this.locks.get(orgId) === settled) this.locks.delete(orgId);
    });
    return next;
  }

  private async ensure(
    orgId: string,
    cube: OrgCube,
    needs: TCubeNeeds,
    storedVersion: number,
  ): Promise<void> {
    const db = this.storage.db;
    if (storedVersion !== cube.version) cube.clear();
    const missing = needs.keys.filter((k) => !cube.values.has(k));
    if (missing.length === 0 && !(needs.cross === true && cube.cross === null)) return;
    await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        // The version and the cells come from one snapshot.
        const version = await findRollupVersion(trx, orgId);
        let keys = missing;
        let loadCross = needs.cross === true && cube.cross === null;
        if (version !== cube.version) {
          cube.clear();
          keys = [...needs.keys];
          loadCross = needs.cross === true;
        }
        for (const key of keys) {
          cube.values.set(key, await loadKeyCells(this.storage.dialect, trx, cube, orgId, key));
        }
        if (loadCross) {
          const cross = new CrossCells();
          await forEachCrossRollupPage(trx, orgId, (rows) => {
            for (const r of rows) {
              cross.add(
                r.cell_id,
                {
                  survey: cube.surveys.code(r.survey_id),
                  touchpoint: cube.touchpoints.code(r.touchpoint_id),
                  month: monthIndex(r.month),
                  segment: cube.segments.code(r.segment_key),
                  pattern: cube.patternCode(r.variables),
                },
                parseJsonColumn<number[]>(r.moments_json),
              );
            }
          });
          cube.cross = cross;
        }
        cube.version = version;
      });
  }
}

/** A question key's cells at both granularities, read from its value rollups. */
async function loadKeyCells(
  dialect: TStorage['dialect'],
  db: TDb,
  cube: OrgCube,
  orgId: string,
  key: string,
): Promise<TKeyCells> {
  const days = new ValueCells();
  const months = new ValueCells();
  const put = (
    survey: number,
    touchpoint: number,
    day: number,
    segment: number,
    n: number,
    sum: number,
    sumSq: number,
    hist: ArrayLike<number>,
  ) => {
    days.add(days.push(survey, touchpoint, day, segment), n, sum, sumSq, hist);
    const month = months.cell(survey, touchpoint, firstDayOfMonth(day), segment);
    months.add(month, n, sum, sumSq, hist);
  };
  if (dialect === 'sqlite') {
    const hist = new Array<number>(HISTOGRAM_BINS).fill(0);
    /** Day numbers by day text (a key holds each day many times). */
    const dayNumbers = new Map<string, number>();
    await forEachValueRollupGroup(db, orgId, key, (group) => {
      const survey = cube.surveys.code(group.surveyId);
      const touchpoint = cube.touchpoints.code(group.touchpointId);
      for (const c of group.cells) {
        let day = dayNumbers.get(c[0]);
        if (day === undefined) {
          day = dayNumber(c[0]);
          dayNumbers.set(c[0], day);
        }
        for (let b = 0; b < HISTOGRAM_BINS; b++) hist[b] = (c[5 + b] as number | undefined) ?? 0;
        const segment = cube.segments.code(c[1]);
        put(survey, touchpoint, day, segment, c[2] ?? 0, c[3] ?? 0, c[4] ?? 0, hist);
      }
    });
  } else {
    await forEachValueRollupPage(db, orgId, key, (rows) => {
      for (const r of rows) {
        const hist = [r.h0, r.h1, r.h2, r.h3, r.h4, r.h5, r.h6, r.h7, r.h8, r.h9, r.h10].map(
          Number,
        );
        put(
          cube.surveys.code(r.survey_id),
          cube.touchpoints.code(r.touchpoint_id),
          dayNumber(r.day),
          cube.segments.code(r.segment_key),
          Number(r.n),
          Number(r.sum),
          Number(r.sum_sq),
          hist,
        );
      }
    });
  }
  days.trim();
  months.trim();
  return { days, months };
}

function applyDeltas(cube: OrgCube, orgId: string, applied: TAppliedRollups): void {
  for (const d of applied.deltas.values) {
    if (d.organizationId !== orgId) continue;
    const cells = cube.values.get(d.questionKey);
    if (!cells) continue;
    const survey = cube.surveys.code(d.surveyId);
    const touchpoint = cube.touchpoints.code(d.touchpointId);
    const segment = cube.segments.code(d.segmentKey);
    const day = dayNumber(d.day);
    const hist = d.hist.length === HISTOGRAM_BINS ? d.hist : [];
    cells.days.add(cells.days.cell(survey, touchpoint, day, segment), d.n, d.sum, d.sumSq, hist);
    const month = cells.months.cell(survey, touchpoint, firstDayOfMonth(day), segment);
    cells.months.add(month, d.n, d.sum, d.sumSq, hist);
  }
  if (cube.cross === null) return;
  for (const d of applied.deltas.cross) {
    if (d.organizationId !== orgId) continue;
    cube.cross.add(
      d.cellId,
      {
        survey: cube.surveys.code(d.surveyId),
        touchpoint: cube.touchpoints.code(d.touchpointId),
        month: monthIndex(d.month),
        segment: cube.segments.code(d.segmentKey),
        pattern: cube.patternCode(d.variables.join(',')),
      },
      d.moments,
    );
  }
}
