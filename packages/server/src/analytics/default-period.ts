/**
 * The latest period with enough data: where the dashboard opens when no dates are chosen, so a
 * demo (or an organization) whose answers stopped before the current month still shows figures.
 * Read from the scorecard's own series, so "enough" means exactly that its tiles have numbers.
 */
import type { TDefaultPeriodQuery, TDefaultPeriodResponse } from '@touchstone/core';
import type { TServices } from '../composition/services.js';
import { findLatestResponseDay } from './response-counts.repository.js';
import { queryScorecard } from './trend-query.js';

/** Periods looked back from the last day with data. */
const LOOK_BACK = 24;

/** The latest period whose NPS, CSAT and CES each have a number (or no answers at all). */
export async function queryDefaultPeriod(
  services: TServices,
  orgId: string,
  q: TDefaultPeriodQuery,
): Promise<TDefaultPeriodResponse> {
  const latestDay = await findLatestResponseDay(services.storage.db, orgId);
  const none = { interval: q.interval, latestDay, n: 0, enough: false };
  if (latestDay === null) return { ...none, period: null, from: null, to: null };
  const scorecard = await queryScorecard(services, orgId, {
    interval: q.interval,
    to: latestDay,
    periods: LOOK_BACK,
    minN: q.minN,
    confidence: 0.95,
    adjust: 'holm',
    alpha: 0.05,
  });
  const periods = scorecard.entries[0]?.sparkline.map((_, i) =>
    scorecard.entries.map((e) => e.sparkline[i]).filter((p) => p !== undefined),
  );
  const withData = (periods ?? []).filter((points) => points.some((p) => p.result.n > 0));
  const enough = withData.filter(
    (points) =>
      points.some((p) => p.result.status === 'ok') &&
      points.every((p) => p.result.n === 0 || p.result.status === 'ok'),
  );
  const found = enough[enough.length - 1] ?? withData[withData.length - 1];
  const point = found?.[0];
  if (found === undefined || point === undefined) {
    return { ...none, period: null, from: null, to: null };
  }
  return {
    interval: q.interval,
    period: point.period,
    from: point.start,
    // The window ends on the last day with data, not after it.
    to: point.end < latestDay ? point.end : latestDay,
    latestDay,
    n: Math.max(...found.map((p) => p.result.n)),
    enough: enough.length > 0,
  };
}
