/** Table types of the text analysis of comments (migration 0014). */

export interface TThemesTable {
  id: string;
  organization_id: string;
  name: string;
  /** JSON array of keywords and phrases. */
  keywords_json: string;
  /** built-in | discovered | user */
  source: string;
  created_at: string;
  updated_at: string;
}

/** One comment (a text answer of a complete response) with its analysis. */
export interface TCommentAnalysesTable {
  response_id: string;
  question_key: string;
  organization_id: string;
  survey_id: string;
  touchpoint_id: string | null;
  customer_id: string | null;
  segment_key: string;
  day: string;
  submitted_at: string;
  /** The response's 0-10 likelihood to recommend, when its survey asks it. */
  nps: number | null;
  /** As stored: masked when the organization masks, cut to MAX_COMMENT_LENGTH. */
  text: string;
  score: number;
  label: string;
  language: string;
  english: number;
  truncated: number;
  /** JSON array of theme ids. */
  themes_json: string;
  analyzed_at: string;
}

/** One comment mentioning one theme, with what theme statistics aggregate. */
export interface TCommentThemesTable {
  organization_id: string;
  theme_id: string;
  response_id: string;
  question_key: string;
  day: string;
  touchpoint_id: string | null;
  segment_key: string;
  score: number;
  nps: number | null;
}

export interface TCommentSettingsTable {
  organization_id: string;
  /** 1: e-mail addresses and phone numbers are masked in stored comments. */
  mask_personal_data: number;
  /** 1 once the built-in themes were copied into the organization's themes. */
  built_in_themes_added: number;
  updated_at: string;
}

/** The latest analysis of an organization's stored comments (backfill or re-application). */
export interface TCommentAnalysisRunsTable {
  organization_id: string;
  analysed: number;
  total: number;
  running: number;
  started_at: string;
  finished_at: string | null;
  error: string | null;
}
