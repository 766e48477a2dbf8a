import { describe, expect, it } from 'vitest';
import {
  RESPONSE_COUNT_KEY,
  RollupDeltaBuilder,
  triangleIndex,
  type TRollupResponse,
} from './rollup-deltas.js';

const base = {
  organizationId: 'org',
  surveyId: 'survey',
  touchpointId: 'tp',
  day: '2026-01-05',
  segmentKey: 'tier=gold',
  complete: true,
};

const response = (values: [string, number][], extra: Partial<TRollupResponse> = {}) => ({
  ...base,
  ...extra,
  values: values.map(([key, value]) => ({ key, value })),
});

describe('rollup deltas of a batch', () => {
  it('sums a batch into one delta per cell, histogram for integer scores 0..10 only', () => {
    const deltas = new RollupDeltaBuilder()
      .addBatch({
        added: [
          response([['nps', 9]]),
          response([['nps', 2.5]]),
          response([['nps', 12]]),
          response([['nps', 9]], { day: '2026-01-06' }),
          response([['nps', 7]], { complete: false }),
        ],
      })
      .build();
    const cell = deltas.values.find((d) => d.questionKey === 'nps' && d.day === '2026-01-05');
    // 9, 2.5, 12 and the partial 7: n 4, sum 30.5, squares 81 + 6.25 + 144 + 49 = 280.25.
    expect(cell).toMatchObject({ n: 4, sum: 30.5, sumSq: 280.25 });
    expect(cell?.hist).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0]);
    expect(deltas.values.filter((d) => d.questionKey === 'nps')).toHaveLength(2);
    // The count key counts complete responses: 3 on the 5th, 1 on the 6th.
    const counts = deltas.values.filter((d) => d.questionKey === RESPONSE_COUNT_KEY);
    expect(counts.map((d) => [d.day, d.n])).toEqual([
      ['2026-01-05', 3],
      ['2026-01-06', 1],
    ]);
    expect(deltas.organizationIds).toEqual(['org']);
  });

  it('keeps the moment matrix of [1, x] per answer pattern, and subtracts removed responses', () => {
    const builder = new RollupDeltaBuilder();
    builder.add(
      response([
        ['b', 2],
        ['a', 1],
      ]),
      1,
    );
    builder.add(
      response([
        ['a', 3],
        ['b', 4],
      ]),
      1,
    );
    builder.add(response([['a', 5]]), 1);
    const { cross } = builder.build();
    const ab = cross.find((c) => c.variables.join() === 'a,b');
    // Rows (1, 2) and (3, 4): n 2, sums 4 and 6, squares 10 and 20, products 2 + 12 = 14.
    expect(Array.from(ab?.moments ?? [])).toEqual([2, 4, 6, 10, 14, 20]);
    expect(ab?.month).toBe('2026-01');
    expect(cross.find((c) => c.variables.join() === 'a')?.moments).toEqual(
      new Float64Array([1, 5, 25]),
    );
    expect(triangleIndex(3, 1, 2)).toBe(4);

    const undone = new RollupDeltaBuilder()
      .addBatch({
        added: [
          response([
            ['a', 3],
            ['b', 4],
          ]),
        ],
        removed: [
          response([
            ['a', 3],
            ['b', 4],
          ]),
        ],
      })
      .build();
    expect(undone.values.every((d) => d.n === 0 && d.sum === 0)).toBe(true);
    expect(Array.from(undone.cross[0]?.moments ?? [1])).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
