import { describe, expect, it } from 'vitest';
import { BUILT_IN_THEMES, createCommentAnalyzer, MAX_COMMENT_LENGTH } from './index.js';

const analyzer = createCommentAnalyzer(BUILT_IN_THEMES);
const label = (text: string): string => analyzer.analyze(text).label;
const score = (text: string): number => analyzer.analyze(text).score;

describe('sentiment: customer-service language', () => {
  it.each([
    'Delayed again.',
    'Flight cancelled.',
    'On hold for an hour.',
    'Still waiting for my bag.',
    'They lost my luggage.',
    'No one answered.',
    'Never again.',
    'Waste of time.',
    'Got rebooked onto the evening flight.',
    'The flight was overbooked.',
    'Refund still not received.',
  ])('"%s" is negative', (text) => {
    expect(label(text)).toBe('negative');
  });

  it('scores the same events as neutral or positive where a general lexicon would', () => {
    // The events carry no general-lexicon word: without the domain rules they would score 0.
    expect(score('Still waiting for my bag.')).toBeLessThan(-0.2);
    expect(score('On hold for an hour.')).toBeLessThan(-0.2);
  });

  it('reads what did not happen or cannot be done as a complaint, idioms of praise as praise', () => {
    expect(label("@SouthwestAir my bag isn't here")).toBe('negative');
    expect(label("Why can't I check in online?")).toBe('negative');
    expect(label('3rd time calling today')).toBe('negative');
    expect(label("I couldn't be happier")).toBe('positive');
    expect(label("Can't thank the crew enough")).toBe('positive');
  });

  it('reads a missing or replaced product as a complaint', () => {
    expect(label('The lounge bar only has lemon cola instead of the diet cola.')).toBe('negative');
    expect(label('No longer any diet cola in the lounge.')).toBe('negative');
  });

  it('reads praise of the service as positive', () => {
    expect(label('Left on time and the crew were lovely.')).toBe('positive');
    expect(label('Got upgraded, smooth check-in, thank you!')).toBe('positive');
  });
});

describe('sentiment: negation and intensifiers', () => {
  it('turns a negated word around', () => {
    expect(label('The staff were not friendly.')).toBe('negative');
    expect(label('The room was not bad at all.')).toBe('positive');
    expect(label('No delays, no problems.')).toBe('positive');
  });

  it('weighs an intensified word more', () => {
    expect(score('The service was very good.')).toBeGreaterThan(score('The service was good.'));
    expect(score('The food was really terrible.')).toBeLessThan(score('The food was terrible.'));
  });

  it('weighs shouting and exclamation more', () => {
    expect(score('The crew were RUDE')).toBeLessThan(score('The crew were rude'));
    expect(score('Great crew!!!')).toBeGreaterThan(score('Great crew'));
  });
});

describe('sentiment: contrast, courtesy and sarcasm', () => {
  it('gives the clause after "but" the weight', () => {
    expect(label('The crew were friendly but the food was awful.')).toBe('negative');
    expect(label('The food was awful but the crew were wonderful.')).toBe('positive');
    expect(label('Although the seat was comfortable, the crew were rude.')).toBe('negative');
  });

  it('does not let "thanks" at the end of a complaint make it positive', () => {
    expect(label('Delayed 5 hours and missed my connection. Thanks.')).toBe('negative');
    expect(label('Cancelled again, thank you very much.')).toBe('negative');
    expect(label('Thank you for the help, all sorted!')).toBe('positive');
  });

  it('reads common sarcasm as negative', () => {
    expect(label('Oh great, another delay.')).toBe('negative');
    expect(label('Thanks for nothing.')).toBe('negative');
    expect(label('Love how you cancel flights without telling anyone.')).toBe('negative');
  });

  it('reads a lone word of praise after a complaint as sarcasm', () => {
    expect(label('Flight 123 Cancelled Flightled again. Awesome.')).toBe('negative');
    expect(label('Bag lost on the way out. Great.')).toBe('negative');
    expect(label('Landed early. Great.')).toBe('positive');
  });

  it('leaves a polite request neutral and reads slang praise as praise', () => {
    expect(label('can you DM me the confirmation number please')).toBe('neutral');
    expect(label('you guys rock')).toBe('positive');
  });

  it('leaves information questions neutral', () => {
    expect(label('Can I add a checked bag to my booking?')).toBe('neutral');
    expect(label('Could you please help me change my seat?')).toBe('neutral');
    expect(label('What time does check-in open for the late flight?')).toBe('neutral');
    expect(label('Why was my flight cancelled?')).toBe('negative');
  });
});

