/**
 * Comments for the demo responses, written the way customers write them: short or long, praise,
 * complaint, a bit of both or neither, fitting the experience they scored and the place they
 * scored it for. Whether someone writes, and what, depends only on that experience, so comments
 * are the same mix from the first month to the last, except where the planted change is felt.
 */
import type { TAuroraTouchpointKey } from './aurora-touchpoints.js';
import {
  BAD_CLOSERS,
  BAD_OPENERS,
  COLA_COMPLAINTS,
  GOOD_CLOSERS,
  GOOD_OPENERS,
  NEUTRAL_CLOSERS,
  NPS_LIKED_MOST,
  NPS_REASONS,
  NPS_WENT_WRONG,
  PHRASES,
} from './comment-phrases.js';
import type { SeededRandom } from './random.js';

type TTone = 'good' | 'bad' | 'mixed' | 'neutral';

/** How far from neutral an experience must be to be praised or blamed outright. */
const CLEAR = 0.5;
/** Share of the people who felt the planted change who write about the drinks when they write. */
const DRINK_SHARE = 0.8;

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Ends a sentence, unless it already ends with its own punctuation. */
const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/** Some people write in lower case without a final full stop. */
function styled(random: SeededRandom, text: string): string {
  if (random.chance(0.1)) return text.toLowerCase().replace(/[.!]$/, '');
  return text;
}

/** The tone of a comment: clear experiences are praised or blamed, middling ones weighed. */
function toneOf(random: SeededRandom, experience: number): TTone {
  if (experience >= CLEAR) return random.chance(0.85) ? 'good' : 'mixed';
  if (experience <= -CLEAR) return random.chance(0.85) ? 'bad' : 'mixed';
  return random.chance(0.6) ? 'neutral' : 'mixed';
}

/** One, two or three sentences of one tone about `clauses`. */
function oneSided(
  random: SeededRandom,
  clauses: readonly string[],
  openers: readonly string[],
  closers: readonly string[],
): string {
  const first = random.pick(clauses);
  switch (random.int(0, 4)) {
    case 0:
      return sentence(`${random.pick(openers)} ${first}`);
    case 1: {
      const second = random.pick(clauses);
      if (second === first) return sentence(capitalise(first));
      return sentence(`${capitalise(first)}, and ${second}`);
    }
    case 2:
      return `${sentence(capitalise(first))} ${random.pick(closers)}`;
    default:
      return sentence(capitalise(first));
  }
}

/** Praise and a complaint in one comment, either way round. */
function mixed(random: SeededRandom, good: string, bad: string): string {
  return random.chance(0.5)
    ? sentence(`${capitalise(good)}, but ${bad}`)
    : sentence(`${capitalise(bad)}, although ${good}`);
}

/** A complaint about the replaced cola, now and then beside praise for the rest of the lounge. */
function drinkComplaint(random: SeededRandom): string {
  const complaint = random.pick(COLA_COMPLAINTS);
  switch (random.int(0, 4)) {
    case 0:
      return sentence(`${random.pick(BAD_OPENERS)} ${complaint}`);
    case 1:
      return sentence(`${capitalise(random.pick(PHRASES['lounge-space'].good))}, but ${complaint}`);
    case 2:
      return `${sentence(capitalise(complaint))} ${random.pick(BAD_CLOSERS)}`;
    default:
      return sentence(capitalise(complaint));
  }
}

/**
 * The comment of a touchpoint response, or null when the respondent writes none: the further the
 * experience from neutral, the likelier a comment. `planted` marks a visit that felt the planted
 * lounge-bar change: most of those who write then write about the drink.
 */
export function commentFor(
  random: SeededRandom,
  touchpoint: TAuroraTouchpointKey,
  experience: number,
  planted: boolean,
): string | null {
  const writes = 0.2 + 0.35 * Math.min(1, Math.abs(experience) / 1.5);
  if (!random.chance(writes)) return null;
  if (planted && random.chance(DRINK_SHARE)) return styled(random, drinkComplaint(random));
  const bank = PHRASES[touchpoint];
  const tone = toneOf(random, experience);
  let text: string;
  if (tone === 'good') text = oneSided(random, bank.good, GOOD_OPENERS, GOOD_CLOSERS);
  else if (tone === 'bad') text = oneSided(random, bank.bad, BAD_OPENERS, BAD_CLOSERS);
  else if (tone === 'mixed') text = mixed(random, random.pick(bank.good), random.pick(bank.bad));
  else if (random.chance(0.5)) text = sentence(capitalise(random.pick(bank.neutral)));
  else text = `${sentence(capitalise(random.pick(bank.neutral)))} ${random.pick(NEUTRAL_CLOSERS)}`;
  return styled(random, text);
}

/** Why a relationship NPS respondent gave `score` (0 to 10). */
export function npsReason(random: SeededRandom, score: number): string {
  if (score >= 9) return random.pick(NPS_REASONS.promoter);
  if (score <= 6) return random.pick(NPS_REASONS.detractor);
  return random.pick(NPS_REASONS.passive);
}

/** What went wrong, in a detractor's words. */
export function npsWentWrong(random: SeededRandom): string {
  return random.pick(NPS_WENT_WRONG);
}

/** What a promoter liked most. */
export function npsLikedMost(random: SeededRandom): string {
  return random.pick(NPS_LIKED_MOST);
}
