// Themes discovered in an organization's comments: key phrases counted across comments and
// grouped by their head noun into labelled themes.
import type { TThemeRule } from './comment-analysis.js';
import { MAX_COMMENT_LENGTH } from './comment-analysis.js';
import { readCommentTokens, readPhraseForms } from './comment-tokens.js';
import type { TKeyPhrase } from './key-phrases.js';
import { extractKeyPhrases } from './key-phrases.js';
import { guessLanguage } from './language.js';
import { cleanTweetText } from './tweet-text.js';

export interface TDiscoverOptions {
  /** Themes already defined (built-in, user): a phrase that is one of their keywords is not rediscovered. */
  exclude?: readonly TThemeRule[];
  /** At most this many themes, the most mentioned first (default 20). */
  max?: number;
  /** A phrase must appear in at least this many comments (default: 3, or 0.5% of the comments if more). */
  minComments?: number;
}

const DEFAULT_MAX = 20;
const MIN_SHARE = 0.005;
const MIN_COMMENTS = 3;
const MAX_SHARE = 0.5;
// A compound names its group when it accounts for at least this share of its head's mentions.
const COMPOUND_LABEL_SHARE = 0.5;

interface PhraseCount {
  comments: number;
  surfaces: Map<string, number>;
}

/** Themes found in the comments, ids `discovered:<slug>`, the most mentioned first. */
export function discoverThemes(
  texts: Iterable<string>,
  options: TDiscoverOptions = {},
): TThemeRule[] {
  const counts = new Map<string, PhraseCount>();
  const perComment: string[][] = [];
  for (const text of texts) {
    const cleaned = cleanTweetText(
      typeof text === 'string' ? text.slice(0, MAX_COMMENT_LENGTH) : '',
    );
    const phrases: TKeyPhrase[] =
      cleaned === '' || !guessLanguage(cleaned).english
        ? []
        : extractKeyPhrases(readCommentTokens(cleaned));
    perComment.push(phrases.map((phrase) => phrase.key));
    for (const { key, surface } of phrases) {
      const count = counts.get(key) ?? { comments: 0, surfaces: new Map<string, number>() };
      count.comments += 1;
      count.surfaces.set(surface, (count.surfaces.get(surface) ?? 0) + 1);
      counts.set(key, count);
    }
  }
  const minComments =
    options.minComments ?? Math.max(MIN_COMMENTS, Math.ceil(perComment.length * MIN_SHARE));
  const excluded = excludedKeys(options.exclude ?? []);
  // A word in most comments is what they are all about (the brand, the product): not a theme.
  const maxComments = Math.max(minComments, MAX_SHARE * perComment.length);
  const frequent = [...counts.entries()].filter(
    ([key, count]) =>
      count.comments >= minComments && count.comments <= maxComments && !excluded.has(key),
  );

  // Group by head noun: the head's own group takes its compounds; compounds of an excluded or
  // rare head stand alone.
  const groups = new Map<string, string[]>();
  const frequentKeys = new Set(frequent.map(([key]) => key));
  for (const [key] of frequent) {
    const head = key.slice(key.lastIndexOf(' ') + 1);
    const groupKey = frequentKeys.has(head) ? head : key;
    groups.set(groupKey, [...(groups.get(groupKey) ?? []), key]);
  }

  const memberOf = new Map<string, string>();
  for (const [groupKey, members] of groups)
    for (const member of members) memberOf.set(member, groupKey);
  const mentions = new Map<string, number>();
  for (const keys of perComment) {
    const hit = new Set<string>();
    for (const key of keys) {
      const group = memberOf.get(key);
      if (group !== undefined) hit.add(group);
    }
    for (const group of hit) mentions.set(group, (mentions.get(group) ?? 0) + 1);
  }

  const themes = [...groups.entries()].map(([groupKey, members]) => {
    const label = labelOf(groupKey, members, counts);
    return { label, keywords: members, mentions: mentions.get(groupKey) ?? 0 };
  });
  themes.sort(
    (a, b) => b.mentions - a.mentions || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0),
  );
  const usedIds = new Set<string>();
  const result: TThemeRule[] = [];
  for (const theme of themes.slice(0, options.max ?? DEFAULT_MAX)) {
    let id = `discovered:${slugify(theme.label)}`;
    for (let n = 2; usedIds.has(id); n++) id = `discovered:${slugify(theme.label)}-${n}`;
    usedIds.add(id);
    result.push({ id, name: theme.label, keywords: theme.keywords });
  }
  return result;
}

function labelOf(
  groupKey: string,
  members: readonly string[],
  counts: Map<string, PhraseCount>,
): string {
  const headCount = counts.get(groupKey)?.comments ?? 0;
  let best = groupKey;
  let bestCount = 0;
  for (const member of members) {
    if (member === groupKey) continue;
    const count = counts.get(member)?.comments ?? 0;
    if (count > bestCount) {
      best = member;
      bestCount = count;
    }
  }
  const chosen =
    best !== groupKey && bestCount >= COMPOUND_LABEL_SHARE * headCount ? best : groupKey;
  return mostFrequentSurface(counts.get(chosen)) ?? chosen;
}

function mostFrequentSurface(count: PhraseCount | undefined): string | undefined {
  let best: string | undefined;
  let bestN = 0;
  for (const [surface, n] of count?.surfaces ?? []) {
    if (n > bestN || (n === bestN && best !== undefined && surface < best)) {
      best = surface;
      bestN = n;
    }
  }
  return best;
}

/** Keys (lemma form, as key phrases are written) of the keywords of the excluded themes. */
function excludedKeys(themes: readonly TThemeRule[]): Set<string> {
  const keys = new Set<string>();
  for (const theme of themes) {
    for (const keyword of theme.keywords) {
      const words = readPhraseForms(keyword);
      if (words.length === 0) continue;
      const modifiers = words.slice(0, -1).map((forms) => forms[0] ?? '');
      for (const headForm of words[words.length - 1] ?? [])
        keys.add([...modifiers, headForm].join(' '));
    }
  }
  return keys;
}

function slugify(label: string): string {
  const slug = label
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'theme' : slug;
}
