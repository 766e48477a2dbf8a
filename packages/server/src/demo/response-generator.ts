/**
 * The survey answers of one demo customer, rebuilt from (seed, customer) like the interactions:
 * a share of the visits to surveyed touchpoints get a touchpoint survey shortly after, and a share
 * of customers answer the relationship NPS each quarter, scored from their recent visits.
 */
import type { TAnswers } from '@touchstone/core';
import type { TAuroraTouchpointKey } from './aurora-touchpoints.js';
import { commentFor, npsLikedMost, npsReason, npsWentWrong } from './comment-text.js';
import type { TDemoProfile } from './customer-generator.js';
import {
  EXPERIENCE_ITEMS,
  SURVEY_OF_TOUCHPOINT,
  TRANSACTIONAL_SURVEYS,
  type TExperienceItem,
  type TTransactionalKey,
} from './demo-surveys.js';
import {
  CES_SCALE,
  CSAT_SCALE,
  customerMood,
  gaussian,
  ITEM_PROFILE,
  ITEM_NOISE_TO_NPS,
  ITEM_SCALE,
  NPS_ITEM_WEIGHT,
  NPS_SCALE,
  PLANTED_CHANGE,
  plantedChangeApplies,
  plantedChangeStart,
  scaleScore,
  scoreOf,
  visitExperience,
} from './experience-model.js';
import { customerEvents, type TDemoWindow } from './interaction-generator.js';
import { SeededRandom, hash32 } from './random.js';

/** Salts of the response streams (the customer and interaction streams use 1 and 2). */
const STREAM = { visits: 3, answers: 4 } as const;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** How far back the relationship NPS looks at the customer's visits. */
const RECENT = 180 * DAY;
/** The relationship survey's period. */
const QUARTER = 91 * DAY;

/** How many answer: a share of surveyed visits, a share of customers per quarter. */
export interface TResponseShares {
  transactional: number;
  relationship: number;
}

export const DEFAULT_SHARES: TResponseShares = { transactional: 0.25, relationship: 0.2 };

/**
 * How much more often a visit to some touchpoints is answered than the transactional share says:
 * the lounge bar's survey is a card on every table, answered over a drink.
 */
const ANSWERED_MORE: Partial<Record<TAuroraTouchpointKey, number>> = { 'lounge-bar': 1.8 };

/** One generated response: which survey, where, when (epoch ms) and the answers. */
export interface TDemoAnswered {
  survey: 'relationship' | TTransactionalKey;
  touchpoint: TAuroraTouchpointKey | null;
  at: number;
  answers: TAnswers;
}

/** How strongly each module's item follows the visit (SENSE and FEEL the most). */
const LOADING: Record<TExperienceItem, number> = {
  sense: 1,
  feel: 1,
  think: 0.5,
  act: 0.85,
  relate: 0.7,
};

function transactionalAnswers(
  random: SeededRandom,
  key: TTransactionalKey,
  touchpoint: TAuroraTouchpointKey,
  experience: number,
  mood: number,
  planted: boolean,
): TAnswers {
  const spec = TRANSACTIONAL_SURVEYS[key];
  // The planted change hits what the drink is about, and only that: satisfaction, the senses and
  // the mood (the SENSE and FEEL items); the other items, service and NPS stay as they were.
  const hit = planted ? experience - PLANTED_CHANGE.drop : experience;
  const answers: TAnswers = {};
  answers[spec.metric] =
    spec.metric === 'csat'
      ? scaleScore(random, hit, CSAT_SCALE)
      : scaleScore(random, hit, CES_SCALE);
  // Each item is the visit plus where the touchpoint stands out, and its own noise; NPS weighs
  // the items' own parts unequally, so some items drive it more than others. NPS reads the
  // visit before the planted change: it does not move with it.
  const matrix: Record<string, number> = {};
  const profile = ITEM_PROFILE[touchpoint] ?? {};
  let npsLatent = 0;
  for (const item of EXPERIENCE_ITEMS) {
    const deviate = gaussian(random);
    const offset = profile[item] ?? 0;
    const latent = (item === 'sense' || item === 'feel' ? hit : experience) + offset;
    matrix[item] = scoreOf(LOADING[item] * latent, deviate, ITEM_SCALE);
    npsLatent += NPS_ITEM_WEIGHT[item] * (experience + offset + ITEM_NOISE_TO_NPS * deviate);
  }
  answers['experience'] = matrix;
  if (random.chance(0.85)) {
    const service: Record<string, number> = {};
    for (const dimension of spec.servqual) {
      service[dimension] = scaleScore(random, 0.8 * experience, ITEM_SCALE);
    }
    answers['service'] = service;
  }
  if (random.chance(0.9)) {
    answers['nps'] = scaleScore(random, npsLatent + 0.6 * mood, NPS_SCALE);
  }
  const comment = commentFor(random, touchpoint, hit, planted);
  if (comment !== null) answers['comment'] = comment;
  return answers;
}

