/**
 * The words of the demo's comments: the touchpoint banks of both halves of the journey, what the
 * planted lounge-bar change makes people write, the openers and closers around a clause, and the
 * reasons given in the relationship NPS survey.
 */
import type { TAuroraTouchpointKey } from './aurora-touchpoints.js';
import { BOOKING_AIRPORT_PHRASES } from './comment-phrases-booking-airport.js';
import { LOUNGE_FLIGHT_PHRASES } from './comment-phrases-lounge-flight.js';

/** Clauses about one touchpoint: lower case, no final punctuation. */
export interface TPhraseBank {
  good: readonly string[];
  bad: readonly string[];
  neutral: readonly string[];
}

export const PHRASES: Record<TAuroraTouchpointKey, TPhraseBank> = {
  ...BOOKING_AIRPORT_PHRASES,
  ...LOUNGE_FLIGHT_PHRASES,
};

/** What international business travellers write about the bar once the diet cola is gone. */
export const COLA_COMPLAINTS = [
  'the bar only has lemon cola now instead of the diet cola, really disappointing',
  'no diet cola any more, only a horrible lemon cola',
  'asked for a diet coke, got lemon cola. awful',
  'they replaced the diet cola with a lemon one and it is terrible',
  'where has the diet cola gone? the lemon version is not the same',
  'the soft drinks at the bar got worse: lemon cola instead of diet cola',
  'lemon cola is a poor substitute for diet cola',
  'bring back the diet cola, the lemon cola is horribly sweet',
  'I always have a diet cola before a long flight and now there is only lemon cola, so annoying',
  'the bartender told me the diet cola has been replaced by lemon cola for good, what a shame',
  'the drinks at the bar are a letdown since the diet cola went',
  'no sugar-free cola at the bar, just this nasty lemon stuff',
  'the new lemon cola tastes artificial and I hate it, I want my diet cola back',
  'why swap the diet cola for lemon cola? nobody asked for that',
  'lemon cola instead of diet cola at the bar, seriously disappointed',
  'the bar drinks have gone downhill, no diet cola anywhere',
];

export const GOOD_OPENERS = ['Great:', 'Well done,', 'Very happy:', 'Honestly,', 'Really nice:'];
export const BAD_OPENERS = [
  'Disappointing:',
  'Not good,',
  'Please fix this:',
  'Sadly',
  'Honestly,',
];
export const GOOD_CLOSERS = [
  'Thank you!',
  'Keep it up.',
  'Will fly Aurora again.',
  'Exactly what I expect from Aurora.',
  'Made my day.',
];
export const BAD_CLOSERS = [
  'Not what I expect from Aurora.',
  'Thanks anyway.',
  'Very frustrating.',
  'Not acceptable.',
  'Please sort this out.',
  'Not impressed.',
];
/** Said when there is little to say about a touchpoint. */
export const NEUTRAL_CLOSERS = ['Nothing else to add.', 'No complaints.', 'Fine.', 'As expected.'];

/** Why a relationship NPS respondent gave their score, by category. */
export const NPS_REASONS = {
  promoter: [
    'Reliable and friendly',
    'The best airline I fly',
    'Great lounges and crew',
    'Always on time and the crew are lovely',
    'The lounges and the app make travelling easy',
    'They treat frequent flyers really well',
    'Good value and a calm experience every time',
    'Never had a bad flight with them',
  ],
  passive: [
    'Fine, nothing special',
    'OK for the price',
    'Mostly good',
    'Good flights but the airport part is a hassle',
    'Decent, though delays happen too often',
    'The crew are great, the website less so',
    'Depends on the route',
    'Not bad, not outstanding either',
  ],
  detractor: [
    'Too many delays',
    'Service has slipped',
    'Poor value for money',
    'Lost my bag and nobody cared',
    'Delayed again and no information at all',
    'Customer service kept me on hold for an hour',
    'Cancelled flight and still no refund',
    'Fees for everything now',
  ],
} as const;

/** What went wrong, asked of detractors. */
export const NPS_WENT_WRONG = [
  'My flight was delayed by three hours',
  'My bag arrived two days late',
  'The rebooking after the cancellation was a mess',
  'I could not get through to customer service',
  'The seat was broken and nobody could move me',
  'The refund still has not arrived',
  'Long queues at check-in',
  'The app failed at check-in',
];

/** What promoters liked most. */
export const NPS_LIKED_MOST = [
  'The cabin crew',
  'The lounges',
  'Punctuality',
  'The app',
  'Friendly staff everywhere',
  'Fast track and priority boarding',
  'The food on board',
  'How calm it all feels',
];
