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

  it('equals a cell-by-cell sum however responses interleave dimensions, months and key orders', () => {
    // A small deterministic generator: responses that switch organization, survey, touchpoint,
    // segment, day and month, answer keys in any order, some keys twice, some values not finite.
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const keys = ['q1', 'q2', 'q3', 'Q4'];
    const responses: TRollupResponse[] = Array.from({ length: 400 }, () => {
      const values: { key: string; value: number }[] = [];
      for (const key of keys) if (next(3) > 0) values.push({ key, value: next(12) });
      values.sort(() => next(3) - 1);
      if (next(5) === 0 && values[0]) values.push({ key: values[0].key, value: next(11) });
      if (next(7) === 0 && values[0]) values.push({ key: values[0].key, value: Number.NaN });
      return {
        organizationId: `org${next(2)}`,
        surveyId: `s${next(2)}`,
        touchpointId: next(3) === 0 ? null : `tp${next(2)}`,
        day: `2026-0${1 + next(3)}-1${next(3)}`,
        segmentKey: next(2) === 0 ? '' : 'tier=gold',
        complete: next(6) > 0,
        values,
      };
    });
    // The expected cells, summed here one response at a time.
    const valueCells = new Map<string, { n: number; sum: number; sumSq: number }>();
    const crossCells = new Map<string, number[]>();
    for (const r of responses) {
      const tp = r.touchpointId ?? '';
      const dims = [r.organizationId, r.surveyId, tp, r.day, r.segmentKey].join('|');
      const answered = new Map<string, number>();
      for (const { key, value } of r.values) if (Number.isFinite(value)) answered.set(key, value);
      const counted: [string, number | null][] = r.complete ? [[RESPONSE_COUNT_KEY, null]] : [];
      for (const [key, value] of [...counted, ...answered]) {
        const cell = valueCells.get(`${dims}|${key}`) ?? { n: 0, sum: 0, sumSq: 0 };
        cell.n += 1;
        cell.sum += value ?? 0;
        cell.sumSq += (value ?? 0) ** 2;
        valueCells.set(`${dims}|${key}`, cell);
      }
      if (answered.size === 0) continue;
      const variables = [...answered.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const x = [1, ...variables.map((v) => answered.get(v) ?? 0)];
      const id = [r.organizationId, r.surveyId, tp, r.day.slice(0, 7), r.segmentKey, ...variables];
      const moments = crossCells.get(id.join('|')) ?? [];
      let at = 0;
      for (let i = 0; i < x.length; i++) {
        for (let j = i; j < x.length; j++) {
          moments[at] = (moments[at] ?? 0) + (x[i] ?? 0) * (x[j] ?? 0);
          at++;
        }
      }
      crossCells.set(id.join('|'), moments);
    }

    const deltas = new RollupDeltaBuilder().addBatch({ added: responses }).build();
    const gotValues = new Map(
      deltas.values.map((d) => [
        [d.organizationId, d.surveyId, d.touchpointId, d.day, d.segmentKey, d.questionKey].join(
          '|',
        ),
        { n: d.n, sum: d.sum, sumSq: d.sumSq },
      ]),
    );
    expect(gotValues.size).toBe(deltas.values.length);
    expect(gotValues).toEqual(valueCells);
    const gotCross = new Map(
      deltas.cross.map((c) => [
        [c.organizationId, c.surveyId, c.touchpointId, c.month, c.segmentKey, ...c.variables].join(
          '|',
        ),
        Array.from(c.moments),
      ]),
    );
    expect(gotCross.size).toBe(deltas.cross.length);
    expect(gotCross).toEqual(crossCells);
    expect([...deltas.organizationIds].sort()).toEqual(['org0', 'org1']);
  });
});
