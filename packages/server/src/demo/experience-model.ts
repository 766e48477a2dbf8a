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

/** A score on [min, max] around `centre + slope * latent`, with item noise, rounded. */
export function scaleScore(
  random: SeededRandom,
  latent: number,
  scale: { min: number; max: number; centre: number; slope: number; noise: number },
): number {
  const raw = scale.centre + scale.slope * latent + scale.noise * gaussian(random);
  return Math.min(scale.max, Math.max(scale.min, Math.round(raw)));
}

export const CSAT_SCALE = { min: 1, max: 5, centre: 3.9, slope: 0.75, noise: 0.45 };
export const CES_SCALE = { min: 1, max: 7, centre: 5.2, slope: 1.0, noise: 0.6 };
export const ITEM_SCALE = { min: 1, max: 7, centre: 4.9, slope: 0.95, noise: 0.7 };
export const NPS_SCALE = { min: 0, max: 10, centre: 7.3, slope: 1.6, noise: 1.0 };
