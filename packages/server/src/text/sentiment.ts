// Sentiment of an English comment: wink's lexicon hits and the domain patterns, each weighed
// for negation, contrast ("but"), emphasis, courtesy at the end of a complaint and sarcasm.
import type { TSentimentLabel } from './comment-analysis.js';
import type { TCommentTokens } from './comment-tokens.js';
import { DOMAIN_PATTERNS } from './domain-lexicon.js';
import { compileDomainPatterns, findDomainHits } from './domain-matcher.js';

export interface TSentiment {
  score: number;
  label: TSentimentLabel;
}

/** Scores strictly inside this band are neutral. */
export const NEUTRAL_BAND = 0.2;
// Normalisation of the weighted sum s into (-1, 1): s / sqrt(s² + ALPHA).
const ALPHA = 0.5;
const NEGATION_FACTOR = -0.7;
const BEFORE_CONTRAST = 0.5;
const AFTER_CONTRAST = 1.5;
const CAPS_BOOST = 1.3;
const AGAIN_BOOST = 1.25;
const COURTESY_IN_COMPLAINT = 0.1;
const POSITIVE_IN_QUESTION = 0.5;

const INTENSIFIERS = new Set([
  'very',
  'really',
  'so',
  'extremely',
  'incredibly',
  'absolutely',
  'totally',
  'super',
  'truly',
  'utterly',
  'completely',
  'exceptionally',
  'particularly',
  'especially',
  'most',
  'too',
]);
const DOWNTONERS = new Set([
  'slightly',
  'somewhat',
  'fairly',
  'rather',
  'quite',
  'bit',
  'little',
  'mildly',
  'reasonably',
]);
const INTENSIFIER_BOOST = 1.3;
const DOWNTONER_FACTOR = 0.7;
const NEGATORS = new Set([
  'not',
  'no',
  'never',
  "n't",
  'without',
  'nothing',
  'nobody',
  'none',
  'neither',
  'nor',
  'hardly',
  'barely',
]);
const CONTRASTS = new Set(['but', 'however', 'yet', 'although', 'though', 'except']);
const COURTESY = new Set([
  'thx',
  'thnx',
  'tks',
  'thanks',
  'thank',
  'thx',
  'ty',
  'cheers',
  'appreciate',
  'appreciated',
  'please',
  'pls',
  'plz',
  'help',
  'welcome',
  'kindly',
  'sorry',
  'apologies',
]);
// Information questions ("can I ...?", "how do I ...?") ask; the words in them mostly do not judge.
const QUESTION_OPENERS = new Set([
  'can',
  'could',
  'how',
  'where',
  'what',
  'when',
  'which',
  'do',
  'does',
  'is',
  'are',
  'will',
  'would',
  'may',
  'should',
  'any',
  'who',
]);
const QUESTION_WEIGHT = 0.3;
// A positive word read as sarcasm counts against, at half its weight.
const SARCASM_FACTOR = -0.5;
// Markers of sarcasm on their own ("oh great", "yeah right"): positive words then count against.
const STRONG_SARCASM =
  /\b(?:oh|just) (?:great|wonderful|fantastic|perfect|lovely|brilliant|marvellous|terrific)\b|\byeah,? right\b|\bso much for\b|\bthey said\b.*\bthey said\b|\/s\b|🙄|🙃/iu;
// Markers that read as sarcasm in a comment that complains.
const SARCASM =
  /\b(?:just|oh|how) (?:great|wonderful|fantastic|perfect|lovely|brilliant)\b|\b(?:great|nice|good|fantastic) job\b|\bthanks? (?:a lot|so much|again) for\b|\bthanks? for nothing\b|\blove (?:how|that|it when|when)\b|\bso much for\b|\byeah,? right\b|\bway to go\b|\bwell done\b|\bbravo\b|\bcongrat|\/s\b|🙄|😒|\bwhat a (?:great|wonderful|fantastic)\b|(?:^|[.!?…]\s+)(?:great|fantastic|wonderful|awesome|perfect|brilliant|lovely|nice|amazing|love it|thanks)[,.!…]/iu;

