// The equity dashboard's figures from valued customers: the CLV distribution, equity by NPS
// category and by segment, revenue at risk, and the value of moving detractors to passives. Pure.
import type { ClvCustomerValue, TClvBin, TEquityGroup } from '@touchstone/core';
import type { TAttributeScalar } from '../attribute-keys/attribute-validation.js';
import { npsCategory, type TCustomerExperience } from './equity-experience.js';

const BINS = 20;
const RECENT_DAYS = 90;
const NPS_CATEGORIES = ['promoter', 'passive', 'detractor', 'no answer'] as const;
const MAX_SEGMENT_GROUPS = 50;

/** The smallest of 1, 2, 2.5, 5 and 10 times a power of ten that is at least `value`. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = Math.pow(10, Math.floor(Math.log10(value)));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * power >= value * (1 - 1e-12)) ?? 10;
  return step * power;
}

/**
 * Equal-width bins from 0 to a round number at or above the 99th percentile, and one open bin
 * above it when some customers lie there, so a few very valuable customers do not squash the
 * chart.
 */
export function clvDistribution(values: readonly number[]): TClvBin[] {
  if (values.length === 0) return [];
  const sorted = [...values].sort((a, b) => a - b);
  const p99 = sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))] ?? 0;
  const top = niceCeiling(p99);
  const width = top / BINS;
  const bins: TClvBin[] = Array.from({ length: BINS }, (_, i) => ({
    from: i * width,
    to: (i + 1) * width,
    customers: 0,
    equity: 0,
  }));
  const open: TClvBin = { from: top, to: null, customers: 0, equity: 0 };
  for (const value of values) {
    const bin = value >= top ? open : bins[Math.max(0, Math.floor(value / width))];
    if (bin === undefined) continue;
    bin.customers += 1;
    bin.equity += value;
  }
  return open.customers > 0 ? [...bins, open] : bins;
}

function group(key: string, members: readonly ClvCustomerValue[]): TEquityGroup {
  const n = members.length;
  const sum = (pick: (c: ClvCustomerValue) => number) => members.reduce((s, c) => s + pick(c), 0);
  const equity = sum((c) => c.clv);
  return {
    key,
    customers: n,
    equity,
    meanClv: n === 0 ? 0 : equity / n,
    meanPAlive: n === 0 ? 0 : sum((c) => c.pAlive) / n,
    meanExpectedPurchases: n === 0 ? 0 : sum((c) => c.expectedPurchases) / n,
  };
}

/** Inputs of the report besides the valued customers. */
export interface TEquityReportInput {
  experience: ReadonlyMap<string, TCustomerExperience>;
  segment: { attribute: string; values: ReadonlyMap<string, TAttributeScalar | null> } | null;
  /** YYYY-MM-DD: negative answers from 89 days before it on count as recent. */
  calibrationEnd: string;
  detractorShare: number;
}

/** Every figure of `GET /api/equity` that depends on the customers' values. */
export function buildEquityReport(values: readonly ClvCustomerValue[], input: TEquityReportInput) {
  const totalEquity = values.reduce((s, c) => s + c.clv, 0);
  const byCategory = new Map<string, ClvCustomerValue[]>(NPS_CATEGORIES.map((c) => [c, []]));
  const cutoff = new Date(
    Date.parse(`${input.calibrationEnd}T00:00:00Z`) - (RECENT_DAYS - 1) * 86_400_000,
  )
    .toISOString()
    .slice(0, 10);
  const detractors = { customers: 0, clv: 0 };
  const recentNegative = { customers: 0, clv: 0 };
  const atRisk = { customers: 0, clv: 0 };
  for (const customer of values) {
    const experience = input.experience.get(customer.id);
    const category = npsCategory(experience?.nps ?? null);
    byCategory.get(category)?.push(customer);
    const isDetractor = category === 'detractor';
    const isRecent = (experience?.lastNegativeDay ?? '') >= cutoff;
    if (isDetractor) {
      detractors.customers += 1;
      detractors.clv += customer.clv;
    }
    if (isRecent) {
      recentNegative.customers += 1;
      recentNegative.clv += customer.clv;
    }
    if (isDetractor || isRecent) {
      atRisk.customers += 1;
      atRisk.clv += customer.clv;
    }
  }
  const byNpsCategory = NPS_CATEGORIES.map((c) => group(c, byCategory.get(c) ?? []));
  return {
    totalEquity,
    customers: values.length,
    distribution: clvDistribution(values.map((c) => c.clv)),
    byNpsCategory,
    bySegment: input.segment === null ? null : segmentGroups(values, input.segment),
    revenueAtRisk: {
      detractors,
      recentNegative,
      total: { ...atRisk, shareOfEquity: totalEquity > 0 ? atRisk.clv / totalEquity : 0 },
    },
    detractorsToPassives: movingDetractors(byNpsCategory, input.detractorShare),
  };
}

function segmentGroups(
  values: readonly ClvCustomerValue[],
  segment: { attribute: string; values: ReadonlyMap<string, TAttributeScalar | null> },
): { attribute: string; groups: TEquityGroup[] } {
  const groups = new Map<string, ClvCustomerValue[]>();
  for (const customer of values) {
    const value = segment.values.get(customer.id) ?? null;
    const key = value === null ? '(none)' : String(value);
    const members = groups.get(key);
    if (members === undefined) groups.set(key, [customer]);
    else members.push(customer);
  }
  const sorted = [...groups]
    .map(([key, members]) => group(key, members))
    .sort((a, b) => b.equity - a.equity || (a.key < b.key ? -1 : 1));
  return { attribute: segment.attribute, groups: sorted.slice(0, MAX_SEGMENT_GROUPS) };
}

/**
 * Moving `share` of the detractors to passives: each moved detractor is assumed to take the
 * passives' mean CLV (their retention and spend together), so the gain is
 * share x detractors x (passives' mean CLV - detractors' mean CLV).
 */
function movingDetractors(byNpsCategory: readonly TEquityGroup[], share: number) {
  const passive = byNpsCategory.find((g) => g.key === 'passive');
  const detractor = byNpsCategory.find((g) => g.key === 'detractor');
  const moved = share * (detractor?.customers ?? 0);
  const passiveMeanClv = passive && passive.customers > 0 ? passive.meanClv : null;
  const detractorMeanClv = detractor && detractor.customers > 0 ? detractor.meanClv : null;
  const reason =
    detractorMeanClv === null
      ? 'no customer with revenue is a detractor'
      : passiveMeanClv === null
        ? 'no customer with revenue is a passive, so there is no passive value to move to'
        : null;
  return {
    share,
    detractorsMoved: moved,
    passiveMeanClv,
    detractorMeanClv,
    gain:
      passiveMeanClv === null || detractorMeanClv === null
        ? null
        : moved * (passiveMeanClv - detractorMeanClv),
    reason,
  };
}
