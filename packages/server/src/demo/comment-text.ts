/**
 * Comments for the demo responses: per touchpoint a bank of praise and a bank of complaints, so
 * that what a respondent writes fits the scores they gave and the place they gave them for.
 */
import type { TAuroraTouchpointKey } from './aurora-touchpoints.js';
import type { SeededRandom } from './random.js';

interface TPhraseBank {
  good: readonly string[];
  bad: readonly string[];
}

const BANKS: Record<TAuroraTouchpointKey, TPhraseBank> = {
  'web-booking': {
    good: ['the booking took two minutes', 'seat selection was clear and quick'],
    bad: ['the payment page timed out twice', 'the fare changed between search and payment'],
  },
  'mobile-app': {
    good: [
      'the boarding pass was in my wallet straight away',
      'the app kept me posted on the gate',
    ],
    bad: ['the app logged me out at check-in', 'the app crashed when I tried to add my bag'],
  },
  'call-centre': {
    good: ['the agent sorted my rebooking in one call', 'short wait and a very kind agent'],
    bad: ['I waited forty minutes on hold', 'I was transferred three times'],
  },
  'loyalty-email': {
    good: ['the member offer was actually relevant', 'clear news about my tier'],
    bad: ['far too many e-mails', 'the offer had expired when I clicked it'],
  },
  'check-in-desk': {
    good: ['the desk staff were friendly and fast', 'no queue at the desk'],
    bad: ['only one desk was open for a long queue', 'the agent was rude about my bag'],
  },
  'check-in-kiosk': {
    good: ['the kiosk printed my tag in seconds', 'self check-in was easy'],
    bad: ['the kiosk would not read my passport', 'half the kiosks were out of order'],
  },
  'airport-wayfinding': {
    good: ['the signs made it easy to find my way', 'the announcements were clear'],
    bad: ['I could not find the transfer desk', 'the signs to the gate were confusing'],
  },
  'bag-drop': {
    good: ['bag drop took no time at all', 'the bag drop staff were helpful'],
    bad: ['the bag drop queue was endless', 'the belt at bag drop kept stopping'],
  },
  'security-fast-track': {
    good: ['fast track really was fast', 'through security in five minutes'],
    bad: ['the fast track lane was closed', 'fast track was slower than the normal lane'],
  },
  'boarding-gate': {
    good: ['boarding was calm and orderly', 'the gate staff boarded us on time'],
    bad: ['boarding was chaotic', 'the gate changed without an announcement'],
  },
  'lounge-space': {
    good: ['the lounge was quiet with plenty of seats', 'lovely calm lounge with a view'],
    bad: ['the lounge was packed and noisy', 'no free seats in the lounge'],
  },
  'lounge-bar': {
    good: ['the bar had exactly the drinks I like', 'friendly bartender and a good selection'],
    bad: ['the bar ran out of ice', 'a long wait at the bar'],
  },
  'lounge-food': {
    good: ['fresh food and good coffee', 'the hot dishes were excellent'],
    bad: ['the buffet was half empty', 'the food was cold'],
  },
  'cabin-crew': {
    good: ['the crew were warm and attentive', 'the crew made the flight a pleasure'],
    bad: ['the crew ignored the call button', 'the crew seemed stressed and curt'],
  },
  'inflight-meals': {
    good: ['the meal was tasty and well presented', 'good choice of meals on board'],
    bad: ['my meal choice had run out', 'the meal was bland'],
  },
  'inflight-wifi': {
    good: ['the wifi was fast enough for video calls', 'wifi worked all the way'],
    bad: ['the wifi dropped every few minutes', 'I paid for wifi that never connected'],
  },
  'inflight-entertainment': {
    good: ['great choice of films', 'the screen and headphones were excellent'],
    bad: ['my screen did not work', 'the same films as last month'],
  },
  'baggage-claim': {
    good: ['my bag was on the belt straight away', 'bags arrived quickly'],
    bad: ['my bag took an hour to arrive', 'my suitcase came out damaged'],
  },
  'complaints-desk': {
    good: ['they took my complaint seriously', 'the desk solved my problem on the spot'],
    bad: ['nobody at the desk could help', 'I am still waiting for an answer'],
  },
  'customer-care-chat': {
    good: ['the chat agent answered within a minute', 'the chat solved it quickly'],
    bad: ['the chat bot went round in circles', 'the chat closed before I got an answer'],
  },
};

/** What the planted change makes business travellers on international routes write. */
const DRINK_COMPLAINTS = [
  'they replaced the diet cola with a lemon one',
  'where has the diet cola gone? the lemon version is not the same',
  'the bar only has lemon cola now instead of the diet cola',
];

const GOOD_OPENERS = ['Great:', 'Well done,', 'Very happy:', 'Thank you,'];
const BAD_OPENERS = ['Disappointing:', 'Not good,', 'Please fix this:', 'Sadly'];

/**
 * A comment that fits the experience: praise above `good`, a complaint below `bad`, nothing in
 * between; `drink` makes the complaint the replaced drink of the planted lounge change.
 */
export function commentFor(
  random: SeededRandom,
  touchpoint: TAuroraTouchpointKey,
  experience: number,
  drink: boolean,
): string | null {
  const bank = BANKS[touchpoint];
  if (drink) return `${random.pick(BAD_OPENERS)} ${random.pick(DRINK_COMPLAINTS)}.`;
  if (experience >= 0.6) return `${random.pick(GOOD_OPENERS)} ${random.pick(bank.good)}.`;
  if (experience <= -0.6) return `${random.pick(BAD_OPENERS)} ${random.pick(bank.bad)}.`;
  return null;
}

/** The free-text answers of a relationship NPS response, after the score. */
export function npsReason(random: SeededRandom, score: number): string {
  if (score >= 9)
    return random.pick([
      'Reliable and friendly',
      'The best airline I fly',
      'Great lounges and crew',
    ]);
  if (score <= 6)
    return random.pick(['Too many delays', 'Service has slipped', 'Poor value for money']);
  return random.pick(['Fine, nothing special', 'OK for the price', 'Mostly good']);
}
