// Sentiment of an English comment from its tokens.
import type { TSentimentLabel } from './comment-analysis.js';
import type { TCommentTokens } from './comment-tokens.js';

export interface TSentiment {
  score: number;
  label: TSentimentLabel;
}

const NEUTRAL_BAND = 0.1;

/** Score from -1 to 1 and its label. */
export function scoreSentiment(tokens: TCommentTokens): TSentiment {
  let total = 0;
  for (const hit of tokens.hits)
    total += tokens.negated[hit.start] === true ? -0.7 * hit.score : hit.score;
  const score = total / Math.sqrt(total * total + 0.6);
  const safe = Number.isFinite(score) ? score : 0;
  const label: TSentimentLabel =
    safe >= NEUTRAL_BAND ? 'positive' : safe <= -NEUTRAL_BAND ? 'negative' : 'neutral';
  return { score: safe, label };
}
