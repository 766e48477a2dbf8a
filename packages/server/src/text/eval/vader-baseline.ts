// The baseline: VADER (the `vader-sentiment` port), labelled with the standard thresholds.
import vader from 'vader-sentiment';
import type { TSentimentLabel } from '../comment-analysis.js';

/** VADER's compound score and label: positive from 0.05, negative from -0.05, else neutral. */
export function vaderSentiment(text: string): { score: number; label: TSentimentLabel } {
  const score = vader.SentimentIntensityAnalyzer.polarity_scores(text).compound;
  const label: TSentimentLabel =
    score >= 0.05 ? 'positive' : score <= -0.05 ? 'negative' : 'neutral';
  return { score, label };
}
