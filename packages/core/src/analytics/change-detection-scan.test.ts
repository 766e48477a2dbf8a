import { describe, expect, it } from 'vitest';
import { scanForChanges } from './change-detection-scan.js';
import type { ChangeAtom } from './change-detection-series.js';

/** mulberry32: a small seeded generator, so every run sees the same data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Plant {
  touchpoint: string;
  segment: Record<string, string>;
  week: number;
  shift: number;
}

const TOUCHPOINTS = ['bar', 'gate'];
const TYPES = ['business', 'leisure'];
const ROUTES = ['domestic', 'international'];
/** Monday 2024-01-01. */
const FIRST_WEEK_DAY = 19723;

/**
 * CSAT answers (1..5) or NPS answers (0..10, coded +1 / 0 / -1) for two touchpoints x traveller
 * type x route over `weeks` weeks, a few responses per atom and week, with an optional shift of
 * the latent mean from a week on in one scope.
 */
function generate(seed: number, kind: 'mean' | 'nps', weeks: number, plant?: Plant): ChangeAtom[] {
  const next = random(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const atoms: ChangeAtom[] = [];
  for (const touchpoint of TOUCHPOINTS) {
    for (const type of TYPES) {
      for (const route of ROUTES) {
        const segment = { type, route };
        const n = new Float64Array(weeks);
        const sum = new Float64Array(weeks);
        const sumSq = new Float64Array(weeks);
        const inPlant =
          plant !== undefined &&
          plant.touchpoint === touchpoint &&
          Object.entries(plant.segment).every(([k, v]) => segment[k as 'type'] === v);
        for (let w = 0; w < weeks; w++) {
          const count = 4 + Math.floor(next() * 8);
          const shift = inPlant && w >= (plant?.week ?? 0) ? (plant?.shift ?? 0) : 0;
          for (let r = 0; r < count; r++) {
            let value: number;
            if (kind === 'mean') {
              value = Math.min(5, Math.max(1, Math.round(3.8 + shift + normal())));
            } else {
              const score = Math.min(10, Math.max(0, Math.round(7.8 + shift + 1.8 * normal())));
              value = score >= 9 ? 1 : score >= 7 ? 0 : -1;
            }
            n[w] = (n[w] ?? 0) + 1;
            sum[w] = (sum[w] ?? 0) + value;
            sumSq[w] = (sumSq[w] ?? 0) + value * value;
          }
        }
        atoms.push({ touchpoint, segment, weeks: { n, sum, sumSq } });
      }
    }
  }
  return atoms;
}

function scan(atoms: ChangeAtom[], kind: 'mean' | 'nps', weeks: number) {
  return scanForChanges({
    firstWeekDay: FIRST_WEEK_DAY,
    weekCount: weeks,
    attributes: ['type', 'route'],
    measures: [{ key: 'q', metric: kind === 'nps' ? 'nps' : 'csat', kind, atoms }],
  });
}

describe('scanForChanges', () => {
  it('finds a planted drop at its date and localises it to touchpoint x both attributes', () => {
    const plant = {
      touchpoint: 'bar',
      segment: { type: 'business', route: 'international' },
      week: 70,
      shift: -1.6,
    };
    const result = scan(generate(7, 'mean', 104, plant), 'mean', 104);
    expect(result.findings).toHaveLength(1);
    const finding = result.findings[0];
    expect(finding).toMatchObject({
      touchpoint: 'bar',
      segment: { type: 'business', route: 'international' },
      direction: 'down',
    });
    // Week 70 starts 490 days after 2024-01-01: 2025-05-05.
    expect(Math.abs((finding?.changeWeek ?? 0) - 70)).toBeLessThanOrEqual(2);
    if (finding?.changeWeek === 70) expect(finding.changeDate).toBe('2025-05-05');
    expect(finding?.before.value).toBeGreaterThan(finding?.after.value ?? Infinity);
    expect(finding?.before.interval.low).toBeLessThan(finding?.before.value ?? 0);
    expect(finding?.adjustedPValue).toBeLessThan(0.05);
    expect(finding?.effectUnit).toBe('cohens-d');
    expect(finding?.effectSize).toBeLessThan(-0.3);
    // The parents fold in: the bar overall, and business x international over both touchpoints.
    const shared = (finding?.sharedBy ?? []).map((s) => JSON.stringify([s.touchpoint, s.segment]));
    expect(shared).toContain(JSON.stringify(['bar', {}]));
    expect(shared).toContain(JSON.stringify([null, { route: 'international', type: 'business' }]));
    // Siblings that kept their level: leisure travellers and domestic routes at the bar, the gate.
    const unaffected = (finding?.notAffected ?? []).map((s) =>
      JSON.stringify([s.touchpoint, s.segment]),
    );
    expect(unaffected).toContain(
      JSON.stringify(['bar', { route: 'international', type: 'leisure' }]),
    );
    expect(unaffected).toContain(JSON.stringify(['bar', { route: 'domestic', type: 'business' }]));
    expect(unaffected).toContain(
      JSON.stringify(['gate', { route: 'international', type: 'business' }]),
    );
  });

  it('finds a planted NPS rise in one attribute value over every touchpoint', () => {
    const weeks = 80;
    const atoms = generate(11, 'nps', weeks).map((atom) => atom);
    // A rise for leisure travellers at both touchpoints: plant it twice.
    const bar = generate(11, 'nps', weeks, {
      touchpoint: 'bar',
      segment: { type: 'leisure' },
      week: 30,
      shift: 2.5,
    });
    const gate = generate(11, 'nps', weeks, {
      touchpoint: 'gate',
      segment: { type: 'leisure' },
      week: 30,
      shift: 2.5,
    });
    const planted = atoms.map((atom, i) =>
      atom.segment['type'] !== 'leisure' ? atom : atom.touchpoint === 'bar' ? bar[i] : gate[i],
    ) as ChangeAtom[];
    const result = scan(planted, 'nps', weeks);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({
      touchpoint: null,
      segment: { type: 'leisure' },
      direction: 'up',
      effectUnit: 'nps-points',
    });
    expect(Math.abs((result.findings[0]?.changeWeek ?? 0) - 30)).toBeLessThanOrEqual(2);
    expect(result.findings[0]?.effectSize).toBeGreaterThan(10);
  });

  it('keeps the false-alarm rate of whole scans without a change within alpha over 200 seeds', () => {
    let scansWithAlarm = 0;
    let tested = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const kind = seed % 2 === 0 ? 'mean' : 'nps';
      const result = scan(generate(1000 + seed, kind, 52), kind, 52);
      tested = result.testedSeries;
      // Before the effect-size filter: the bound is on the tests themselves.
      if (result.rejectedSeries > 0) scansWithAlarm += 1;
    }
    expect(tested).toBe(27);
    // Holm at alpha 0.05 bounds the chance of any false alarm per scan by 0.05.
    expect(scansWithAlarm / 200).toBeLessThanOrEqual(0.05);
  });

  it('reports one change of one series once, whatever the number of measures that show it', () => {
    const plant = { touchpoint: 'gate', segment: { route: 'domestic' }, week: 50, shift: -1.5 };
    const result = scanForChanges({
      firstWeekDay: FIRST_WEEK_DAY,
      weekCount: 90,
      attributes: ['type', 'route'],
      measures: [
        { key: 'item', metric: 'rating', kind: 'mean', atoms: generate(21, 'mean', 90, plant) },
        { key: 'csat', metric: 'csat', kind: 'mean', atoms: generate(22, 'mean', 90, plant) },
      ],
    });
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({
      key: 'csat',
      touchpoint: 'gate',
      segment: { route: 'domestic' },
      alsoChanged: [{ key: 'item', metric: 'rating' }],
    });
  });

  it('does not alarm on a significant but trivially small shift', () => {
    const plant = { touchpoint: 'bar', segment: {}, week: 40, shift: -0.12 };
    // Many responses: a shift of a tenth of a point becomes significant, not relevant.
    const big = generate(3, 'mean', 80, plant).map((atom) => ({
      ...atom,
      weeks: {
        n: Array.from(atom.weeks.n, (v) => v * 40),
        sum: Array.from(atom.weeks.sum, (v) => v * 40),
        sumSq: Array.from(atom.weeks.sumSq, (v) => v * 40),
      },
    }));
    expect(scan(big, 'mean', 80).findings).toEqual([]);
  });

  it('refuses a week count that is not a whole number >= 0 and scans zero weeks to nothing', () => {
    const input = { firstWeekDay: FIRST_WEEK_DAY, attributes: [], measures: [] };
    expect(() => scanForChanges({ ...input, weekCount: -1 })).toThrow(/weekCount/);
    expect(() => scanForChanges({ ...input, weekCount: 2.5 })).toThrow(/weekCount/);
    const atoms = generate(5, 'mean', 0);
    const empty = scanForChanges({
      ...input,
      weekCount: 0,
      attributes: ['type', 'route'],
      measures: [{ key: 'q', metric: 'csat', kind: 'mean', atoms }],
    });
    // 2 touchpoints x 2 types x 2 routes: all, 2 touchpoints, 4 values, 4 pairs, each alone and
    // crossed with a touchpoint: 27 series, none with data.
    expect(empty).toMatchObject({ findings: [], testedSeries: 0, skippedSeries: 27 });
  });

  it('lists the latest change first', () => {
    // Ten responses of 4, 5, 6 a week (mean 5) drop to 1, 2, 3 (mean 2): at the bar from week 5,
    // at the gate from week 25 of 30, too far apart (more than 3 x 4 weeks) to be one event.
    const steps = (from: number): ChangeAtom['weeks'] => {
      const weeks = Array.from({ length: 30 }, (_, w) => (w < from ? [4, 5, 6] : [1, 2, 3]));
      return {
        n: weeks.map(() => 30),
        sum: weeks.map((v) => 10 * v.reduce((a, b) => a + b, 0)),
        sumSq: weeks.map((v) => 10 * v.reduce((a, b) => a + b * b, 0)),
      };
    };
    const result = scanForChanges({
      firstWeekDay: FIRST_WEEK_DAY,
      weekCount: 30,
      attributes: [],
      measures: [
        {
          key: 'q',
          metric: 'csat',
          kind: 'mean',
          atoms: [
            { touchpoint: 'bar', segment: {}, weeks: steps(5) },
            { touchpoint: 'gate', segment: {}, weeks: steps(25) },
          ],
        },
      ],
    });
    const dates = result.findings.map((f) => f.changeDate);
    expect(dates.length).toBeGreaterThanOrEqual(2);
    expect(dates).toEqual([...dates].sort().reverse());
    // Week 25 starts 175 days after 2024-01-01; week 5, 35 days after.
    expect(dates[0]).toBe('2024-06-24');
    expect(dates).toContain('2024-02-05');
  });
});
