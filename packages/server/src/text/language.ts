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

// Function words of the other languages customers write in that are not English words; two of
// them (or one with accented letters) outweigh a few English words borrowed into the comment
// ("El vuelo fue terrible").
const FOREIGN_MARKERS = new Set(
  (
    'el la los las del fue muy pero nunca más mas que por para con una uno es está estaba ' +
    'le les des et est très mais avec pas une été était nous vous cette ' +
    'der die das und nicht ist sehr aber mit ein eine war wir sie auch ' +
    'il lo gli della molto ma non è era sono anche ' +
    'o os as não nao muito com uma foi são ' +
    'het een niet zeer maar met ook zijn'
  ).split(' '),
);
const ACCENTED = /[áéíóúñàèìòùâêîôûäöüßçãõ¿¡]/iu;

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
    let foreign = 0;
    for (const word of words) if (FOREIGN_MARKERS.has(word)) foreign += 1;
    const foreignLooking = foreign >= 2 || (foreign >= 1 && ACCENTED.test(text));
    if (words.length < MIN_WORDS_TO_TELL && !foreignLooking) {
      return { language: 'und', english: true };
    }
    let markers = 0;
    for (const word of words) if (ENGLISH_MARKERS.has(word.replace('’', "'"))) markers += 1;
    if (foreignLooking && foreign >= markers) return detected(text, nonLatin);
    if (markers >= 2 && markers / words.length >= 0.15) return { language: 'en', english: true };
    // A short comment with an English word is mostly names and places: too short to trust the
    // detector against that word ("Amazing crew, Dublin Boston route").
    if (markers >= 1 && words.length < SHORT_WORDS) return { language: 'en', english: true };
  }
  return detected(text, nonLatin);
}

/** The statistical detector's guess; English when it cannot tell a Latin-script comment. */
function detected(text: string, nonLatin: boolean): TLanguageGuess {
  const language = detect(text);
  if (language === '' || language === 'en') {
    return nonLatin && language === ''
      ? { language: 'und', english: false }
      : { language: language === '' ? 'und' : 'en', english: true };
  }
  return { language, english: false };
}
