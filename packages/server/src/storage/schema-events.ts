/** Table types of the transactional outbox (migration 0013). */
import type { Generated } from 'kysely';

export interface TDomainEventsTable {
  /** Order of commit: autoincrement on SQLite, a bigserial appended under a lock on PostgreSQL. */
  seq: Generated<number>;
  id: string;
  organization_id: string;
  type: string;
  subject_id: string;
  payload_json: string;
  /** 1 on the last event of its transaction. */
  tx_end: number;
  created_at: string;
}

export interface TEventCursorsTable {
  subscriber: string;
  position: number;
  updated_at: string;
  /** The process delivering to the subscriber now, on PostgreSQL (migration 0024). */
  leased_by: string | null;
  /** When that process's lease lapses unless it finishes or renews first. */
  leased_until: string | null;
}
