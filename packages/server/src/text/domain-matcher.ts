// Finding the domain patterns in a comment's tokens: the longest pattern at each position.
import type { TCommentTokens } from './comment-tokens.js';
import type { TDomainPattern } from './domain-lexicon.js';

/** A matched pattern: tokens `start..end`, its score before negation and weights. */
export interface TDomainHit {
  start: number;
  end: number;
  score: number;
}

type Step = { kind: 'word'; forms: readonly string[] } | { kind: 'gap'; max: number };

interface CompiledPattern {
  steps: readonly Step[];
  score: number;
}

const GAP_ONE = '_';
const GAP_MANY = '__';

/** Indexes the patterns by their first word. */
export function compileDomainPatterns(
  patterns: readonly TDomainPattern[],
): Map<string, CompiledPattern[]> {
  const byFirst = new Map<string, CompiledPattern[]>();
  for (const { pattern, score } of patterns) {
    const words = pattern.toLowerCase().split(/\s+/);
    const steps: Step[] = words.map((word) =>
      word === GAP_ONE
        ? { kind: 'gap', max: 1 }
        : word === GAP_MANY
          ? { kind: 'gap', max: 3 }
          : { kind: 'word', forms: [word] },
    );
    const first = words[0] ?? '';
    byFirst.set(first, [...(byFirst.get(first) ?? []), { steps, score }]);
  }
  return byFirst;
}

/** Non-overlapping matches, left to right, the longest at each position. */
export function findDomainHits(
  tokens: Pick<TCommentTokens, 'normals' | 'lemmas' | 'sentenceOf'>,
  byFirst: Map<string, CompiledPattern[]>,
): TDomainHit[] {
  const hits: TDomainHit[] = [];
  const count = tokens.normals.length;
  for (let i = 0; i < count; i++) {
    const normal = tokens.normals[i] ?? '';
    const lemma = tokens.lemmas[i] ?? normal;
    const candidates = byFirst.get(normal) ?? [];
    const byLemma = lemma === normal ? [] : (byFirst.get(lemma) ?? []);
    let best: TDomainHit | undefined;
    for (const pattern of candidates.length === 0 ? byLemma : [...candidates, ...byLemma]) {
      const end = matchFrom(pattern.steps, 1, tokens, i + 1, tokens.sentenceOf[i] ?? 0);
      if (end !== -1 && (best === undefined || end - 1 > best.end)) {
        best = { start: i, end: end - 1, score: pattern.score };
      }
    }
    if (best !== undefined) {
      hits.push(best);
      i = best.end;
    }
  }
  return hits;
}

/** Index after the match of `steps[step..]` starting at token `at`, or -1; within one sentence. */
function matchFrom(
  steps: readonly Step[],
  step: number,
  tokens: Pick<TCommentTokens, 'normals' | 'lemmas' | 'sentenceOf'>,
  at: number,
  sentence: number,
): number {
  const current = steps[step];
  if (current === undefined) return at;
  if (current.kind === 'gap') {
    for (let skip = 0; skip <= current.max; skip++) {
      if (skip > 0 && tokens.sentenceOf[at + skip - 1] !== sentence) break;
      const end = matchFrom(steps, step + 1, tokens, at + skip, sentence);
      if (end !== -1) return end;
    }
    return -1;
  }
  if (at >= tokens.normals.length || tokens.sentenceOf[at] !== sentence) return -1;
  const normal = tokens.normals[at] ?? '';
  const lemma = tokens.lemmas[at] ?? normal;
  if (!current.forms.includes(normal) && !current.forms.includes(lemma)) return -1;
  return matchFrom(steps, step + 1, tokens, at + 1, sentence);
}
