// One comment read by the English pipeline: the token arrays every later step works on.
import type { TLexiconHit } from './english-nlp.js';
import { englishNlp } from './english-nlp.js';

/** The tokens of one comment, index-aligned, and the lexicon hits of wink's sentiment step. */
export interface TCommentTokens {
  normals: string[];
  lemmas: string[];
  pos: string[];
  types: string[];
  negated: boolean[];
  /** Index of the sentence each token belongs to. */
  sentenceOf: number[];
  sentenceCount: number;
  hits: TLexiconHit[];
  /** Tokens written in capitals (two letters or more) when the comment is not all capitals. */
  capitals?: number[];
}

/** Reads a comment (already cleaned of URLs and the like) into its tokens. */
export function readCommentTokens(text: string): TCommentTokens {
  const english = englishNlp();
  const doc = english.nlp.readDoc(text);
  const its = english.its;
  const tokens = doc.tokens();
  const normals = tokens.out(its.normal);
  const sentenceOf = new Array<number>(normals.length).fill(0);
  let sentenceCount = 0;
  for (const span of doc.sentences().out(its.span) as number[][]) {
    const [start = 0, end = -1] = span;
    for (let i = start; i <= end; i++) sentenceOf[i] = sentenceCount;
    sentenceCount += 1;
  }
  const pos = tokens.out(its.pos);
  const lemmas = tokens.out(its.lemma);
  for (let i = 0; i < lemmas.length; i++) {
    // WordNet's exceptions read some singular nouns as plurals ("cola" -> "colon").
    const normal = normals[i] ?? '';
    const lemma = lemmas[i] ?? normal;
    if (lemma.length > normal.length && pos[i] === 'NOUN') lemmas[i] = normal;
    // Words in capitals are tagged as proper nouns and keep their plural ("DELAYS").
    else if (lemma === normal && pos[i] === 'PROPN') lemmas[i] = singular(normal);
  }
  const capitals: number[] = [];
  if (/\p{Lu}{2}/u.test(text) && /\p{Ll}/u.test(text)) {
    const raw = tokens.out();
    raw.forEach((word, i) => {
      if (word.length > 1 && /^\p{Lu}+$/u.test(word) && word !== 'I') capitals.push(i);
    });
  }
  return {
    capitals,
    normals,
    lemmas,
    pos,
    types: tokens.out(its.type),
    negated: tokens.out(its.negationFlag) as boolean[],
    sentenceOf,
    sentenceCount,
    hits: english.lastHits,
  };
}

/** The singular of a regular English plural ("delays", "queries"), else the word itself. */
function singular(word: string): string {
  if (word.length < 4 || !word.endsWith('s') || /(?:ss|us|is)$/.test(word)) return word;
  return word.endsWith('ies') ? `${word.slice(0, -3)}y` : word.slice(0, -1);
}

/** Tokens of a keyword or phrase: the normal and lemma of each word, hyphens dropped. */
export function readPhraseForms(phrase: string): string[][] {
  const english = englishNlp();
  const doc = english.nlp.readDoc(phrase.toLowerCase());
  const its = english.its;
  const normals = doc.tokens().out(its.normal);
  const lemmas = doc.tokens().out(its.lemma);
  const forms: string[][] = [];
  normals.forEach((normal, i) => {
    if (isJoiner(normal)) return;
    const lemma = lemmas[i] ?? normal;
    forms.push(lemma === normal ? [normal] : [normal, lemma]);
  });
  return forms;
}

/** Hyphens and slashes inside compounds ("check-in", "wi-fi") are not words of a phrase. */
export function isJoiner(normal: string): boolean {
  return normal === '-' || normal === '–' || normal === '/';
}
