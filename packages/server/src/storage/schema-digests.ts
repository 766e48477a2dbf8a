/** Table types of the weekly e-mail digest (migration 0027). */

export interface TDigestSubscriptionsTable {
  organization_id: string;
  user_id: string;
  /** 1 when the person wants the weekly digest. */
  enabled: number;
  /** 1 (Monday) to 7 (Sunday), as ISO weeks count. */
  day_of_week: number;
  /** 0-23, UTC. */
  hour_utc: number;
  /** organization | teams */
  scope: string;
  /** The last save: a week's send time before it does not count, so a change never sends at once. */
  active_since: string;
  updated_at: string;
}

export interface TDigestSendsTable {
  organization_id: string;
  user_id: string;
  /** The Monday (`YYYY-MM-DD`, UTC) of the ISO week the digest belongs to. */
  week: string;
  sent_at: string;
}
