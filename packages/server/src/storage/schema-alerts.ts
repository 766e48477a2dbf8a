/** Table types of the alerts of the change scan (migration 0015). */

export interface TAlertsTable {
  id: string;
  organization_id: string;
  /** Question key, touchpoint and segment of the series: what a re-scan matches on. */
  series_key: string;
  status: string;
  metric: string;
  question_key: string;
  touchpoint_id: string | null;
  segment_json: string;
  change_date: string;
  direction: string;
  before_json: string;
  after_json: string;
  effect_size: number;
  effect_unit: string;
  p_value: number;
  adjusted_p_value: number;
  localisation_json: string;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface TAlertScansTable {
  organization_id: string;
  /** PostgreSQL's driver reads a bigint as text. */
  rollup_version: number | string;
  tested_series: number;
  findings: number;
  scanned_at: string;
}
