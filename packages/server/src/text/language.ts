// Is a comment English? A cheap test on English function words first; only the comments it
// cannot vouch for go to the statistical detector (tinyld), which is slower and unreliable on
// short text.
import { detect } from 'tinyld';

/** The detected language: an ISO 639-1 code, or `und` when the text is too short to tell. */
export interface TLanguageGuess {
  language: string;
  english: boolean;
}

// Words frequent in English and rare as words of the other languages customers write in
// ("a", "no", "in", "die", "war" and the like are left out on purpose).
const ENGLISH_MARKERS = new Set(
  (
    'the and of to was were is it its my you your with for this that not have has had but they ' +
    'we our us be been are very so from just me i would could should there what when why how can ' +
    "will did does do don't didn't can't won't isn't wasn't it's i'm i've we're they're you're " +
    'get got after again all an any about because before being by flight hotel service staff ' +
    'customer time still never never only really than then them their these those which who ' +
    'while your yours he she him her his if or at on as out up one ' +
    // Words of customer comments that are not words of the other common languages.
    'good great bad terrible awful excellent nice lovely friendly helpful rude slow fast quick ' +
    'cheap expensive decent value price fare seat seats crew food room staff delayed cancelled ' +
    'complaints complaint thanks thank please service experience booking luggage bag refund ' +
    'waiting wait hours late again worst best love hate never always every'
  ).split(' '),
);

const LETTER_WORD = /\p{L}[\p{L}'’]*/gu;
const NON_LATIN =
  /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Devanagari}]/u;

/** Fewer words than this and a Latin-script comment is assumed English. */
const MIN_WORDS_TO_TELL = 4;
const SHORT_WORDS = 8;

/** Guesses the language of a comment (already stripped of mentions and links). */
export function guessLanguage(text: string): TLanguageGuess {
  const words = text.toLowerCase().match(LETTER_WORD) ?? [];
  const nonLatin = NON_LATIN.test(text);
  if (!nonLatin) {
    if (words.length < MIN_WORDS_TO_TELL) return { language: 'und', english: true };
    let markers = 0;
    for (const word of words) if (ENGLISH_MARKERS.has(word.replace('’', "'"))) markers += 1;
    if (markers >= 2 && markers / words.length >= 0.15) return { language: 'en', english: true };
    // A short comment with an English word is mostly names and places: too short to trust the
    // detector against that word ("Amazing crew, Dublin Boston route").
    if (markers >= 1 && words.length < SHORT_WORDS) return { language: 'en', english: true };
  }
  const detected = detect(text);
  if (detected === '' || detected === 'en') {
    return nonLatin && detected === ''
      ? { language: 'und', english: false }
      : { language: detected === '' ? 'und' : 'en', english: true };
  }
  return { language: detected, english: false };
}