const DOMAIN = compileDomainPatterns(DOMAIN_PATTERNS);

interface Contribution {
  start: number;
  value: number;
  courtesy: boolean;
  domain: boolean;
}

/** Score from -1 to 1 and its label, for the tokens of an English comment. */
export function scoreSentiment(tokens: TCommentTokens, text: string): TSentiment {
  const contributions = collect(tokens);
  if (contributions.length === 0) return { score: 0, label: 'neutral' };
  weighContrast(tokens, contributions);

  const negativeEvidence = contributions.reduce(
    (sum, c) => (c.courtesy || c.value >= 0 ? sum : sum + c.value),
    0,
  );
  const complaint = negativeEvidence <= -0.3;
  // Sarcasm only matters to positive words; the test is skipped when there are none.
  const sarcastic =
    contributions.some((c) => c.value > 0 && !c.domain) &&
    (STRONG_SARCASM.test(text) || (complaint && SARCASM.test(text)));
  const questions = questionSentences(tokens);
  const asking = informationQuestions(tokens, questions);
  let total = 0;
  for (const c of contributions) {
    let value = c.value;
    // A question that opens with a complaint ("where is my refund?") still complains.
    const sentence = tokens.sentenceOf[c.start] ?? -1;
    if (asking.has(sentence) && tokens.sentenceOf[c.start - 1] === sentence)
      value *= QUESTION_WEIGHT;
    if (value > 0) {
      if (c.courtesy && complaint) value *= COURTESY_IN_COMPLAINT;
      else if (sarcastic && !c.domain) value *= SARCASM_FACTOR;
      else if (questions.has(tokens.sentenceOf[c.start] ?? -1)) value *= POSITIVE_IN_QUESTION;
    }
    total += value;
  }
  if (total < 0 && tokens.lemmas.includes('again')) total *= AGAIN_BOOST;
  const exclamations = Math.min(3, (text.match(/!/g) ?? []).length);
  total *= 1 + 0.05 * exclamations;
  const score = total / Math.sqrt(total * total + ALPHA);
  const safe = Number.isFinite(score) ? Math.max(-1, Math.min(1, score)) : 0;
  return { score: safe, label: labelOf(safe) };
}

/** The label of a score: negative and positive outside the neutral band. */
export function labelOf(score: number): TSentimentLabel {
  return score <= -NEUTRAL_BAND ? 'negative' : score >= NEUTRAL_BAND ? 'positive' : 'neutral';
}

/** Lexicon and domain hits as signed values; a domain pattern replaces lexicon hits it overlaps. */
function collect(tokens: TCommentTokens): Contribution[] {
  const domainHits = findDomainHits(tokens, DOMAIN);
  const covered = new Set<number>();
  const contributions: Contribution[] = [];
  for (const hit of domainHits) {
    for (let i = hit.start; i <= hit.end; i++) covered.add(i);
    if (hit.score === 0) continue;
    const negator =
      NEGATORS.has(tokens.normals[hit.start] ?? '') || NEGATORS.has(tokens.lemmas[hit.start] ?? '');
    const negated = !negator && negatedBefore(tokens, hit.start);
    contributions.push({
      start: hit.start,
      value:
        emphasis(tokens, hit.start, hit.end) * (negated ? NEGATION_FACTOR * hit.score : hit.score),
      courtesy: COURTESY.has(tokens.normals[hit.start] ?? ''),
      domain: true,
    });
  }
  for (const hit of tokens.hits) {
    let overlaps = false;
    for (let i = hit.start; i <= hit.end && !overlaps; i++) overlaps = covered.has(i);
    if (overlaps || hit.score === 0) continue;
    const negated = tokens.negated[hit.start] === true || negatedBefore(tokens, hit.start);
    const lemma = tokens.lemmas[hit.start] ?? '';
    contributions.push({
      start: hit.start,
      value:
        emphasis(tokens, hit.start, hit.end) * (negated ? NEGATION_FACTOR * hit.score : hit.score),
      courtesy: COURTESY.has(lemma) || COURTESY.has(tokens.normals[hit.start] ?? ''),
      domain: false,
    });
  }
  return contributions;
}

