// Key phrases of a comment: the nouns (as lemmas) and noun compounds ("cabin crew", "lounge
// drinks") that theme discovery counts across comments.
import type { TCommentTokens } from './comment-tokens.js';

/** A key phrase: `key` is its lemmas ("lounge drink"), `surface` its words ("lounge drinks"). */
export interface TKeyPhrase {
  key: string;
  surface: string;
}

// Nouns too general to name a theme on their own.
const GENERIC_NOUNS = new Set([
  'thing',
  'stuff',
  'time',
  'lot',
  'way',
  'day',
  'bit',
  'today',
  'tomorrow',
  'yesterday',
  'tonight',
  'everything',
  'nothing',
  'something',
  'anything',
  'someone',
  'anyone',
  'everyone',
  'nobody',
  'one',
  'hour',
  'minute',
  'second',
  'year',
  'week',
  'month',
  'morning',
  'evening',
  'night',
  'people',
  'guy',
  'person',
  'kind',
  'sort',
  'type',
  'part',
  'place',
  'number',
  'point',
  'fact',
  'reason',
  'case',
  'end',
  'start',
  'lol',
  'pls',
  'plz',
  'thanks',
  'thank',
  'thx',
  'ok',
  'okay',
  'yes',
  'hi',
  'hello',
  // Words every customer comment of a kind is about: context, not a theme.
  'flight',
  'trip',
  'travel',
  'journey',
  'airline',
  'company',
  'customer',
  'experience',
  'problem',
  'issue',
  'question',
  'cheer',
  'cheers',
  'guys',
  'age',
  'ages',
  'mr',
  'mrs',
  'ms',
  'am',
  'pm',
  'etc',
  'u',
  'im',
]);

const NOUN_TAGS = new Set(['NOUN', 'PROPN']);
// Letters only: contractions ("i'm") and numbers are not phrases.
const WORD = /^\p{L}+$/u;

function isPhraseWord(tokens: TCommentTokens, i: number, judged: ReadonlySet<number>): boolean {
  const normal = tokens.normals[i] ?? '';
  return (
    !judged.has(i) &&
    tokens.types[i] === 'word' &&
    NOUN_TAGS.has(tokens.pos[i] ?? '') &&
    WORD.test(normal) &&
    !GENERIC_NOUNS.has(tokens.lemmas[i] ?? normal)
  );
}

interface PhraseWord {
  normal: string;
  lemma: string;
}

/**
 * The nouns of a comment in runs (a run is a compound: "lounge bar drinks"), hyphenated words
 * joined ("wi-fi"); words that are not nouns end a run.
 */
function nounRuns(tokens: TCommentTokens): PhraseWord[][] {
  // Words of the sentiment lexicon judge ("Great flight", "a nightmare"): they name no theme.
  const judged = new Set<number>();
  for (const hit of tokens.hits) for (let k = hit.start; k <= hit.end; k++) judged.add(k);
  const runs: PhraseWord[][] = [];
  let run: PhraseWord[] = [];
  const count = tokens.normals.length;
  for (let i = 0; i < count; i++) {
    const normal = tokens.normals[i] ?? '';
    const next = tokens.normals[i + 2] ?? '';
    if (tokens.normals[i + 1] === '-' && WORD.test(normal) && WORD.test(next)) {
      const joined = `${normal}-${next}`;
      const lemma = `${normal}-${tokens.lemmas[i + 2] ?? next}`;
      if (!GENERIC_NOUNS.has(lemma)) run.push({ normal: joined, lemma });
      i += 2;
      continue;
    }
    if (isPhraseWord(tokens, i, judged)) {
      run.push({ normal, lemma: tokens.lemmas[i] ?? normal });
      continue;
    }
    if (run.length > 0) runs.push(run);
    run = [];
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/**
 * Distinct key phrases of a comment, in order of first appearance: the head noun of each run of
 * nouns, every compound of two nouns in the run and the compound of its last three. A compound's
 * modifiers keep their written form ("sales team"), its last word is lemmatised ("lounge drinks"
 * -> "lounge drink").
 */
export function extractKeyPhrases(tokens: TCommentTokens): TKeyPhrase[] {
  const seen = new Set<string>();
  const phrases: TKeyPhrase[] = [];
  const add = (words: readonly PhraseWord[]): void => {
    const last = words.length - 1;
    const key = words.map((word, i) => (i === last ? word.lemma : word.normal)).join(' ');
    if (seen.has(key)) return;
    seen.add(key);
    phrases.push({ key, surface: words.map((word) => word.normal).join(' ') });
  };
  for (const run of nounRuns(tokens)) {
    add(run.slice(-1));
    for (let i = 0; i + 1 < run.length; i++) add(run.slice(i, i + 2));
    if (run.length >= 3) add(run.slice(-3));
  }
  return phrases;
}
