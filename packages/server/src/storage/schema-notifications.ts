/** Table types of notifications, e-mail preferences and digest schedules (migration 0020). */

export interface TNotificationsTable {
  id: string;
  organization_id: string;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  /** A dashboard path such as `/cases/<id>`. */
  link: string | null;
  subject_type: string | null;
  subject_id: string | null;
  created_at: string;
  read_at: string | null;
  /** When the immediate e-mail went out. */
  emailed_at: string | null;
  /** When a daily digest carried it. */
  digest_at: string | null;
}

export interface TNotificationPreferencesTable {
  organization_id: string;
  user_id: string;
  /** immediate | digest | off */
  email: string;
  updated_at: string;
}

export interface TNotificationDigestSchedulesTable {
  organization_id: string;
  /** The one queued digest job allowed to send. */
  job_id: string;
  run_at: string;
  updated_at: string;
}