/** A negator among the three tokens before, in the same clause. */
function negatedBefore(tokens: TCommentTokens, start: number): boolean {
  for (let i = start - 1; i >= Math.max(0, start - 3); i--) {
    if (tokens.types[i] === 'punctuation' || tokens.sentenceOf[i] !== tokens.sentenceOf[start])
      return false;
    const normal = tokens.normals[i] ?? '';
    if (NEGATORS.has(normal)) return true;
    if (CONTRASTS.has(normal)) return false;
  }
  return false;
}

/**
 * Shouting (a word in capitals in a comment that is not all capitals) and an intensifier just
 * before ("very", "really") weigh more; a downtoner ("slightly", "a bit") less.
 */
function emphasis(tokens: TCommentTokens, start: number, end: number): number {
  let factor =
    tokens.capitals !== undefined && tokens.capitals.some((i) => i >= start && i <= end)
      ? CAPS_BOOST
      : 1;
  const before = tokens.normals[start - 1] ?? '';
  if (tokens.sentenceOf[start - 1] === tokens.sentenceOf[start]) {
    if (INTENSIFIERS.has(before)) factor *= INTENSIFIER_BOOST;
    else if (DOWNTONERS.has(before)) factor *= DOWNTONER_FACTOR;
  }
  return factor;
}

/**
 * "A but B": A weighs less and B more, within the sentence; a sentence that opens with "but" or
 * "however" turns down everything before it.
 */
function weighContrast(tokens: TCommentTokens, contributions: Contribution[]): void {
  for (let i = 0; i < tokens.normals.length; i++) {
    const normal = tokens.normals[i] ?? '';
    if (!CONTRASTS.has(normal)) continue;
    const sentence = tokens.sentenceOf[i] ?? 0;
    const opensSentence = i === 0 || tokens.sentenceOf[i - 1] !== sentence;
    // "Although A, B": the concession comes first, the weight goes to the main clause after it.
    const concession = normal === 'although' || normal === 'though';
    for (const c of contributions) {
      const cSentence = tokens.sentenceOf[c.start] ?? 0;
      if (concession && opensSentence) {
        if (cSentence === sentence)
          c.value *= c.start < clauseEnd(tokens, i) ? BEFORE_CONTRAST : AFTER_CONTRAST;
        continue;
      }
      const sameScope = opensSentence ? cSentence <= sentence : cSentence === sentence;
      if (!sameScope) continue;
      c.value *= c.start < i ? BEFORE_CONTRAST : cSentence === sentence ? AFTER_CONTRAST : 1;
    }
  }
}

function clauseEnd(tokens: TCommentTokens, from: number): number {
  for (let i = from; i < tokens.normals.length; i++) if (tokens.normals[i] === ',') return i;
  return tokens.normals.length;
}

/** Question sentences that open with a word that asks for information ("can", "how", "where"). */
function informationQuestions(tokens: TCommentTokens, questions: Set<number>): Set<number> {
  const asking = new Set<number>();
  for (let i = 0; i < tokens.normals.length; i++) {
    const sentence = tokens.sentenceOf[i] ?? -1;
    const opens = i === 0 || tokens.sentenceOf[i - 1] !== sentence;
    if (opens && questions.has(sentence) && QUESTION_OPENERS.has(tokens.normals[i] ?? ''))
      asking.add(sentence);
  }
  return asking;
}

/** Sentences that end with a question mark. */
function questionSentences(tokens: TCommentTokens): Set<number> {
  const questions = new Set<number>();
  for (let i = 0; i < tokens.normals.length; i++) {
    if (tokens.normals[i] === '?') questions.add(tokens.sentenceOf[i] ?? -1);
  }
  return questions;
}
