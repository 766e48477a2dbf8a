import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage, type TStorage } from '../storage/database.js';
import { migrateToLatest } from '../storage/migrate.js';
import { forEachValueRollupGroup } from './cube.repository.js';

const T = '2026-01-01T00:00:00.000Z';

/** A value rollup row's key and statistics, as the fixture writes it. */
type TCell = [survey: string, touchpoint: string, day: string, segment: string, ...stats: number[]];

/**
 * The fixture's cells of question key `nps`: two surveys, touchpoints with quotes and commas in
 * their ids, a leap day, segment keys that JSON must escape, and sums that are not integers.
 */
function fixtureCells(): TCell[] {
  const cells: TCell[] = [];
  const days = ['2024-02-28', '2024-02-29', '2024-03-01', '2025-12-31'];
  const segments = ['', 'traveller=business', 'city="Zürich", tier=1', 'note=a\\b\n'];
  let k = 0;
  for (const survey of ['s1', 's2'])
    for (const touchpoint of ['t1', 't,"2"'])
      for (const day of days)
        for (const segment of segments) {
          k++;
          const hist = Array.from({ length: 11 }, (_, b) => (k * (b + 3)) % 7);
          cells.push([survey, touchpoint, day, segment, k, k * 0.1 + 1 / 3, k * k * 1e-7, ...hist]);
        }
  return cells;
}

describe('value rollups read in packed groups (SQLite)', () => {
  let storage: TStorage;
  const cells = fixtureCells();

  beforeAll(async () => {
    storage = await openStorage(':memory:');
    await migrateToLatest(storage.db);
    for (const id of ['org', 'other']) {
      await storage.db
        .insertInto('organizations')
        .values({ id, name: id, slug: id, created_at: T, updated_at: T })
        .execute();
    }
    const row = (organization: string, key: string, c: TCell) => {
      const [survey, touchpoint, day, segment, n, sum, sumSq, ...hist] = c;
      return {
        organization_id: organization,
        question_key: key,
        survey_id: survey,
        touchpoint_id: touchpoint,
        day,
        segment_key: segment,
        n,
        sum,
        sum_sq: sumSq,
        ...Object.fromEntries(hist.map((h, b) => [`h${b}`, h])),
      };
    };
    const rows = [
      ...cells.map((c) => row('org', 'nps', c)),
      // Another key and another organization, which the reads must leave out.
      row('org', 'csat', cells[0] as TCell),
      row('other', 'nps', cells[1] as TCell),
    ];
    await storage.db
      .insertInto('rollup_values')
      .values(rows as never)
      .execute();
  });
  afterAll(() => storage.close());

  /** Every cell the reader gives, flattened back into the fixture's shape, sorted. */
  const read = async (pageRows: number) => {
    const seen: TCell[] = [];
    let groups = 0;
    await forEachValueRollupGroup(
      storage.db,
      'org',
      'nps',
      (group) => {
        groups++;
        for (const [day, segment, ...stats] of group.cells) {
          seen.push([group.surveyId, group.touchpointId, day, segment, ...stats]);
        }
      },
      pageRows,
    );
    return { cells: seen.sort(compareCells), groups };
  };

  it('gives every cell of the key exactly once, with its numbers unchanged, whatever the page', async () => {
    const expected = [...cells].sort(compareCells);
    for (const pageRows of [1, 7, 16, cells.length, cells.length + 1, 1000]) {
      const { cells: seen } = await read(pageRows);
      expect(seen, `pages of ${pageRows}`).toEqual(expected);
    }
  });

  it('packs each survey and touchpoint of a page into one group', async () => {
    // Four (survey, touchpoint) pairs of 16 cells: pages of 16 hold one pair each.
    expect((await read(16)).groups).toBe(4);
    expect((await read(1000)).groups).toBe(4);
    expect((await read(7)).groups).toBe(Math.ceil(64 / 7) + 3);
  });
});

function compareCells(a: TCell, b: TCell): number {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