function relationshipAnswers(random: SeededRandom, latent: number): TAnswers {
  const score = scaleScore(random, latent, NPS_SCALE);
  const answers: TAnswers = { nps: score };
  if (random.chance(0.6)) answers['nps_reason'] = npsReason(random, score);
  if (score <= 6) answers['nps_went_wrong'] = npsWentWrong(random);
  else if (score >= 9 && random.chance(0.5)) answers['nps_liked_most'] = npsLikedMost(random);
  return answers;
}

/** Every response of one customer within the window, in time order. */
export function customerResponses(
  seed: number,
  profile: TDemoProfile,
  window: TDemoWindow,
  shares: TResponseShares,
): TDemoAnswered[] {
  if (profile.optedOut) return [];
  const { start, end } = window;
  const plantedFrom = plantedChangeStart(window);
  // Visits draw from their own stream, so the experiences do not depend on who answers.
  const visits = new SeededRandom(hash32(seed, profile.index, STREAM.visits));
  const random = new SeededRandom(hash32(seed, profile.index, STREAM.answers));
  const mood = customerMood(visits, profile);
  const out: TDemoAnswered[] = [];
  const history: { at: number; experience: number }[] = [];
  for (const event of customerEvents(seed, profile, window)) {
    const touchpoint = event.touchpoint;
    const key = SURVEY_OF_TOUCHPOINT.get(touchpoint);
    if (key === undefined) continue;
    const visitAt = event.at;
    const experience = visitExperience(visits, touchpoint, mood);
    // Visits before the window are remembered (below) but not surveyed.
    history.push({ at: visitAt, experience });
    if (visitAt < start) continue;
    const share = Math.min(1, shares.transactional * (ANSWERED_MORE[touchpoint] ?? 1));
    if (!random.chance(share)) continue;
    const at = Math.round((visitAt + random.between(10 * MINUTE, 2 * DAY)) / 1000) * 1000;
    if (at >= end) continue;
    const planted = plantedChangeApplies(profile, touchpoint, visitAt, plantedFrom);
    const answers = transactionalAnswers(random, key, touchpoint, experience, mood, planted);
    out.push({ survey: key, touchpoint, at, answers });
  }
  for (let quarter = start; quarter < end; quarter += QUARTER) {
    const quarterEnd = Math.min(end, quarter + QUARTER);
    // A quarter cut short by the end of the window gets its share of answers, not a whole one.
    if (!random.chance((shares.relationship * (quarterEnd - quarter)) / QUARTER)) continue;
    // Rounded down: a response never lands on the end of the window.
    const at = Math.floor(random.between(quarter, quarterEnd) / 1000) * 1000;
    let sum = 0;
    let count = 0;
    for (const visit of history) {
      if (visit.at < at && visit.at >= at - RECENT) {
        sum += visit.experience;
        count++;
      }
    }
    const recent = count === 0 ? 0 : sum / count;
    out.push({
      survey: 'relationship',
      touchpoint: null,
      at,
      answers: relationshipAnswers(random, 0.8 * recent + 0.7 * mood),
    });
  }
  out.sort((a, b) => a.at - b.at);
  return out;
}
