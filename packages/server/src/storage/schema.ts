/**
 * Table types for Kysely. Timestamps are ISO 8601 UTC strings and JSON documents are text, on
 * both SQLite and PostgreSQL, so that one repository code path serves both; flags are 0/1 integers.
 */
import type { Generated } from 'kysely';

export interface TOrganizationsTable {
  id: string;
  name: string;
  slug: string;
  /**
   * A small number per organization (1, 2, ...), for compact index keys; never changes. Drawn
   * from a sequence on PostgreSQL, `MAX + 1` inside the (single-writer) insert on SQLite.
   */
  seq: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface TUsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: string;
  updated_at: string;
}

export interface TMembershipsTable {
  organization_id: string;
  user_id: string;
  role: string;
  created_at: string;
}

export interface TSessionsTable {
  /** SHA-256 of the cookie value: a leaked table does not yield usable sessions. */
  token_hash: string;
  user_id: string;
  organization_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface TApiKeysTable {
  id: string;
  organization_id: string;
  name: string;
  role: string;
  prefix: string;
  key_hash: string;
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface TTeamsTable {
  id: string;
  organization_id: string;
  name: string;
  description: string;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface TTeamMembersTable {
  team_id: string;
  user_id: string;
  organization_id: string;
}

export interface TBrandsTable {
  id: string;
  organization_id: string;
  name: string;
  positioning: string;
  promise_json: string;
  promise_statement: string;
  implementation_theme: string;
  style_guide_json: string;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface TJourneysTable {
  id: string;
  organization_id: string;
  brand_id: string | null;
  name: string;
  description: string;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface TStagesTable {
  id: string;
  organization_id: string;
  journey_id: string;
  name: string;
  description: string;
  phase: string;
  position: number;
}

export interface TTouchpointsTable {
  id: string;
  organization_id: string;
  journey_id: string;
  stage_id: string;
  key: string;
  name: string;
  description: string;
  channel: string;
  provider_type: string;
  senses_json: string;
  owner_team_id: string | null;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface TAttributeKeysTable {
  id: string;
  organization_id: string;
  entity: string;
  key: string;
  label: string;
  type: string;
  options_json: string;
  created_at: string;
}

export interface TCustomersTable {
  id: string;
  organization_id: string;
  external_id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  locale: string | null;
  email_consent: number;
  opted_out_at: string | null;
  attributes_json: string;
  created_at: string;
  updated_at: string;
}

export interface TInteractionsTable {
  id: string;
  organization_id: string;
  /** The organization's `seq`: the leading column of the interaction indexes. */
  organization_seq: number;
  external_id: string | null;
  customer_id: string;
  touchpoint_id: string;
  occurred_at: string;
  type: string;
  amount: number | null;
  currency: string | null;
  attributes_json: string;
  created_at: string;
}

export interface TAuditLogTable {
  id: string;
  organization_id: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  details_json: string;
  at: string;
}

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
}

/**
 * A view since migration 0008: one row per numeric answer of a complete response, read from
 * `responses.values_json`. Never written.
 */
export interface TResponseValuesTable {
  response_id: string;
  organization_id: string;
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

export interface TDatabaseSchema {
  organizations: TOrganizationsTable;
  users: TUsersTable;
  memberships: TMembershipsTable;
  sessions: TSessionsTable;
  api_keys: TApiKeysTable;
  teams: TTeamsTable;
  team_members: TTeamMembersTable;
  brands: TBrandsTable;
  journeys: TJourneysTable;
  stages: TStagesTable;
  touchpoints: TTouchpointsTable;
  attribute_keys: TAttributeKeysTable;
  customers: TCustomersTable;
  interactions: TInteractionsTable;
  audit_log: TAuditLogTable;
  surveys: TSurveysTable;
  survey_versions: TSurveyVersionsTable;
  survey_touchpoints: TSurveyTouchpointsTable;
  responses: TResponsesTable;
  response_values: TResponseValuesTable;
  rollup_values: TRollupValuesTable;
  rollup_cross_products: TRollupCrossProductsTable;
  rollup_versions: TRollupVersionsTable;
  jobs: TJobsTable;
  campaigns: TCampaignsTable;
  invitations: TInvitationsTable;
  invitation_tokens: TInvitationTokensTable;
  invitation_settings: TInvitationSettingsTable;
  widgets: TWidgetsTable;
  widget_surveys: TWidgetSurveysTable;
}
