import { createHash } from 'node:crypto';
import { ZCustomerCreate, ZInteractionImportRow } from '@touchstone/core';
import { describe, expect, it } from 'vitest';
import {
  AURORA_ATTRIBUTE_KEYS,
  AURORA_STAGES,
  AURORA_TEAMS,
  type TLoyaltyTier,
} from './aurora-model.js';
import { AURORA_TOUCHPOINTS } from './aurora-touchpoints.js';
import { generateCustomerBatches } from './customer-generator.js';
import { plantedChangeStart } from './experience-model.js';
import { demoWindow, generateInteractionBatches } from './interaction-generator.js';

/** A fixed last day, so that the generated records are the same on every run. */
const END_DATE = '2026-10-31';
import { SeededRandom } from './random.js';

function streamHash(
  seed: number,
  customers: number,
  months: number,
  batchSize?: number,
  endDate = END_DATE,
): string {
  const hash = createHash('sha256');
  for (const batch of generateCustomerBatches({ seed, customers, batchSize })) {
    for (const record of batch.records) hash.update(JSON.stringify(record));
  }
  const window = demoWindow(months, endDate);
  for (const batch of generateInteractionBatches({ seed, customers, window, batchSize })) {
    for (const record of batch.records) hash.update(JSON.stringify(record));
  }
  return hash.digest('hex');
}

describe('seeded random', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const draw = (seed: number) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 5 }, () => random.next());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('spreads values evenly over [0, 1)', () => {
    const random = new SeededRandom(1);
    const buckets = new Array<number>(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 100_000; i += 1) {
      const value = random.next();
      if (value < 0 || value >= 1) outside += 1;
      else buckets[Math.floor(value * 10)] = (buckets[Math.floor(value * 10)] ?? 0) + 1;
    }
    expect(outside).toBe(0);
    // 10,000 expected per bucket; 4 standard deviations is about 380.
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(400);
  });

  it('draws Poisson counts with the asked mean', () => {
    const random = new SeededRandom(3);
    let total = 0;
    for (let i = 0; i < 20_000; i += 1) total += random.poisson(2.5);
    expect(total / 20_000).toBeCloseTo(2.5, 1);
  });
});

