/** Table types of cases, their timeline, codes and SLA policies (migration 0019). */

export interface TCasesTable {
  id: string;
  organization_id: string;
  number: number;
  title: string;
  description: string;
  status: string;
  priority: string;
  team_id: string | null;
  assignee_id: string | null;
  source_type: string;
  source_id: string | null;
  response_id: string | null;
  customer_id: string | null;
  touchpoint_id: string | null;
  rule_id: string | null;
  root_cause_code_id: string | null;
  resolution_code_id: string | null;
  first_response_due_at: string;
  resolution_due_at: string;
  first_responded_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  /** Set while the case is pending (both timers stopped). */
  paused_at: string | null;
  /** Total time spent pending so far; PostgreSQL's driver reads a bigint as text. */
  paused_ms: number | string;
  first_response_breached_at: string | null;
  resolution_breached_at: string | null;
  escalated_at: string | null;
  /** The due time the live `cases.sla` job is queued for; jobs queued for another are stale. */
  sla_check_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface TCaseActivitiesTable {
  id: string;
  organization_id: string;
  case_id: string;
  kind: string;
  actor_type: string;
  actor_id: string | null;
  body: string;
  data_json: string;
  created_at: string;
}

export interface TCaseCodesTable {
  id: string;
  organization_id: string;
  kind: string;
  label: string;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface TCaseSlaPoliciesTable {
  organization_id: string;
  priority: string;
  first_response_minutes: number;
  resolution_minutes: number;
  updated_at: string;
}

export interface TCaseCountersTable {
  organization_id: string;
  last_number: number;
}
