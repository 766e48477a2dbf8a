/**
 * What happens on one Aurora trip: a booking, then per flight leg check-in, bags, fast track,
 * lounge, boarding, the flight with its meal, wifi and entertainment, the belt, and now and then a
 * complaint. Probabilities follow the segment: business travellers use the app and fast track,
 * leisure travellers check bags; lounges admit the business cabin and Gold and Platinum members.
 */
import type { TAttributes } from '@touchstone/core';
import type { TCabin, TChannelDetail, TRoute } from './aurora-model.js';
import type { TAuroraTouchpointKey } from './aurora-touchpoints.js';
import type { TDemoProfile } from './customer-generator.js';
import type { SeededRandom } from './random.js';

/** An interaction before it gets its external id: times are epoch milliseconds. */
export interface TDemoEvent {
  at: number;
  touchpoint: TAuroraTouchpointKey;
  type: string;
  amount: number | null;
  attributes: TAttributes;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const cents = (value: number) => Math.round(value * 100) / 100;

function chooseCabin(random: SeededRandom, profile: TDemoProfile, route: TRoute): TCabin {
  const premiumTier = profile.tier === 'gold' || profile.tier === 'platinum';
  if (profile.travellerType === 'business') {
    const business = (route === 'international' ? 0.45 : 0.2) + (premiumTier ? 0.15 : 0);
    return random.weighted([
      ['business', business],
      ['premium-economy', 0.2],
      ['economy', 0.8 - business],
    ]);
  }
  return random.weighted([
    ['business', premiumTier ? 0.08 : 0.03],
    ['premium-economy', 0.12],
    ['economy', 0.85],
  ]);
}

/** The fare of a booking in EUR, by route, cabin and number of legs. */
function fare(random: SeededRandom, route: TRoute, cabin: TCabin, legs: number): number {
  const base = route === 'international' ? random.between(180, 750) : random.between(70, 220);
  const multiplier = cabin === 'business' ? 3.2 : cabin === 'premium-economy' ? 1.6 : 1;
  return cents(base * multiplier * legs);
}

function bookingChannel(
  random: SeededRandom,
  profile: TDemoProfile,
): [TAuroraTouchpointKey, TChannelDetail] {
  const channel = random.weighted<TAuroraTouchpointKey>(
    profile.travellerType === 'business'
      ? [
          ['mobile-app', 45],
          ['web-booking', 35],
          ['call-centre', profile.tier === 'platinum' ? 30 : 15],
        ]
      : [
          ['web-booking', 60],
          ['mobile-app', 25],
          ['call-centre', 15],
        ],
  );
  if (channel === 'mobile-app') return [channel, random.chance(0.55) ? 'ios' : 'android'];
  if (channel === 'call-centre') return [channel, 'agent'];
  return [channel, random.chance(0.7) ? 'desktop' : 'mobile-web'];
}

/** The events of one flight leg departing at `departAt`. */
function legEvents(
  random: SeededRandom,
  profile: TDemoProfile,
  route: TRoute,
  cabin: TCabin,
  departAt: number,
): TDemoEvent[] {
  const events: TDemoEvent[] = [];
  const add = (
    at: number,
    touchpoint: TAuroraTouchpointKey,
    type: string,
    channelDetail: TChannelDetail | null,
    amount: number | null = null,
  ) => {
    const attributes: TAttributes = { cabin };
    if (channelDetail !== null) attributes['channel_detail'] = channelDetail;
    events.push({ at: Math.round(at / 1000) * 1000, touchpoint, type, amount, attributes });
  };
  const business = profile.travellerType === 'business';
  const premiumTier = profile.tier === 'gold' || profile.tier === 'platinum';

  const checkIn = random.weighted<TAuroraTouchpointKey>([
    ['mobile-app', business ? 70 : 45],
    ['check-in-kiosk', 20],
    ['check-in-desk', business ? 10 : 35],
  ]);
  const checkInAt = departAt - random.between(2 * HOUR, 26 * HOUR);
  if (checkIn === 'mobile-app') {
    add(checkInAt, checkIn, 'check-in', random.chance(0.55) ? 'ios' : 'android');
  } else {
    add(checkInAt, checkIn, 'check-in', checkIn === 'check-in-kiosk' ? 'kiosk' : 'counter');
  }
  const checkedBag = random.chance(business ? 0.3 : 0.7);
  if (checkedBag)
    add(departAt - random.between(70 * MINUTE, 150 * MINUTE), 'bag-drop', 'bag-drop', null);
  const priority = cabin === 'business' || premiumTier;
  if (priority) {
    add(
      departAt - random.between(50 * MINUTE, 100 * MINUTE),
      'security-fast-track',
      'security',
      null,
    );
  }
  if (priority && random.chance(0.8)) {
    const arrive = departAt - random.between(40 * MINUTE, 90 * MINUTE);
    add(arrive, 'lounge-space', 'lounge-visit', null);
    if (random.chance(0.7))
      add(arrive + random.between(2, 15) * MINUTE, 'lounge-bar', 'order', null);
    if (random.chance(0.5))
      add(arrive + random.between(5, 25) * MINUTE, 'lounge-food', 'order', null);
  }
  add(departAt - random.between(15 * MINUTE, 35 * MINUTE), 'boarding-gate', 'boarding', null);
  add(departAt + 20 * MINUTE, 'cabin-crew', 'flight', 'on-board');

  const duration =
    route === 'international' ? random.between(2, 10) * HOUR : random.between(1, 2) * HOUR;
  if (cabin !== 'economy' || route === 'international') {
    if (random.chance(0.9)) add(departAt + 45 * MINUTE, 'inflight-meals', 'meal', 'on-board');
  } else if (random.chance(0.35)) {
    // Buy-on-board on short economy flights: a small transaction.
    add(
      departAt + 40 * MINUTE,
      'inflight-meals',
      'purchase',
      'on-board',
      cents(random.between(4.5, 16)),
    );
  }
  if (random.chance(business ? 0.35 : 0.12)) {
    const price = profile.tier === 'platinum' ? null : route === 'international' ? 15 : 8;
    add(departAt + 30 * MINUTE, 'inflight-wifi', 'wifi-session', 'on-board', price);
  }
  if (random.chance(route === 'international' ? 0.5 : 0.1)) {
    add(departAt + 35 * MINUTE, 'inflight-entertainment', 'stream', 'on-board');
  }

  const arriveAt = departAt + duration;
  if (checkedBag)
    add(
      arriveAt + random.between(15 * MINUTE, 45 * MINUTE),
      'baggage-claim',
      'baggage-claim',
      null,
    );
  if (checkedBag && random.chance(0.03)) {
    add(
      arriveAt + random.between(30 * MINUTE, 60 * MINUTE),
      'complaints-desk',
      'complaint',
      'counter',
    );
  } else if (random.chance(0.03)) {
    const after = arriveAt + random.between(1 * DAY, 7 * DAY);
    if (random.chance(0.5)) add(after, 'call-centre', 'complaint', 'agent');
    else
      add(after, 'customer-care-chat', 'complaint', random.chance(0.6) ? 'desktop' : 'mobile-web');
  }
  return events;
}

/** The events of one trip booked at `bookedAt`: the booking and its one or two legs. */
export function tripEvents(
  random: SeededRandom,
  profile: TDemoProfile,
  bookedAt: number,
): TDemoEvent[] {
  const business = profile.travellerType === 'business';
  const route: TRoute = random.chance(0.85)
    ? profile.route
    : profile.route === 'domestic'
      ? 'international'
      : 'domestic';
  const cabin = chooseCabin(random, profile, route);
  const returnTrip = random.chance(business ? 0.85 : 0.8);
  const [channel, channelDetail] = bookingChannel(random, profile);
  const amount = fare(random, route, cabin, returnTrip ? 2 : 1);
  const booking: TDemoEvent = {
    at: Math.round(bookedAt / 1000) * 1000,
    touchpoint: channel,
    type: 'booking',
    amount,
    attributes: { cabin, channel_detail: channelDetail },
  };
  const leadDays = business ? random.between(2, 21) : random.between(14, 120);
  const departDay = Math.floor((bookedAt + leadDays * DAY) / DAY) * DAY;
  const outbound = departDay + random.between(6, 21) * HOUR;
  const events = [booking, ...legEvents(random, profile, route, cabin, outbound)];
  if (returnTrip) {
    const stayDays = business ? random.int(1, 4) : random.int(3, 14);
    const back = departDay + stayDays * DAY + random.between(7, 22) * HOUR;
    events.push(...legEvents(random, profile, route, cabin, back));
  }
  return events;
}
