/**
 * Theme statistics from the sums of `theme-stats.repository.ts`: share, sentiment, impact on
 * NPS with its interval, and emergence against the previous period with Benjamini-Hochberg
 * control of the false discovery rate across themes. The arithmetic is `core`'s.
 */
import {
  adjustPValues,
  compareNps,
  compareProportions,
  type TTheme,
  type TThemeStats,
} from '@touchstone/core';
import type { TNpsGroupSums } from './theme-stats.repository.js';

/** Emerging: grew with a Benjamini-Hochberg adjusted p below this (5% false discovery rate). */
export const EMERGING_FDR = 0.05;

export interface TThemeStatsInput {
  themes: readonly TTheme[];
  current: ReadonlyMap<string, TNpsGroupSums>;
  currentTotal: TNpsGroupSums;
  previous: ReadonlyMap<string, TNpsGroupSums>;
  previousTotal: TNpsGroupSums;
  months: readonly string[];
  monthTotals: ReadonlyMap<string, number>;
  monthThemes: ReadonlyMap<string, ReadonlyMap<string, number>>;
  confidence: number;
  minN: number;
}

const NONE: TNpsGroupSums = {
  volume: 0,
  responses: 0,
  scoreSum: 0,
  promoters: 0,
  passives: 0,
  detractors: 0,
};

/**
 * NPS of the respondents who mention the theme against those (with comments in the period)
 * who do not; null when either group is below minN or neither varies.
 */
function npsImpact(theme: TNpsGroupSums, total: TNpsGroupSums, input: TThemeStatsInput) {
  const others = {
    promoters: Math.max(0, total.promoters - theme.promoters),
    passives: Math.max(0, total.passives - theme.passives),
    detractors: Math.max(0, total.detractors - theme.detractors),
  };
  const result = compareNps(theme, others, { confidence: input.confidence, minN: input.minN });
  if (result.status !== 'ok') return null;
  return {
    difference: result.difference,
    low: result.interval.low,
    high: result.interval.high,
    pValue: result.pValue,
    mentioning: result.n1,
    others: result.n2,
  };
}

/** Every theme's statistics, in the order given. */
export function computeThemeStats(input: TThemeStatsInput): TThemeStats[] {
  const tests = input.themes.map((theme) => {
    const now = input.current.get(theme.id) ?? NONE;
    const before = input.previous.get(theme.id) ?? NONE;
    if (input.currentTotal.volume === 0 || input.previousTotal.volume === 0) return null;
    const test = compareProportions(
      { successes: now.volume, n: input.currentTotal.volume },
      { successes: before.volume, n: input.previousTotal.volume },
    );
    return test.status === 'ok' ? test : null;
  });
  const tested = tests.flatMap((t, i) => (t === null ? [] : [i]));
  const adjusted = adjustPValues(
    tested.map((i) => (tests[i] as NonNullable<(typeof tests)[number]>).pValue),
    'benjamini-hochberg',
  ).adjusted;
  const adjustedByTheme = new Map(tested.map((i, k) => [i, adjusted[k] as number]));

  return input.themes.map((theme, i) => {
    const sums = input.current.get(theme.id) ?? NONE;
    const before = input.previous.get(theme.id) ?? NONE;
    const total = input.currentTotal.volume;
    const share = total === 0 ? 0 : sums.volume / total;
    const previousShare =
      input.previousTotal.volume === 0 ? 0 : before.volume / input.previousTotal.volume;
    const test = tests[i] ?? null;
    const adjustedP = adjustedByTheme.get(i);
    const emergence =
      input.currentTotal.volume === 0 || input.previousTotal.volume === 0
        ? null
        : {
            share,
            previousShare,
            growth: share - previousShare,
            pValue: test?.pValue ?? 1,
            adjustedP: adjustedP ?? 1,
            emerging: test !== null && test.difference > 0 && (adjustedP ?? 1) < EMERGING_FDR,
          };
    const byMonth = input.monthThemes.get(theme.id);
    return {
      ...theme,
      volume: sums.volume,
      responses: sums.responses,
      share,
      sentiment: sums.volume === 0 ? null : sums.scoreSum / sums.volume,
      npsImpact: npsImpact(sums, input.currentTotal, input),
      emergence,
      trend: input.months.map((month) => {
        const volume = byMonth?.get(month) ?? 0;
        const all = input.monthTotals.get(month) ?? 0;
        return { month, volume, share: all === 0 ? 0 : volume / all };
      }),
    };
  });
}
