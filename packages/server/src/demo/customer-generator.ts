/**
 * Aurora's customers, generated one at a time from (seed, index): customer N is the same whatever
 * the batch size or how many customers come before it, so records can be streamed in batches and
 * the interaction generator can rebuild a customer's profile without keeping the list in memory.
 */
import type { TCustomerCreate } from '@touchstone/core';
import type { TLoyaltyTier, TRoute, TTravellerType } from './aurora-model.js';
import { COUNTRIES, EMAIL_DOMAINS, emailLocalPart } from './demo-people.js';
import { SeededRandom, hash32 } from './random.js';

/** What the interaction generator needs to know about a customer. */
export interface TDemoProfile {
  index: number;
  externalId: string;
  travellerType: TTravellerType;
  route: TRoute;
  tier: TLoyaltyTier;
  emailConsent: boolean;
  optedOut: boolean;
}

export interface TDemoCustomer {
  record: TCustomerCreate;
  profile: TDemoProfile;
}

/** A batch of generated records and how many customers have been generated so far. */
export interface TDemoBatch<T> {
  records: T[];
  customersDone: number;
}

/** Salts that keep the per-customer random streams of different purposes independent. */
export const STREAM = { customer: 1, interactions: 2 } as const;

const COUNTRY_WEIGHTS = COUNTRIES.map((c) => [c, c.weight] as const);

const TIER_MIX: Record<TTravellerType, readonly (readonly [TLoyaltyTier, number])[]> = {
  business: [
    ['none', 25],
    ['silver', 30],
    ['gold', 30],
    ['platinum', 15],
  ],
  leisure: [
    ['none', 60],
    ['silver', 25],
    ['gold', 12],
    ['platinum', 3],
  ],
};

/** The loyalty number that identifies a customer in imports and the API. */
export function customerExternalId(index: number): string {
  return `AC${String(index + 1).padStart(8, '0')}`;
}

/** Customer number `index` (0-based) of the demo with the given seed. */
export function demoCustomerAt(seed: number, index: number): TDemoCustomer {
  const random = new SeededRandom(hash32(seed, index, STREAM.customer));
  const country = random.weighted(COUNTRY_WEIGHTS);
  const first = random.pick(country.firstNames);
  const last = random.pick(country.lastNames);
  const travellerType: TTravellerType = random.chance(0.32) ? 'business' : 'leisure';
  const route: TRoute = random.chance(travellerType === 'business' ? 0.6 : 0.4)
    ? 'international'
    : 'domestic';
  const tier = random.weighted(TIER_MIX[travellerType]);
  const domain = random.weighted(EMAIL_DOMAINS);
  const hasEmail = random.chance(0.94);
  const hasPhone = random.chance(0.6);
  const phone = `${country.phonePrefix} ${String(random.int(100, 999))} ${String(random.int(1000, 9999))}`;
  const emailConsent = hasEmail && random.chance(0.72);
  const optedOut = random.chance(0.02);
  const externalId = customerExternalId(index);
  return {
    record: {
      externalId,
      name: `${first} ${last}`,
      email: hasEmail ? `${emailLocalPart(first, last)}.${String(index + 1)}@${domain}` : null,
      phone: hasPhone ? phone : null,
      locale: country.locale,
      emailConsent,
      optedOut,
      attributes: {
        traveller_type: travellerType,
        route,
        loyalty_tier: tier,
        home_country: country.code,
      },
    },
    profile: { index, externalId, travellerType, route, tier, emailConsent, optedOut },
  };
}

/** Streams the customer records in batches of `batchSize`. */
export function* generateCustomerBatches(options: {
  seed: number;
  customers: number;
  batchSize?: number;
}): Generator<TDemoBatch<TCustomerCreate>, void, undefined> {
  const batchSize = options.batchSize ?? 1000;
  let records: TCustomerCreate[] = [];
  for (let index = 0; index < options.customers; index += 1) {
    records.push(demoCustomerAt(options.seed, index).record);
    if (records.length === batchSize) {
      yield { records, customersDone: index + 1 };
      records = [];
    }
  }
  if (records.length > 0) yield { records, customersDone: options.customers };
}
