/**
 * Aurora's interactions: each customer's trips and member e-mails over a window of months that
 * ends at a fixed date, so that the same seed gives the same records whenever it runs. Records
 * are produced customer by customer and handed out in batches; nothing holds the whole set.
 */
import type { TInteractionImportRow } from '@touchstone/core';
import {
  demoCustomerAt,
  STREAM,
  type TDemoBatch,
  type TDemoProfile,
} from './customer-generator.js';
import { SeededRandom, hash32 } from './random.js';
import { tripEvents, type TDemoEvent } from './trip-events.js';

/** The end of the demo's history (exclusive): data stops on 31 October 2026. */
export const DEMO_END = Date.UTC(2026, 10, 1);

/** Round trips booked per year, by segment. */
const TRIPS_PER_YEAR = { business: 1.9, leisure: 0.8 } as const;
/** Opened member e-mails per year. */
const EMAILS_PER_YEAR = 2;

/** The window [start, end) of `months` calendar months that ends at DEMO_END. */
export function demoWindow(months: number): { start: number; end: number } {
  const end = new Date(DEMO_END);
  return { start: Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - months, 1), end: DEMO_END };
}

/** All interactions of one customer within the window, in time order, with external ids. */
export function customerInteractions(
  seed: number,
  profile: TDemoProfile,
  months: number,
): TInteractionImportRow[] {
  const random = new SeededRandom(hash32(seed, profile.index, STREAM.interactions));
  const { start, end } = demoWindow(months);
  const years = (end - start) / (365.25 * 24 * 3_600_000);
  const events: TDemoEvent[] = [];
  const trips = random.poisson(TRIPS_PER_YEAR[profile.travellerType] * years);
  for (let trip = 0; trip < trips; trip += 1) {
    events.push(...tripEvents(random, profile, random.between(start, end)));
  }
  if (profile.tier !== 'none' && profile.emailConsent && !profile.optedOut) {
    const emails = random.poisson(EMAILS_PER_YEAR * years);
    for (let email = 0; email < emails; email += 1) {
      events.push({
        at: Math.round(random.between(start, end) / 1000) * 1000,
        touchpoint: 'loyalty-email',
        type: 'email-open',
        amount: null,
        attributes: {
          channel_detail: random.weighted([
            ['desktop', 4],
            ['ios', 3],
            ['android', 3],
          ]),
        },
      });
    }
  }
  // Trips booked near the end have flights after it: those have not happened yet.
  const inWindow = events.filter((e) => e.at >= start && e.at < end);
  inWindow.sort((a, b) => a.at - b.at);
  return inWindow.map((event, seq) => ({
    externalId: `${profile.externalId}-${String(seq + 1).padStart(4, '0')}`,
    customerExternalId: profile.externalId,
    touchpoint: event.touchpoint,
    occurredAt: new Date(event.at).toISOString(),
    type: event.type,
    amount: event.amount,
    currency: event.amount === null ? null : 'EUR',
    attributes: event.attributes,
  }));
}

/** Streams every customer's interactions in batches of `batchSize` (the last may be smaller). */
export function* generateInteractionBatches(options: {
  seed: number;
  customers: number;
  months: number;
  batchSize?: number;
}): Generator<TDemoBatch<TInteractionImportRow>, void, undefined> {
  const batchSize = options.batchSize ?? 5000;
  let records: TInteractionImportRow[] = [];
  for (let index = 0; index < options.customers; index += 1) {
    const { profile } = demoCustomerAt(options.seed, index);
    for (const row of customerInteractions(options.seed, profile, options.months)) {
      records.push(row);
      if (records.length === batchSize) {
        yield { records, customersDone: index };
        records = [];
      }
    }
  }
  if (records.length > 0) yield { records, customersDone: options.customers };
}
