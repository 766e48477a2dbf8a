/**
 * The CX program of the demo organization, Aurora Airways: the experiential platform (brand), the
 * journey with its stages, the teams that own touchpoints, and the declared attributes. Plain data,
 * so that tests can check it and the service only has to store it.
 */
import type { TAttributeKeyCreate, TBrandCreate, TJourneyCreate } from '@touchstone/core';

export const DEMO_ORGANIZATION = { name: 'Aurora Airways', slug: 'aurora-airways' } as const;

/** Sign-in of the demo: printed by `touchstone demo`, documented in the README. */
export const DEMO_PASSWORD = 'touchstone-demo';
export const DEMO_USERS = [
  { email: 'demo@touchstone.local', name: 'Dana Demo', role: 'owner' },
  { email: 'analyst@touchstone.local', name: 'Ari Analyst', role: 'analyst' },
  { email: 'agent@touchstone.local', name: 'Alex Agent', role: 'agent' },
] as const;

export const AURORA_BRAND: TBrandCreate = {
  name: 'Aurora Airways',
  positioning:
    'The calm, northern-light airline for people who fly often: unhurried, precise and warm, ' +
    'from the first search to the bag on the belt.',
  promise: { sense: 80, feel: 75, think: 45, act: 60, relate: 55 },
  promiseStatement:
    'Every trip with Aurora feels quieter and lighter than flying usually does: soft light and ' +
    'Nordic taste on the ground and in the air, people who know your name, and no surprises.',
  implementationTheme:
    'Northern calm: dawn colours, natural materials, a signature birch-and-berry taste, soft ' +
    'sound, and crew who take the time to do one thing well.',
  styleGuide: {
    colors: {
      primary: '#1b3a5c',
      secondary: '#4f8fbf',
      accent: '#7fd1ae',
      background: '#f7f9fb',
      text: '#14202b',
    },
    logoUrl: null,
    fonts: { heading: 'Georgia, serif', body: 'Inter, system-ui, sans-serif' },
    toneWords: ['calm', 'warm', 'precise', 'unhurried', 'northern'],
  },
};

/** The stages in journey order; touchpoints refer to them by position. */
export const AURORA_STAGES = [
  {
    name: 'Inspire & book',
    description: 'Finding a fare, booking, managing the trip and hearing from the loyalty program.',
    phase: 'pre-sales',
  },
  {
    name: 'Airport & check-in',
    description: 'Check-in, bags, security and boarding.',
    phase: 'sales',
  },
  { name: 'Lounge', description: 'Time before the flight in an Aurora lounge.', phase: 'sales' },
  {
    name: 'In flight',
    description: 'The flight itself: crew, seat, food and media.',
    phase: 'sales',
  },
  {
    name: 'Arrival & after-sales',
    description: 'Bags on arrival, complaints, refunds and care after the trip.',
    phase: 'after-sales',
  },
] as const satisfies TJourneyCreate['stages'];

export type TAuroraStage = 'book' | 'airport' | 'lounge' | 'flight' | 'arrival';
export const STAGE_INDEX: Record<TAuroraStage, number> = {
  book: 0,
  airport: 1,
  lounge: 2,
  flight: 3,
  arrival: 4,
};

/** The journey without its brand id, which exists only once the brand is stored. */
export const AURORA_JOURNEY: Omit<TJourneyCreate, 'brandId'> = {
  name: 'Fly with Aurora',
  description: 'A trip from inspiration to arrival, for business and leisure travellers alike.',
  stages: [...AURORA_STAGES],
};

export const AURORA_TEAMS = [
  { name: 'Digital', description: 'Website, mobile app, in-flight wifi and entertainment.' },
  { name: 'Contact centre', description: 'Phone bookings and changes.' },
  { name: 'Airport services', description: 'Check-in, bag drop, fast track, gates and belts.' },
  { name: 'Lounges', description: 'Aurora lounges: bar, food and space.' },
  { name: 'Cabin crew', description: 'Service on board, including meals.' },
  { name: 'Customer care', description: 'Complaints, refunds and compensation.' },
  { name: 'Loyalty', description: 'Aurora Club: tiers, benefits and member e-mail.' },
] as const;
export type TAuroraTeam = (typeof AURORA_TEAMS)[number]['name'];

export const TRAVELLER_TYPES = ['business', 'leisure'] as const;
export const ROUTES = ['domestic', 'international'] as const;
export const LOYALTY_TIERS = ['none', 'silver', 'gold', 'platinum'] as const;
export const CABINS = ['economy', 'premium-economy', 'business'] as const;
export const CHANNEL_DETAILS = [
  'desktop',
  'mobile-web',
  'ios',
  'android',
  'agent',
  'kiosk',
  'counter',
  'on-board',
] as const;

export type TTravellerType = (typeof TRAVELLER_TYPES)[number];
export type TRoute = (typeof ROUTES)[number];
export type TLoyaltyTier = (typeof LOYALTY_TIERS)[number];
export type TCabin = (typeof CABINS)[number];
export type TChannelDetail = (typeof CHANNEL_DETAILS)[number];

export const AURORA_ATTRIBUTE_KEYS: TAttributeKeyCreate[] = [
  {
    entity: 'customer',
    key: 'traveller_type',
    label: 'Traveller type',
    type: 'enum',
    options: [...TRAVELLER_TYPES],
  },
  { entity: 'customer', key: 'route', label: 'Usual route', type: 'enum', options: [...ROUTES] },
  {
    entity: 'customer',
    key: 'loyalty_tier',
    label: 'Loyalty tier',
    type: 'enum',
    options: [...LOYALTY_TIERS],
  },
  { entity: 'customer', key: 'home_country', label: 'Home country', type: 'string', options: [] },
  { entity: 'interaction', key: 'cabin', label: 'Cabin', type: 'enum', options: [...CABINS] },
  {
    entity: 'interaction',
    key: 'channel_detail',
    label: 'Channel detail',
    type: 'enum',
    options: [...CHANNEL_DETAILS],
  },
];
