import { ZInteractionImportRow } from '@touchstone/core';
import { describe, expect, it } from 'vitest';
import { fastInteractionImportRow } from './interaction-fast-path.js';

const BASE = {
  externalId: 'BK-1001',
  customerExternalId: 'AC00000042',
  touchpoint: 'lounge-bar',
  occurredAt: '2026-03-01T08:15:00.000Z',
  type: 'purchase',
  amount: 12.5,
  currency: 'EUR',
  attributes: { cabin: 'business', minutes: 35, upgraded: false, note: null },
};

/** Values tried for each field: valid, unusual but valid, and invalid. */
const CANDIDATES: Record<string, unknown[]> = {
  externalId: [undefined, null, 'x', ' x', 'x ', '', 'a'.repeat(200), 'a'.repeat(201), 7, '\tB'],
  customerExternalId: [undefined, null, 'c', ' c ', '', 'a'.repeat(200), 'a'.repeat(201), 42],
  touchpoint: [undefined, 'gate', 'Gate', '-gate', 'g_1-x', '', 'a'.repeat(64), 'a'.repeat(65), 3],
  occurredAt: [
    undefined,
    '2026-03-01T08:15:00.000Z',
    '2026-03-01T08:15:00Z',
    '2026-03-01T09:15:00.000+01:00',
    '2026-02-29T00:00:00.000Z',
    '2024-02-29T00:00:00.000Z',
    '2026-04-31T00:00:00.000Z',
    '2026-03-01T24:00:00.000Z',
    '2026-03-01T23:60:00.000Z',
    '2026-03-01T23:59:60.000Z',
    '2026-13-01T00:00:00.000Z',
    '2026-00-10T00:00:00.000Z',
    '2026-12-00T00:00:00.000Z',
    '2026-12-31T23:59:59.999Z',
    '2100-02-29T00:00:00.000Z',
    '2000-02-29T00:00:00.000Z',
    '0000-01-01T00:00:00.000Z',
    '2026-03-01 08:15:00.000Z',
    '2026-03-01',
    1_772_352_900_000,
  ],
  type: [undefined, 'visit', 'Visit', 'a'.repeat(65), '', null],
  amount: [undefined, null, 0, -3.5, 1e12, 1e12 + 1, -1e13, Number.NaN, Infinity, '12', true],
  currency: [undefined, null, 'EUR', 'eur', 'EURO', 5],
  attributes: [
    undefined,
    null,
    {},
    { a: 'x'.repeat(1000) },
    { a: 'x'.repeat(1001) },
    { ['k'.repeat(65)]: 1 },
    { a: [1] },
    { a: { b: 1 } },
    { a: Number.NaN },
    JSON.parse('{"__proto__": 1}') as unknown,
    [],
    'x',
  ],
};

/** Every single-field change of the base row, then pairs of changes. */
function variants(): unknown[] {
  const out: unknown[] = [BASE, { ...BASE, extra: 1 }, null, [], 'row', 5, Object.create(BASE)];
  const fields = Object.keys(CANDIDATES);
  for (const field of fields) {
    for (const value of CANDIDATES[field] ?? []) out.push({ ...BASE, [field]: value });
  }
  for (const [i, a] of fields.entries()) {
    for (const b of fields.slice(i + 1)) {
      for (const va of CANDIDATES[a] ?? []) {
        for (const vb of CANDIDATES[b] ?? []) out.push({ ...BASE, [a]: va, [b]: vb });
      }
    }
  }
  return out;
}

describe('fastInteractionImportRow', () => {
  it('accepts a row only when the contract accepts it, and returns what the contract returns', () => {
    let accepted = 0;
    for (const value of variants()) {
      const fast = fastInteractionImportRow(value);
      if (fast === null) continue;
      accepted++;
      const parsed = ZInteractionImportRow.safeParse(value);
      expect(parsed.success, JSON.stringify(value)).toBe(true);
      expect(fast, JSON.stringify(value)).toEqual(parsed.data);
    }
    // The quick path must carry the common rows, or it saves nothing.
    expect(accepted).toBeGreaterThan(100);
  });

  it('takes the rows an import file usually holds', () => {
    expect(fastInteractionImportRow(BASE)).toEqual({ ...BASE, attributes: { ...BASE.attributes } });
    const minimal = {
      customerExternalId: 'c1',
      touchpoint: 'gate',
      occurredAt: '2026-03-01T08:15:00.000Z',
      type: 'boarding',
    };
    expect(fastInteractionImportRow(minimal)).toEqual({
      ...minimal,
      externalId: null,
      amount: null,
      currency: null,
      attributes: {},
    });
  });

  it('returns a copy of the attributes, never the caller’s object', () => {
    const row = fastInteractionImportRow(BASE);
    expect(row?.attributes).not.toBe(BASE.attributes);
  });
});
