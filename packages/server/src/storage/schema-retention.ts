/** Table types of retention policies (migration 0023). */

export interface TRetentionPoliciesTable {
  organization_id: string;
  /** Responses older than this many months are anonymised or deleted by the daily sweep. */
  months: number;
  /** `anonymise` or `delete`. */
  mode: string;
  last_run_at: string | null;
  /** What the last sweep did: `{ cutoff, responses, comments }`. */
  last_result_json: string | null;
  updated_at: string;
}
