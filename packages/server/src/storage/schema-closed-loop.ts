/** Table types of closing the loop: case e-mails, follow-up surveys, settings (migration 0022). */

export interface TCaseMessagesTable {
  id: string;
  organization_id: string;
  case_id: string;
  customer_id: string;
  /** The built-in template the text started from, null for free text. */
  template: string | null;
  subject: string;
  /** Plain text as written; the e-mail's HTML is rendered from it at sending. */
  body: string;
  /** queued | sent | failed */
  status: string;
  last_error: string | null;
  /** The user who wrote it, null for the system. */
  sent_by: string | null;
  sent_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface TCaseFollowUpsTable {
  id: string;
  organization_id: string;
  case_id: string | null;
  customer_id: string;
  survey_id: string;
  campaign_id: string | null;
  invitation_id: string | null;
  original_response_id: string | null;
  /** nps | csat, null when neither the original nor the survey has such a question. */
  metric: string | null;
  original_score: number | null;
  original_category: string | null;
  /** sent | answered */
  status: string;
  response_id: string | null;
  score: number | null;
  category: string | null;
  /** 0/1 once answered, null before. */
  recovered: number | null;
  sent_at: string;
  answered_at: string | null;
  updated_at: string;
}

export interface TClosedLoopSettingsTable {
  organization_id: string;
  follow_up_survey_id: string | null;
  updated_at: string;
}
