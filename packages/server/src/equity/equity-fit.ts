// From an organization's revenue interactions to the fitted CLV models: each customer's summary
// against a calibration end on the day of the last revenue interaction, BG/NBD and Gamma-Gamma.
import {
  AnalyticsError,
  ClvSummaryBuilder,
  fitClvModels,
  type ClvCustomerSummary,
  type ClvModels,
} from '@touchstone/core';
import type { TRevenueRow } from './equity.repository.js';

const DAY_MS = 86_400_000;

/** The fit of one organization's data, or why there is none. */
export type TEquityFit =
  | {
      status: 'ok';
      models: ClvModels;
      summaries: ReadonlyMap<string, ClvCustomerSummary>;
      calibrationEnd: string;
      currency: string | null;
      droppedTransactions: number;
    }
  | { status: 'insufficient-data'; message: string; customers: number };

/** The UTC day number of a stored instant. */
export function dayOfInstant(instant: string): number {
  return Math.floor(Date.parse(instant) / DAY_MS);
}

/** The YYYY-MM-DD of a day number. */
export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Summarises and fits. The calibration period ends on the day of the last revenue interaction (so
 * a data set that stopped some time ago is not read as every customer having left since); a zero
 * or negative amount is dropped and counted. Too little data is a result, not an error: the
 * dashboard says why.
 */
export function fitEquity(rows: readonly TRevenueRow[]): TEquityFit {
  if (rows.length === 0) {
    return {
      status: 'insufficient-data',
      message: 'no interaction records an amount',
      customers: 0,
    };
  }
  let lastDay = Number.NEGATIVE_INFINITY;
  for (const row of rows) lastDay = Math.max(lastDay, dayOfInstant(row.occurredAt));
  const builder = new ClvSummaryBuilder(lastDay);
  const currencies = new Map<string, number>();
  for (const row of rows) {
    builder.addTransaction(row.customerId, dayOfInstant(row.occurredAt), row.amount);
    if (row.currency !== null)
      currencies.set(row.currency, (currencies.get(row.currency) ?? 0) + 1);
  }
  const summaries = builder.summaries();
  let models: ClvModels;
  try {
    models = fitClvModels(summaries);
  } catch (error) {
    if (!(error instanceof AnalyticsError)) throw error;
    return { status: 'insufficient-data', message: error.message, customers: summaries.length };
  }
  const currency = [...currencies].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  return {
    status: 'ok',
    models,
    summaries: new Map(summaries.map((summary) => [summary.id, summary])),
    calibrationEnd: formatDay(lastDay),
    currency: currency ?? null,
    droppedTransactions: builder.outcomeCounts()['non-positive-amount'],
  };
}
