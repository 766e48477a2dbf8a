/**
 * How Aurora's touchpoints are experienced: a latent quality per touchpoint, segment effects and
 * noise give one latent experience per visit, from which every score of a response follows.
 * Scores share that latent experience, so key drivers find the touchpoint items behind NPS.
 *
 * One change is planted: some months before the end of the history (`plantedChangeStart`) the
 * lounge bar serves a lemon cola instead of the diet cola, and international business travellers,
 * who liked it, feel it in their CSAT and in the SENSE and FEEL items at the bar; nobody else
 * notices, and nothing else changes: every touchpoint's quality is the same from start to end.
 */
import type { TLoyaltyTier } from './aurora-model.js';
import type { TAuroraTouchpointKey } from './aurora-touchpoints.js';
import type { TDemoProfile } from './customer-generator.js';
import type { TDemoWindow } from './interaction-generator.js';
import type { SeededRandom } from './random.js';

/** Mean latent experience at each touchpoint (0 = average; one unit = one noise deviation). */
const TOUCHPOINT_QUALITY: Record<TAuroraTouchpointKey, number> = {
  'web-booking': 0.35,
  'mobile-app': 0.5,
  'call-centre': -0.35,
  'loyalty-email': 0,
  'check-in-desk': 0.1,
  'check-in-kiosk': 0.05,
  'airport-wayfinding': -0.2,
  'bag-drop': -0.15,
  'security-fast-track': 0.3,
  'boarding-gate': -0.1,
  'lounge-space': 0.55,
  'lounge-bar': 0.6,
  'lounge-food': 0.3,
  'cabin-crew': 0.65,
  'inflight-meals': -0.05,
  'inflight-wifi': -0.5,
  'inflight-entertainment': 0.15,
  'baggage-claim': -0.3,
  'complaints-desk': -0.7,
  'customer-care-chat': -0.1,
};

type TItem = 'sense' | 'feel' | 'think' | 'act' | 'relate';

/**
 * Where each touchpoint stands out, item by item (in noise deviations, on top of its quality):
 * the lounges delight the senses, the crew is warm, the app is quick to act in, the wifi makes
 * people think twice. So the experiential profile differs by touchpoint, and from the promise.
 */
export const ITEM_PROFILE: Partial<Record<TAuroraTouchpointKey, Partial<Record<TItem, number>>>> = {
  'web-booking': { think: 0.4, act: 0.5, sense: -0.3, relate: -0.3 },
  'mobile-app': { act: 0.6, think: 0.3, feel: -0.2 },
  'call-centre': { feel: -0.6, act: -0.3, relate: -0.2 },
  'loyalty-email': { relate: 0.6, think: 0.2, sense: -0.4 },
  'check-in-kiosk': { act: 0.3, relate: -0.4 },
  'airport-wayfinding': { think: -0.6, sense: -0.2 },
  'security-fast-track': { act: 0.4 },
  'lounge-space': { sense: 0.6, feel: 0.4, relate: 0.3, think: -0.2 },
  'lounge-bar': { sense: 0.7, feel: 0.3 },
  'lounge-food': { sense: 0.5, act: -0.2 },
  'cabin-crew': { feel: 0.6, relate: 0.5, sense: -0.1 },
  'inflight-wifi': { think: -0.8, act: -0.4, sense: -0.2 },
  'inflight-entertainment': { sense: 0.4, think: 0.3 },
  'baggage-claim': { act: -0.5, feel: -0.3 },
  'complaints-desk': { feel: -0.7, relate: -0.4 },
};

/**
 * How much each item's own part of a visit moves the likelihood to recommend: how the visit made
 * people feel matters most, whether they related to the brand least, as in most service research.
 * They add up to the weight the whole visit had on NPS.
 */
export const NPS_ITEM_WEIGHT: Record<TItem, number> = {
  feel: 0.3,
  sense: 0.18,
  act: 0.12,
  think: 0.06,
  relate: 0.04,
};

