// Matching theme keywords in a comment's tokens: whole words, case-insensitive, a keyword
// matching its inflections through lemmas, a phrase matching as a phrase.
import type { TThemeRule } from './comment-analysis.js';
import type { TCommentTokens } from './comment-tokens.js';
import { isJoiner, readPhraseForms } from './comment-tokens.js';

interface CompiledKeyword {
  theme: number;
  /** Per word of the keyword, the forms a token may take (its normal or lemma). */
  words: readonly (readonly string[])[];
}

/** Finds the themes a comment mentions; built once per set of rules. */
export interface TThemeMatcher {
  /** Ids of the themes mentioned, in the order of the rules. */
  match(tokens: Pick<TCommentTokens, 'normals' | 'lemmas'>): string[];
}

/** Compiles theme rules (their keywords read by the English pipeline) into a matcher. */
export function createThemeMatcher(themes: readonly TThemeRule[]): TThemeMatcher {
  const byFirstForm = new Map<string, CompiledKeyword[]>();
  themes.forEach((rule, theme) => {
    for (const keyword of rule.keywords) {
      const words = readPhraseForms(keyword);
      const first = words[0];
      if (first === undefined) continue;
      for (const form of first) {
        const list = byFirstForm.get(form) ?? [];
        list.push({ theme, words });
        byFirstForm.set(form, list);
      }
    }
  });

  return {
    match({ normals, lemmas }) {
      // Hyphens are dropped from the comment as from the keywords: "check-in" = "check in".
      const normal: string[] = [];
      const lemma: string[] = [];
      normals.forEach((n, i) => {
        if (isJoiner(n)) return;
        normal.push(n);
        lemma.push(lemmas[i] ?? n);
      });
      const found = new Array<boolean>(themes.length).fill(false);
      for (let i = 0; i < normal.length; i++) {
        const forms = [normal[i] ?? '', lemma[i] ?? ''];
        for (const form of forms[0] === forms[1] ? [forms[0] ?? ''] : forms) {
          for (const keyword of byFirstForm.get(form) ?? []) {
            if (!found[keyword.theme] && matchesAt(keyword.words, normal, lemma, i)) {
              found[keyword.theme] = true;
            }
          }
        }
      }
      const ids: string[] = [];
      themes.forEach((rule, index) => {
        if (found[index] === true) ids.push(rule.id);
      });
      return ids;
    },
  };
}

function matchesAt(
  words: readonly (readonly string[])[],
  normal: readonly string[],
  lemma: readonly string[],
  start: number,
): boolean {
  if (start + words.length > normal.length) return false;
  for (let j = 1; j < words.length; j++) {
    const forms = words[j] ?? [];
    const n = normal[start + j] ?? '';
    const l = lemma[start + j] ?? '';
    if (!forms.includes(n) && !forms.includes(l)) return false;
  }
  return true;
}
