/** Table types of rules, their runs and the tags they put on responses (migration 0021). */

export interface TRulesTable {
  id: string;
  organization_id: string;
  name: string;
  enabled: number;
  /** When it was last switched on: it acts on responses submitted (alerts raised) since. */
  enabled_at: string | null;
  /** response | alert */
  trigger: string;
  /** all | any */
  match: string;
  conditions_json: string;
  actions_json: string;
  created_at: string;
  updated_at: string;
}

/** One match of a rule; (rule_id, subject_id) is unique, so a match acts once. */
export interface TRuleRunsTable {
  id: string;
  organization_id: string;
  rule_id: string;
  /** response | alert */
  subject_type: string;
  subject_id: string;
  reasons_json: string;
  outcomes_json: string;
  created_at: string;
}

export interface TResponseTagsTable {
  organization_id: string;
  response_id: string;
  tag: string;
  /** The rule that added it. */
  rule_id: string | null;
  created_at: string;
}