/** How much of an item's own noise (its deviate) carries into the likelihood to recommend. */
export const ITEM_NOISE_TO_NPS = 0.8;

const TIER_EFFECT: Record<TLoyaltyTier, number> = {
  none: -0.1,
  silver: 0,
  gold: 0.1,
  platinum: 0.2,
};

/** The planted change: where, for whom, and how much worse (from `plantedChangeStart`). */
export const PLANTED_CHANGE = {
  touchpoint: 'lounge-bar' as TAuroraTouchpointKey,
  travellerType: 'business',
  route: 'international',
  /** Whole calendar months from the change to the month of the history's last day. */
  monthsBeforeEnd: 4,
  /** Drop of the latent experience behind CSAT, SENSE and FEEL (in noise deviations). */
  drop: 1.8,
};

/**
 * When the planted change starts (epoch ms): the first day of the month `monthsBeforeEnd` months
 * before the month of the history's last day, so that it falls four to five months before the end,
 * with months of data on both sides; a history too short for that has it near its middle.
 */
export function plantedChangeStart(window: TDemoWindow): number {
  const first = new Date(window.start);
  const last = new Date(window.end - 1);
  const monthOf = (day: Date) => day.getUTCFullYear() * 12 + day.getUTCMonth();
  const back = Math.min(
    PLANTED_CHANGE.monthsBeforeEnd,
    Math.floor((monthOf(last) - monthOf(first)) / 2),
  );
  return Date.UTC(last.getUTCFullYear(), last.getUTCMonth() - back, 1);
}

/** A standard normal deviate (Box-Muller on two draws of the seeded stream). */
export function gaussian(random: SeededRandom): number {
  const u = 1 - random.next();
  const v = random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A customer's lasting disposition: some people rate everything higher than others. */
export function customerMood(random: SeededRandom, profile: TDemoProfile): number {
  const critical = profile.travellerType === 'business' ? -0.1 : 0.05;
  return 0.45 * gaussian(random) + TIER_EFFECT[profile.tier] + critical;
}

/**
 * Whether the planted change, in force from `from` (see `plantedChangeStart`), applies to this
 * customer's visit to this touchpoint at `at`.
 */
export function plantedChangeApplies(
  profile: TDemoProfile,
  touchpoint: TAuroraTouchpointKey,
  at: number,
  from: number,
): boolean {
  return (
    touchpoint === PLANTED_CHANGE.touchpoint &&
    at >= from &&
    profile.travellerType === PLANTED_CHANGE.travellerType &&
    profile.route === PLANTED_CHANGE.route
  );
}

/** The latent experience of one visit, before the planted change. */
export function visitExperience(
  random: SeededRandom,
  touchpoint: TAuroraTouchpointKey,
  mood: number,
): number {
  return TOUCHPOINT_QUALITY[touchpoint] + mood + 0.8 * gaussian(random);
}

type TScale = { min: number; max: number; centre: number; slope: number; noise: number };

/** A score on [min, max] around `centre + slope * latent`, with the item's deviate, rounded. */
export function scoreOf(latent: number, deviate: number, scale: TScale): number {
  const raw = scale.centre + scale.slope * latent + scale.noise * deviate;
  return Math.min(scale.max, Math.max(scale.min, Math.round(raw)));
}

/** A score on [min, max] around `centre + slope * latent`, with item noise, rounded. */
export function scaleScore(random: SeededRandom, latent: number, scale: TScale): number {
  return scoreOf(latent, gaussian(random), scale);
}

export const CSAT_SCALE = { min: 1, max: 5, centre: 3.9, slope: 0.75, noise: 0.45 };
export const CES_SCALE = { min: 1, max: 7, centre: 5.2, slope: 1.0, noise: 0.6 };
export const ITEM_SCALE = { min: 1, max: 7, centre: 4.9, slope: 0.95, noise: 0.7 };
export const NPS_SCALE = { min: 0, max: 10, centre: 7.3, slope: 1.6, noise: 1.0 };
