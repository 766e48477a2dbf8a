/**
 * The shape of the text analysis of one comment, shared by the analyser (`text/`), the comment
 * store and its subscriber (`comments/`), the change scan (`alerts/`) and the CLI.
 */

export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;
export type TSentimentLabel = (typeof SENTIMENT_LABELS)[number];

/** Where a theme came from: shipped with Touchstone, found in an organization's comments, or written by a user. */
export type TThemeSource = 'built-in' | 'discovered' | 'user';

/**
 * A theme as the analyser matches it: a comment mentions the theme when it contains any of the
 * keywords or phrases (whole words, case-insensitive, a keyword also matching its inflections).
 */
export interface TThemeRule {
  id: string;
  name: string;
  keywords: readonly string[];
}

/** What the analyser says about one comment. */
export interface TCommentAnalysis {
  /** From -1 (most negative) to 1 (most positive); 0 when not scored (empty, not English). */
  score: number;
  label: TSentimentLabel;
  /** ISO 639-1 code of the language detected (`en` ...), or `und` when too short to tell. */
  language: string;
  /** False when the comment is in another language: it is flagged, not scored as English. */
  english: boolean;
  /** True when the comment was longer than MAX_COMMENT_LENGTH and only its start was analysed. */
  truncated: boolean;
  /** Ids of the matched themes, in the order of the rules given. */
  themes: string[];
  /** Key phrases (normalised noun phrases and content words), the input of theme discovery. */
  phrases: string[];
}

/** Comments are analysed (and stored) up to this many characters; the rest is cut and flagged. */
export const MAX_COMMENT_LENGTH = 2000;
