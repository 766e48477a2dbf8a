/**
 * Table types of collection and analysis (migrations 0002 to 0008): surveys and their versions,
 * responses, jobs, e-mail campaigns and invitations, widgets, and the analytics rollups. The
 * conventions are those of `schema.ts`, which gathers every table into the database schema.
 */

export interface TSurveysTable {
  id: string;
  organization_id: string;
  name: string;
  slug: string;
  kind: string;
  status: string;
  brand_id: string | null;
  current_version: number;
  created_at: string;
  updated_at: string;
}

export interface TSurveyVersionsTable {
  survey_id: string;
  version: number;
  organization_id: string;
  definition_json: string;
  created_at: string;
}

export interface TSurveyTouchpointsTable {
  survey_id: string;
  touchpoint_id: string;
  organization_id: string;
}

export interface TResponsesTable {
  id: string;
  organization_id: string;
  /** `organizations.seq` of the organization: the time index leads with it (migration 0011). */
  organization_seq: number;
  survey_id: string;
  survey_version: number;
  touchpoint_id: string | null;
  customer_id: string | null;
  interaction_id: string | null;
  channel: string;
  language: string;
  status: string;
  answers_json: string;
  hidden_json: string;
  segment_json: string;
  segment_key: string;
  /**
   * The numeric answers of a complete response as a JSON object by question key (a matrix item
   * is `question.item`), `{}` while partial: the source of the `response_values` view.
   */
  values_json: string;
  resume_token_hash: string | null;
  idempotency_key: string | null;
  started_at: string;
  submitted_at: string | null;
  day: string;
  updated_at: string;
  /** When the retention sweep or an erasure stripped the response (migration 0023). */
  anonymised_at: string | null;
}

/**
 * A view since migration 0008: one row per numeric answer of a complete response, read from
 * `responses.values_json`. Never written.
 */
export interface TResponseValuesTable {
  response_id: string;
  organization_id: string;
  organization_seq: number;
  survey_id: string;
  question_key: string;
  touchpoint_id: string | null;
  day: string;
  segment_key: string;
  value: number;
}

export interface TJobsTable {
  id: string;
  organization_id: string | null;
  kind: string;
  payload_json: string;
  status: string;
  attempts: number;
  max_attempts: number;
  run_at: string;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface TCampaignsTable {
  id: string;
  organization_id: string;
  survey_id: string;
  name: string;
  status: string;
  audience_json: string;
  touchpoint_id: string | null;
  messages_json: string;
  reminder_days: number;
  scheduled_at: string | null;
  sent_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface TInvitationsTable {
  id: string;
  organization_id: string;
  campaign_id: string;
  survey_id: string;
  customer_id: string;
  interaction_id: string | null;
  language: string;
  status: string;
  skip_reason: string | null;
  last_error: string | null;
  invited_at: string;
  sent_at: string | null;
  reminder_queued_at: string | null;
  reminded_at: string | null;
  responded_at: string | null;
  response_id: string | null;
  opted_out_at: string | null;
  updated_at: string;
}

export interface TInvitationTokensTable {
  token_hash: string;
  invitation_id: string;
  organization_id: string;
  created_at: string;
}

/** A web widget: the public key in its script tag names it (migration 0006). */
export interface TWidgetsTable {
  id: string;
  organization_id: string;
  public_key: string;
  name: string;
  enabled: number;
  created_at: string;
  updated_at: string;
}

/** A survey a widget may show, with its triggers and display rules. */
export interface TWidgetSurveysTable {
  widget_id: string;
  survey_id: string;
  organization_id: string;
  position: number;
  triggers_json: string;
  sampling_percent: number;
  once_per_days: number;
}

export interface TInvitationSettingsTable {
  organization_id: string;
  min_days_between: number;
  updated_at: string;
}

/** Sufficient statistics per question x survey x touchpoint ('' for none) x day x segment. */
export interface TRollupValuesTable {
  organization_id: string;
  question_key: string;
  survey_id: string;
  touchpoint_id: string;
  day: string;
  segment_key: string;
  n: number;
  sum: number;
  sum_sq: number;
  h0: number;
  h1: number;
  h2: number;
  h3: number;
  h4: number;
  h5: number;
  h6: number;
  h7: number;
  h8: number;
  h9: number;
  h10: number;
}

/** Moment matrices of [1, x...] per survey x touchpoint x month x segment x answer pattern. */
export interface TRollupCrossProductsTable {
  organization_id: string;
  cell_id: string;
  survey_id: string;
  touchpoint_id: string;
  month: string;
  segment_key: string;
  variables: string;
  n: number;
  moments_json: string;
}

export interface TRollupVersionsTable {
  organization_id: string;
  version: number;
}
