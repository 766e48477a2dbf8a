/**
 * The comment explorer's search: the user's words parsed into a query that cannot be a syntax
 * error on either database, and the matched words marked in a comment's text. Pure.
 *
 * Accepted: words (every one must appear), "quoted phrases", and -words that must not appear.
 * Anything else (operators, brackets, stray quotes) is read as separators between words, and
 * common words are left out.
 */
import { AppError } from '@touchstone/core';

export interface TSearchQuery {
  /** Each term a phrase of one or more words, lower-cased; all must appear. */
  terms: string[][];
  /** Words that must not appear. */
  excluded: string[];
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Common English words, which PostgreSQL's English configuration leaves out of its index and
 * queries (the Snowball list): left out of every search, so that both databases match the same
 * comments, and so that "and", "or" and "not" are never read as operators.
 */
const STOP_WORDS = new Set(
  (
    'i me my myself we our ours ourselves you your yours yourself yourselves he him his himself ' +
    'she her hers herself it its itself they them their theirs themselves what which who whom ' +
    'this that these those am is are was were be been being have has had having do does did ' +
    'doing a an the and but if or because as until while of at by for with about against ' +
    'between into through during before after above below to from up down in out on off over ' +
    'under again further then once here there when where why how all any both each few more ' +
    'most other some such no nor not only own same so than too very s t can will just don ' +
    'should now'
  ).split(' '),
);

function wordsOf(text: string): string[] {
  const words = text.normalize('NFKC').toLowerCase().match(WORD) ?? [];
  return words.filter((w) => !STOP_WORDS.has(w)).slice(0, 32);
}

/** Parses the user's search; a search with no word to look for is a 400 naming the problem. */
export function parseSearch(q: string): TSearchQuery {
  const terms: string[][] = [];
  const excluded: string[] = [];
  const pattern = /(-?)"([^"]*)("?)|(\S+)/g;
  for (const match of q.matchAll(pattern)) {
    const [, minus, quoted, , bare] = match;
    if (quoted !== undefined) {
      const words = wordsOf(quoted);
      if (words.length === 0) continue;
      if (minus === '-') excluded.push(...words);
      else terms.push(words);
      continue;
    }
    const token = bare ?? '';
    if (token.startsWith('-') && token.length > 1) {
      excluded.push(...wordsOf(token.slice(1)));
      continue;
    }
    // A word written with hyphens or dots ("e-mail", "wi-fi") is a phrase of its parts.
    const words = wordsOf(token);
    if (words.length > 0) terms.push(words);
  }
  if (terms.length === 0) {
    throw new AppError(
      'bad_request',
      excluded.length > 0
        ? 'a search needs at least one word to look for, besides the excluded ones'
        : 'the search has no words to look for (common words such as "the" are left out)',
      [{ field: 'query.q', message: 'give at least one word of letters or digits' }],
    );
  }
  if (terms.length > 16 || excluded.length > 16) {
    throw new AppError('bad_request', 'the search has too many words', [
      { field: 'query.q', message: 'at most 16 words or phrases, and 16 excluded words' },
    ]);
  }
  return { terms, excluded };
}

/** The query as FTS5 syntax: every token quoted, so no user text is read as an operator. */
export function fts5Query(search: TSearchQuery): string {
  const quote = (words: readonly string[]) => `"${words.join(' ')}"`;
  const positive = search.terms.map(quote).join(' AND ');
  return search.excluded.reduce((q, word) => `${q} NOT ${quote([word])}`, positive);
}

/** The query as PostgreSQL `websearch_to_tsquery` input, which never raises a syntax error. */
export function websearchQuery(search: TSearchQuery): string {
  const positive = search.terms.map((words) =>
    words.length === 1 ? (words[0] as string) : `"${words.join(' ')}"`,
  );
  return [...positive, ...search.excluded.map((w) => `-${w}`)].join(' ');
}

/** A rough English stem, enough to mark the words a stemming full-text index matched. */
function stem(word: string): string {
  const w = word
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  for (const suffix of ['ingly', 'edly', 'ing', 'ed', 'es', 's', 'ly']) {
    if (w.length - suffix.length >= 3 && w.endsWith(suffix)) return w.slice(0, -suffix.length);
  }
  return w;
}

function sameWord(word: string, term: string): boolean {
  const a = stem(word);
  const b = stem(term);
  if (a === b) return true;
  // Doubled consonants and a final e ("cancelled" / "cancel", "delays" / "delay").
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return short.length >= 3 && long.startsWith(short) && long.length - short.length <= 2;
}

export interface TTextSegment {
  text: string;
  match: boolean;
}

/** The text cut into pieces with the searched words (not excluded ones) marked. */
export function highlightText(text: string, search: TSearchQuery | null): TTextSegment[] {
  if (search === null) return text === '' ? [] : [{ text, match: false }];
  const wanted = [...new Set(search.terms.flat())];
  const segments: TTextSegment[] = [];
  let at = 0;
  const push = (piece: string, match: boolean) => {
    if (piece === '') return;
    const last = segments[segments.length - 1];
    if (last !== undefined && last.match === match) last.text += piece;
    else segments.push({ text: piece, match });
  };
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const start = m.index;
    push(text.slice(at, start), false);
    push(
      m[0],
      wanted.some((term) => sameWord(m[0], term)),
    );
    at = start + m[0].length;
  }
  push(text.slice(at), false);
  return segments;
}
