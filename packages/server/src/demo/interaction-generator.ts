/**
 * Aurora's interactions: each customer's trips and member e-mails over a window of months that
 * ends on a given day, so that the same seed and end day give the same records whenever it runs.
 * Records are produced customer by customer and handed out in batches; nothing holds the whole set.
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

const DAY = 24 * 3_600_000;
const YEAR = 365.25 * DAY;

/** Round trips booked per year, by segment: business travellers are the frequent flyers. */
const TRIPS_PER_YEAR = { business: 4, leisure: 0.8 } as const;
/** Opened member e-mails per year. */
const EMAILS_PER_YEAR = 2;
/**
 * Trips are booked from this long before the window on (longer than the relationship survey looks
 * back plus any lead time and stay), so that flights are as frequent, and travellers as mixed, in
 * the first months as in the last, and every customer has a past of visits when the window opens.
 */
const BOOKING_LEAD_IN = 320 * DAY;

/** The demo's history: epoch milliseconds, `start` included, `end` excluded. */
export interface TDemoWindow {
  start: number;
  end: number;
}

/**
 * The window of `months` months that ends with the day `endDate` (YYYY-MM-DD, UTC, included): it
 * starts on the same day of the month `months` months before the day after `endDate`.
 */
export function demoWindow(months: number, endDate: string): TDemoWindow {
  const last = Date.parse(`${endDate}T00:00:00.000Z`);
  const after = new Date(last + DAY);
  const year = after.getUTCFullYear();
  const month = after.getUTCMonth();
  const day = after.getUTCDate();
  return { start: Date.UTC(year, month - months, day), end: after.getTime() };
}

/**
 * Every event of one customer up to the end of the window, in time order, including the visits of
 * trips before its start: those are not stored, but a customer's recent past shapes what they say.
 */
export function customerEvents(
  seed: number,
  profile: TDemoProfile,
  window: TDemoWindow,
): TDemoEvent[] {
  const random = new SeededRandom(hash32(seed, profile.index, STREAM.interactions));
  const { start, end } = window;
  const events: TDemoEvent[] = [];
  const bookingFrom = start - BOOKING_LEAD_IN;
  const trips = random.poisson(
    (TRIPS_PER_YEAR[profile.travellerType] * (end - bookingFrom)) / YEAR,
  );
  for (let trip = 0; trip < trips; trip += 1) {
    events.push(...tripEvents(random, profile, random.between(bookingFrom, end)));
  }
  if (profile.tier !== 'none' && profile.emailConsent && !profile.optedOut) {
    const emails = random.poisson((EMAILS_PER_YEAR * (end - start)) / YEAR);
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
  const happened = events.filter((e) => e.at < end);
  // Stable: events at the same second keep their generated order.
  happened.sort((a, b) => a.at - b.at);
  return happened;
}

/** All interactions of one customer within the window, in time order, with external ids. */
export function customerInteractions(
  seed: number,
  profile: TDemoProfile,
  window: TDemoWindow,
): TInteractionImportRow[] {
  const inWindow = customerEvents(seed, profile, window).filter((e) => e.at >= window.start);
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
  window: TDemoWindow;
  batchSize?: number;
}): Generator<TDemoBatch<TInteractionImportRow>, void, undefined> {
  const batchSize = options.batchSize ?? 5000;
  let records: TInteractionImportRow[] = [];
  for (let index = 0; index < options.customers; index += 1) {
    const { profile } = demoCustomerAt(options.seed, index);
    for (const row of customerInteractions(options.seed, profile, options.window)) {
      records.push(row);
      if (records.length === batchSize) {
        yield { records, customersDone: index };
        records = [];
      }
    }
  }
  if (records.length > 0) yield { records, customersDone: options.customers };
}
