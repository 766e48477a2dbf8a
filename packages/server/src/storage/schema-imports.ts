/** Table type of imports as resources (migrations 0026 and 0029). */

export interface TImportsTable {
  id: string;
  organization_id: string;
  /** `customers`, `interactions` or `responses`. */
  kind: string;
  /** The survey of a response import. */
  survey_id: string | null;
  /** The client's import id, unique in the organization. */
  client_key: string | null;
  format: string;
  /** `skip` or `run`: whether the import's responses take rules' actions (migration 0029). */
  actions: string;
  /** `running`, `completed`, `failed` or `interrupted`. */
  status: string;
  started_by: string;
  /** The process running it (`host:pid`), while it runs. */
  runner: string | null;
  /** The last row done: stored, unchanged or failed, with every row before it. */
  through_row: number;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** The first rejected rows: `[{ row, field, reason }]`. */
  errors_json: string;
  message: string | null;
  attempts: number;
  /** SHA-256 (hex) of the file's first `source_digest_bytes` bytes. */
  source_digest: string | null;
  source_digest_bytes: number | null;
  started_at: string;
  updated_at: string;
  finished_at: string | null;
}
