/** Shared by the analytics API tests: response shapes and checks on every figure. */
import { expect } from 'vitest';
import type { TTestEnv } from '../harness.js';

export interface TInterval {
  low: number;
  high: number;
  confidence: number;
}
export interface TResult {
  status: string;
  n: number;
  value: number | null;
  unit?: string;
  interval: TInterval | null;
  method?: string;
  counts?: { promoters: number; passives: number; detractors: number };
  secondary?: Record<string, { value: number; interval: TInterval | null; method: string }>;
  items?: { key: string; score: number }[];
  minN?: number;
}
export interface TComparisonJson {
  status: string;
  against: string;
  method: string;
  difference: number | null;
  pValue: number | null;
  adjustedPValue: number | null;
  significant: boolean;
}
export interface TGroup {
  key: { field: string; value: string | null; label: string }[];
  n: number;
  metrics: Record<string, TResult>;
  comparisons?: Record<string, TComparisonJson>;
}
export interface TMetricsJson {
  query: { source: string; keys: string[] };
  groups: TGroup[];
  adjustment: { method: string; alpha: number; tests: number } | null;
}

/**
 * Checks the promise of the contract: every object with a status of 'ok' has numbers where it
 * promises them (value, n, interval unless a count, p-values of a test); nulls appear only next to
 * a status that says why.
 */
export function expectNumbersWhereOk(value: unknown, path = '$'): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => expectNumbersWhereOk(v, `${path}[${i}]`));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (record['status'] === 'ok') {
    for (const field of ['n', 'value', 'difference', 'pValue', 'adjustedPValue', 'r2']) {
      if (field in record) expect(typeof record[field], `${path}.${field}`).toBe('number');
    }
    if ('interval' in record && record['unit'] !== 'count' && 'value' in record) {
      expect(record['interval'], `${path}.interval`).not.toBeNull();
    }
  }
  for (const [k, v] of Object.entries(record)) expectNumbersWhereOk(v, `${path}.${k}`);
}

export async function get<T>(env: TTestEnv, url: string, role: 'viewer' | 'admin' = 'viewer') {
  const res = await env.as(role, { method: 'GET', url });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.body).not.toMatch(/NaN|Infinity/);
  const body = res.json<T>();
  expectNumbersWhereOk(body);
  return body;
}

export const byLabel = (groups: TGroup[], label: string) =>
  groups.find((g) => g.key.map((k) => k.label).join('|') === label);
