// The baseline: VADER (the `vader-sentiment` port), labelled with the standard thresholds.
import { createRequire } from 'node:module';
import type { TSentimentLabel } from '../comment-analysis.js';

// The port ships no types; this is the one function used.
interface VaderModule {
  SentimentIntensityAnalyzer: {
    polarity_scores(text: string): { neg: number; neu: number; pos: number; compound: number };
  };
}

const vader = createRequire(import.meta.url)('vader-sentiment') as VaderModule;

/** VADER's compound score and label: positive from 0.05, negative from -0.05, else neutral. */
export function vaderSentiment(text: string): { score: number; label: TSentimentLabel } {
  const score = vader.SentimentIntensityAnalyzer.polarity_scores(text).compound;
  const label: TSentimentLabel =
    score >= 0.05 ? 'positive' : score <= -0.05 ? 'negative' : 'neutral';
  return { score, label };
}
