/**
 * Deterministic (seeded) customer comments for the text bench: airline, hotel, retail, telecom
 * and banking sentences combined into short tweets and longer reviews, with a few comments in
 * other languages and a few empty ones, as an organization's comment stream has.
 */

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SUBJECTS = [
  'the flight',
  'our flight',
  'the cabin crew',
  'the check-in staff',
  'the gate agent',
  'the lounge',
  'the lounge bar',
  'the wifi',
  'the seat',
  'the food',
  'the coffee',
  'the hotel room',
  'the breakfast',
  'the reception staff',
  'the app',
  'the website',
  'the delivery',
  'the store',
  'customer service',
  'the call centre',
  'my broadband',
  'the signal',
  'the bank transfer',
  'the branch',
  'the refund',
  'the baggage drop',
  'the security queue',
  'the boarding process',
];
const PRAISE = [
  'was excellent',
  'was really friendly',
  'was quick and easy',
  'was spotless',
  'was on time',
  'went above and beyond',
  'was better than expected',
  'made the trip',
  'was very helpful',
  'was comfortable',
  'worked perfectly',
  'was great value',
];
const COMPLAINTS = [
  'was delayed again',
  'was cancelled without notice',
  'was rude',
  'did not work at all',
  'took forever',
  'was filthy',
  'kept crashing',
  'was overpriced',
  'left us on hold for an hour',
  'still has not arrived',
  'lost my bag',
  'was a complete waste of time',
  'was a nightmare',
  'had no diet cola, only lemon cola',
  'was not what we paid for',
];
const NEUTRAL = [
  'was as expected',
  'was fine',
  'was busy',
  'opened at six',
  'was on the second floor',
  'had a new menu',
  'changed gate twice',
  'was in terminal 2',
];
const QUESTIONS = [
  'Can I add a checked bag to my booking?',
  'What time does check-in open?',
  'Is breakfast included in the rate?',
  'How do I get a refund for a cancelled flight?',
  'Do you ship to Norway?',
  'How do I port my number?',
  'Can I pay a cheque in using the app?',
];
const CLOSERS = ['Thanks.', 'Never again.', 'Will fly again!', 'Not happy.', 'Cheers', '', '', ''];
const TWEET_BITS = [
  '@AuroraAir ',
  '#fail ',
  '#travel ',
  'https://t.co/x1y2z3 ',
  '😡 ',
  '👍 ',
  '😍 ',
];
const FOREIGN = [
  'Le vol était en retard et personne ne nous a informés.',
  'El vuelo llegó tarde y nadie nos ayudó con las maletas.',
  'Der Flug war sehr spät und das Personal war unfreundlich.',
  'Il volo era in ritardo e nessuno ci ha aiutato.',
];

/** `count` comments from `seed`: the same seed gives the same comments. */
export function generateComments(count: number, seed: number): string[] {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
  const sentence = (): string => {
    const roll = random();
    const predicate = roll < 0.45 ? pick(COMPLAINTS) : roll < 0.75 ? pick(PRAISE) : pick(NEUTRAL);
    return `${capitalize(pick(SUBJECTS))} ${predicate}`;
  };
  const comments: string[] = [];
  for (let i = 0; i < count; i++) {
    const kind = random();
    if (kind < 0.01) comments.push('');
    else if (kind < 0.03) comments.push(pick(FOREIGN));
    else if (kind < 0.13) comments.push(pick(QUESTIONS));
    else if (kind < 0.45)
      comments.push(`${pick(TWEET_BITS)}${sentence().toLowerCase()} ${pick(TWEET_BITS)}`.trim());
    else {
      const sentences = 1 + Math.floor(random() * 4);
      const parts: string[] = [];
      for (let s = 0; s < sentences; s++) {
        parts.push(random() < 0.2 && s > 0 ? `but ${sentence().toLowerCase()}` : `${sentence()}.`);
      }
      comments.push(`${parts.join(' ').replace(/\. but/g, ', but')} ${pick(CLOSERS)}`.trim());
    }
  }
  return comments;
}
