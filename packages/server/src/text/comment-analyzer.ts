// The analyser of one comment: language, sentiment, themes and key phrases.
import type { TCommentAnalysis, TThemeRule } from './comment-analysis.js';
import { MAX_COMMENT_LENGTH } from './comment-analysis.js';
import { readCommentTokens } from './comment-tokens.js';
import { extractKeyPhrases } from './key-phrases.js';
import { guessLanguage } from './language.js';
import { scoreSentiment } from './sentiment.js';
import { createThemeMatcher } from './theme-matcher.js';
import { cleanTweetText } from './tweet-text.js';

/** Analyses comments against one set of theme rules. */
export interface TCommentAnalyzer {
  analyze(text: string): TCommentAnalysis;
}

/**
 * An analyser for these themes. The English pipeline is loaded on first use, once per process;
 * `analyze` is synchronous and never throws on text (empty, long, foreign or odd).
 */
export function createCommentAnalyzer(themes: readonly TThemeRule[]): TCommentAnalyzer {
  let matcher: ReturnType<typeof createThemeMatcher> | undefined;
  return {
    analyze(text: string): TCommentAnalysis {
      const raw = typeof text === 'string' ? text : '';
      const truncated = raw.length > MAX_COMMENT_LENGTH;
      const cleaned = cleanTweetText(truncated ? raw.slice(0, MAX_COMMENT_LENGTH) : raw);
      if (cleaned === '') {
        return {
          score: 0,
          label: 'neutral',
          language: 'und',
          english: true,
          truncated,
          themes: [],
          phrases: [],
        };
      }
      matcher ??= createThemeMatcher(themes);
      const tokens = readCommentTokens(cleaned);
      const { language, english } = guessLanguage(cleaned);
      const matched = matcher.match(tokens);
      if (!english) {
        // Key phrases are English lemmas: a comment in another language has none.
        return {
          score: 0,
          label: 'neutral',
          language,
          english,
          truncated,
          themes: matched,
          phrases: [],
        };
      }
      const phrases = extractKeyPhrases(tokens).map((phrase) => phrase.key);
      const { score, label } = scoreSentiment(tokens, cleaned);
      return { score, label, language, english, truncated, themes: matched, phrases };
    },
  };
}
