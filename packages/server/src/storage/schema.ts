/**
 * Table types for Kysely. Timestamps are ISO 8601 UTC strings and JSON documents are text, on
 * both SQLite and PostgreSQL, so that one repository code path serves both; flags are 0/1 integers.
 */
import type { Generated } from 'kysely';
import type {
  TSurveysTable,
  TSurveyVersionsTable,
  TSurveyTouchpointsTable,
  TResponsesTable,
  TResponseValuesTable,
  TJobsTable,
  TCampaignsTable,
  TInvitationsTable,
  TInvitationTokensTable,
  TWidgetsTable,
  TWidgetSurveysTable,
  TInvitationSettingsTable,
  TRollupValuesTable,
  TRollupCrossProductsTable,
  TRollupVersionsTable,
} from './schema-collect.js';
import type { TDomainEventsTable, TEventCursorsTable } from './schema-events.js';
import type { TAlertsTable, TAlertScansTable } from './schema-alerts.js';
import type {
  TWebhookDeliveriesTable,
  TWebhookDeliveryAttemptsTable,
  TWebhooksTable,
} from './schema-webhooks.js';
import type { TRetentionPoliciesTable } from './schema-retention.js';
import type { TImportsTable } from './schema-imports.js';
import type {
  TSsoDomainsTable,
  TSsoFlowsTable,
  TSsoSettingsTable,
  TUserIdentitiesTable,
} from './schema-sso.js';
import type { TResponseTagsTable, TRuleRunsTable, TRulesTable } from './schema-rules.js';
import type {
  TCommentAnalysesTable,
  TCommentAnalysisRunsTable,
  TCommentSettingsTable,
  TCommentThemesTable,
  TThemesTable,
} from './schema-comments.js';
import type {
  TCaseActivitiesTable,
  TCaseCodesTable,
  TCaseCountersTable,
  TCasesTable,
  TCaseSlaPoliciesTable,
} from './schema-cases.js';
import type {
  TNotificationDigestSchedulesTable,
  TNotificationPreferencesTable,
  TNotificationsTable,
} from './schema-notifications.js';
import type { TDigestSendsTable, TDigestSubscriptionsTable } from './schema-digests.js';
import type {
  TCaseFollowUpsTable,
  TCaseMessagesTable,
  TClosedLoopSettingsTable,
} from './schema-closed-loop.js';

export type * from './schema-collect.js';
export type * from './schema-events.js';
export type * from './schema-alerts.js';
export type * from './schema-webhooks.js';
export type * from './schema-retention.js';
export type * from './schema-imports.js';
export type * from './schema-sso.js';
export type * from './schema-comments.js';
export type * from './schema-cases.js';
export type * from './schema-notifications.js';
export type * from './schema-digests.js';
export type * from './schema-closed-loop.js';
export type * from './schema-rules.js';

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
  /** The team lead, a member: SLA breaches escalate to them (migration 0019). */
  lead_user_id: string | null;
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
  domain_events: TDomainEventsTable;
  event_cursors: TEventCursorsTable;
  themes: TThemesTable;
  comment_analyses: TCommentAnalysesTable;
  comment_themes: TCommentThemesTable;
  comment_settings: TCommentSettingsTable;
  comment_analysis_runs: TCommentAnalysisRunsTable;
  alerts: TAlertsTable;
  alert_scans: TAlertScansTable;
  webhooks: TWebhooksTable;
  webhook_deliveries: TWebhookDeliveriesTable;
  webhook_delivery_attempts: TWebhookDeliveryAttemptsTable;
  retention_policies: TRetentionPoliciesTable;
  imports: TImportsTable;
  sso_settings: TSsoSettingsTable;
  sso_domains: TSsoDomainsTable;
  user_identities: TUserIdentitiesTable;
  sso_flows: TSsoFlowsTable;
  notifications: TNotificationsTable;
  notification_preferences: TNotificationPreferencesTable;
  notification_digest_schedules: TNotificationDigestSchedulesTable;
  digest_subscriptions: TDigestSubscriptionsTable;
  digest_sends: TDigestSendsTable;
  cases: TCasesTable;
  case_activities: TCaseActivitiesTable;
  case_codes: TCaseCodesTable;
  case_sla_policies: TCaseSlaPoliciesTable;
  case_counters: TCaseCountersTable;
  case_messages: TCaseMessagesTable;
  case_follow_ups: TCaseFollowUpsTable;
  closed_loop_settings: TClosedLoopSettingsTable;
  rules: TRulesTable;
  rule_runs: TRuleRunsTable;
  response_tags: TResponseTagsTable;
}