describe('sentiment: emojis and tweets', () => {
  it('reads emojis', () => {
    expect(label('Best crew ever 😍')).toBe('positive');
    expect(label('cancelled 😡😡')).toBe('negative');
    expect(score('The flight 👍')).toBeGreaterThan(0);
  });

  it('ignores mentions and links and reads hashtags as words', () => {
    const plain = analyzer.analyze('Bag lost again. Never again');
    const tweet = analyzer.analyze('@AuroraAir Bag lost again. #NeverAgain https://t.co/abc123');
    expect(tweet.label).toBe('negative');
    expect(tweet.score).toBeCloseTo(plain.score, 5);
    expect(analyzer.analyze('@AuroraAir @united https://t.co/x').label).toBe('neutral');
  });
});

describe('sentiment: languages and bad input', () => {
  it.each([
    ['Le vol était en retard et personne ne nous a informés.', 'fr'],
    ['El vuelo llegó tarde y nadie nos ayudó con las maletas.', 'es'],
    ['Der Flug war sehr spät und das Personal war unfreundlich.', 'de'],
    // English words borrowed into another language do not make it English.
    ['El vuelo fue terrible, nunca más', 'es'],
  ])('flags "%s" as %s, not scored', (text, language) => {
    expect(analyzer.analyze(text)).toMatchObject({
      english: false,
      language,
      score: 0,
      label: 'neutral',
    });
  });

  it('keeps English comments English, short ones assumed English', () => {
    expect(analyzer.analyze('Excellent value, generous portions, friendly service.')).toMatchObject(
      {
        english: true,
        language: 'en',
        label: 'positive',
      },
    );
    expect(analyzer.analyze('Amazing crew, Dublin Boston route')).toMatchObject({
      english: true,
      label: 'positive',
    });
    expect(analyzer.analyze('Merci beaucoup pour votre aide')).toMatchObject({
      english: false,
      language: 'fr',
    });
    expect(analyzer.analyze('Terrible!')).toMatchObject({
      english: true,
      language: 'und',
      label: 'negative',
    });
  });

  it('scores empty and whitespace-only text 0, neutral, without themes', () => {
    for (const text of ['', '   ', '\n\t']) {
      expect(analyzer.analyze(text)).toEqual({
        score: 0,
        label: 'neutral',
        language: 'und',
        english: true,
        truncated: false,
        themes: [],
        phrases: [],
      });
    }
  });

  it('analyses the start of a long comment and flags it truncated', () => {
    const text = `The wifi was broken. ${'We sat there. '.repeat(300)}The crew were wonderful.`;
    expect(text.length).toBeGreaterThan(MAX_COMMENT_LENGTH);
    const result = analyzer.analyze(text);
    expect(result.truncated).toBe(true);
    expect(result.label).toBe('negative');
    expect(result.themes).toContain('builtin:wifi');
    expect(result.themes).not.toContain('builtin:cabin-crew');
  });

  it('never answers NaN, whatever the text', () => {
    const odd = [
      '!!!',
      '???',
      '😡',
      '12345',
      '\u0000\u0001',
      'a'.repeat(5000),
      '🙂'.repeat(900),
      '. . .',
      'http://x.y',
    ];
    for (const text of odd) {
      const result = analyzer.analyze(text);
      expect(Number.isFinite(result.score)).toBe(true);
      expect(Math.abs(result.score)).toBeLessThanOrEqual(1);
    }
    expect(analyzer.analyze(undefined as unknown as string).score).toBe(0);
  });
});