describe('Aurora Airways model', () => {
  it('has 15 to 20 touchpoints over at least 5 channels and 5 provider types', () => {
    expect(AURORA_TOUCHPOINTS.length).toBeGreaterThanOrEqual(15);
    expect(AURORA_TOUCHPOINTS.length).toBeLessThanOrEqual(20);
    expect(new Set(AURORA_TOUCHPOINTS.map((t) => t.channel)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(AURORA_TOUCHPOINTS.map((t) => t.providerType)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(AURORA_TOUCHPOINTS.map((t) => t.key)).size).toBe(AURORA_TOUCHPOINTS.length);
  });

  it('gives every stage touchpoints and every touchpoint an owner among the teams', () => {
    const teams = new Set<string>(AURORA_TEAMS.map((t) => t.name));
    for (const touchpoint of AURORA_TOUCHPOINTS) expect(teams).toContain(touchpoint.team);
    const stages = new Set(AURORA_TOUCHPOINTS.map((t) => t.stage));
    expect(stages.size).toBe(AURORA_STAGES.length);
    expect(AURORA_STAGES.map((s) => s.phase)).toEqual([
      'pre-sales',
      'sales',
      'sales',
      'sales',
      'after-sales',
    ]);
  });
});

describe('demo generator', () => {
  it('produces the same records for the same seed and end date, whatever the batch size', () => {
    const first = streamHash(42, 150, 6);
    expect(streamHash(42, 150, 6)).toBe(first);
    expect(streamHash(42, 150, 6, 7)).toBe(first);
    expect(streamHash(43, 150, 6)).not.toBe(first);
    expect(streamHash(42, 150, 6, undefined, '2026-12-07')).not.toBe(first);
  });

  it('spans the months that end with the end date, whatever the day of the month', () => {
    const iso = (window: { start: number; end: number }) => [
      new Date(window.start).toISOString(),
      new Date(window.end).toISOString(),
    ];
    expect(iso(demoWindow(24, '2026-12-07'))).toEqual([
      '2024-12-08T00:00:00.000Z',
      '2026-12-08T00:00:00.000Z',
    ]);
    expect(iso(demoWindow(1, '2024-02-29'))).toEqual([
      '2024-02-01T00:00:00.000Z',
      '2024-03-01T00:00:00.000Z',
    ]);
    expect(iso(demoWindow(3, '2026-12-31'))).toEqual([
      '2026-10-01T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
    ]);
  });

  it('plants the change four to five months before the end, or mid-way in a short history', () => {
    const change = (months: number, endDate: string) =>
      new Date(plantedChangeStart(demoWindow(months, endDate))).toISOString().slice(0, 10);
    expect(change(24, '2026-12-01')).toBe('2026-08-01');
    expect(change(24, '2026-12-31')).toBe('2026-08-01');
    expect(change(12, '2027-02-14')).toBe('2026-10-01');
    expect(change(6, '2026-10-31')).toBe('2026-08-01');
    expect(change(3, '2026-12-07')).toBe('2026-11-01');
  });

  it('ends the history on the end date, with visits on that day', () => {
    const window = demoWindow(2, '2026-12-07');
    const days = new Set<string>();
    for (const batch of generateInteractionBatches({ seed: 4, customers: 300, window })) {
      for (const row of batch.records) days.add(row.occurredAt.slice(0, 10));
    }
    const sorted = [...days].sort();
    expect(sorted.at(-1)).toBe('2026-12-07');
    expect(sorted[0]).toBe('2026-10-08');
  });

  it('keeps the first customers when more are asked for', () => {
    const small = generateCustomerBatches({ seed: 5, customers: 10 }).next().value?.records;
    const large = generateCustomerBatches({ seed: 5, customers: 20 }).next().value?.records;
    expect(large?.slice(0, 10)).toEqual(small);
  });

  it('generates valid records that refer to generated customers and model touchpoints', () => {
    const months = 12;
    const customers = new Map<string, TLoyaltyTier>();
    const options = (key: string) => AURORA_ATTRIBUTE_KEYS.find((k) => k.key === key)?.options;
    for (const batch of generateCustomerBatches({ seed: 9, customers: 400 })) {
      for (const record of batch.records) {
        expect(ZCustomerCreate.parse(record)).toEqual(record);
        expect(options('traveller_type')).toContain(record.attributes['traveller_type']);
        expect(options('route')).toContain(record.attributes['route']);
        expect(options('loyalty_tier')).toContain(record.attributes['loyalty_tier']);
        if (record.email !== null)
          expect(record.email).toMatch(/@(example\.(com|org|net)|mail\.test)$/);
        customers.set(record.externalId, record.attributes['loyalty_tier'] as TLoyaltyTier);
      }
    }
    expect(customers.size).toBe(400);

    const keys = new Set<string>(AURORA_TOUCHPOINTS.map((t) => t.key));
    const window = demoWindow(months, END_DATE);
    const { start, end } = window;
    expect(new Date(start).toISOString()).toBe('2025-11-01T00:00:00.000Z');
    expect(new Date(end).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    const externalIds = new Set<string>();
    let count = 0;
    let previous = { customer: '', at: '' };
    for (const batch of generateInteractionBatches({ seed: 9, customers: 400, window })) {
      for (const row of batch.records) {
        count += 1;
        expect(ZInteractionImportRow.parse(row)).toEqual(row);
        expect(customers.has(row.customerExternalId)).toBe(true);
        expect(keys.has(row.touchpoint)).toBe(true);
        expect(row.amount === null).toBe(row.currency === null);
        if (row.amount !== null) expect(row.currency).toBe('EUR');
        expect(options('cabin')).toContain(row.attributes['cabin'] ?? 'economy');
        const at = Date.parse(row.occurredAt);
        expect(at >= start && at < end).toBe(true);
        if (row.customerExternalId === previous.customer) {
          expect(row.occurredAt >= previous.at).toBe(true);
        }
        previous = { customer: row.customerExternalId, at: row.occurredAt };
        // The lounge admits the business cabin and Gold and Platinum members only.
        if (row.touchpoint.startsWith('lounge-')) {
          const tier = customers.get(row.customerExternalId);
          expect(
            row.attributes['cabin'] === 'business' || tier === 'gold' || tier === 'platinum',
          ).toBe(true);
        }
        externalIds.add(row.externalId ?? '');
      }
    }
    expect(externalIds.size).toBe(count);
    // About 15 to 30 interactions per customer per year (business travellers fly often).
    expect(count / 400).toBeGreaterThan(15);
    expect(count / 400).toBeLessThan(30);
  });

  it('records revenue on bookings, with higher fares in the business cabin', () => {
    const fares = { business: [] as number[], economy: [] as number[] };
    const window = demoWindow(12, END_DATE);
    for (const batch of generateInteractionBatches({ seed: 11, customers: 500, window })) {
      for (const row of batch.records) {
        if (row.type !== 'booking') continue;
        expect(row.amount).toBeGreaterThan(0);
        const cabin = row.attributes['cabin'];
        if (cabin === 'business' || cabin === 'economy') fares[cabin].push(row.amount ?? 0);
      }
    }
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    expect(fares.business.length).toBeGreaterThan(20);
    expect(mean(fares.business)).toBeGreaterThan(2 * mean(fares.economy));
  });
});
