import type { TImport, TImportListQuery, TImportRowError } from '@touchstone/core';
import type { Selectable } from 'kysely';
import type { TDb } from '../storage/database.js';
import { fetchPage, parseSort } from '../storage/pagination.js';
import { parseJsonColumn } from '../storage/rows.js';
import type { TImportsTable } from '../storage/schema.js';

export type TImportRow = Selectable<TImportsTable>;

/** The counts of an import that its batches move on. */
export interface TImportCounts {
  throughRow: number;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  errors: TImportRowError[];
}

/** The first bytes of an import's file: their SHA-256 and how many were hashed. */
export interface TSourceDigest {
  digest: string;
  bytes: number;
}

export function toImport(row: TImportRow): TImport {
  const errors = parseJsonColumn<TImportRowError[]>(row.errors_json);
  return {
    id: row.id,
    kind: row.kind as TImport['kind'],
    surveyId: row.survey_id,
    clientImportId: row.client_key,
    status: row.status as TImport['status'],
    format: row.format as TImport['format'],
    actions: row.actions === 'run' ? 'run' : 'skip',
    startedBy: row.started_by,
    rows: Number(row.rows),
    throughRow: Number(row.through_row),
    created: Number(row.created),
    updated: Number(row.updated),
    stored: Number(row.created) + Number(row.updated),
    unchanged: Number(row.unchanged),
    failed: Number(row.failed),
    errors,
    errorsTruncated: Number(row.failed) > errors.length,
    message: row.message,
    attempts: Number(row.attempts),
    sourceDigest: row.source_digest,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

export async function insertImport(db: TDb, row: TImportsTable): Promise<void> {
  await db.insertInto('imports').values(row).execute();
}

/** The import a client names by its own import id, or by the id the server gave it. */
export async function findImportByClientId(
  db: TDb,
  orgId: string,
  clientId: string,
): Promise<TImportRow | undefined> {
  const rows = await db
    .selectFrom('imports')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where((eb) => eb.or([eb('client_key', '=', clientId), eb('id', '=', clientId)]))
    .execute();
  return rows.find((r) => r.client_key === clientId) ?? rows[0];
}

export async function findImport(
  db: TDb,
  orgId: string,
  id: string,
): Promise<TImportRow | undefined> {
  return db
    .selectFrom('imports')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Marks an import running again for one more request, if it is still as it was read (its status
 * and last update): of two requests resuming it at once, one wins. True when this one did.
 */
export async function claimImport(
  db: TDb,
  seen: TImportRow,
  claim: { runner: string; now: string },
): Promise<boolean> {
  const result = await db
    .updateTable('imports')
    .set((eb) => ({
      status: 'running',
      runner: claim.runner,
      attempts: eb('attempts', '+', 1),
      message: null,
      finished_at: null,
      updated_at: claim.now,
    }))
    .where('id', '=', seen.id)
    .where('status', '=', seen.status)
    .where('updated_at', '=', seen.updated_at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Writes an import's counts (and, when it ends, its status and why). */
export async function saveImportState(
  db: TDb,
  id: string,
  state: {
    counts: TImportCounts;
    digest: TSourceDigest | null;
    now: string;
    end?: { status: string; message: string | null };
  },
): Promise<void> {
  const { counts, digest, now, end } = state;
  await db
    .updateTable('imports')
    .set({
      through_row: counts.throughRow,
      rows: counts.rows,
      created: counts.created,
      updated: counts.updated,
      unchanged: counts.unchanged,
      failed: counts.failed,
      errors_json: JSON.stringify(counts.errors),
      updated_at: now,
      ...(digest && { source_digest: digest.digest, source_digest_bytes: digest.bytes }),
      ...(end && { status: end.status, message: end.message, finished_at: now, runner: null }),
    })
    .where('id', '=', id)
    .execute();
}

/** Puts an import back as it was before a request that was refused before it read a row. */
export async function restoreImport(db: TDb, seen: TImportRow): Promise<void> {
  await db
    .updateTable('imports')
    .set({
      status: seen.status,
      runner: seen.runner,
      attempts: seen.attempts,
      message: seen.message,
      finished_at: seen.finished_at,
      updated_at: seen.updated_at,
    })
    .where('id', '=', seen.id)
    .execute();
}

/** Imports marked running, with the process that runs each and when it last wrote. */
export async function findRunningImports(db: TDb) {
  return db
    .selectFrom('imports')
    .select(['id', 'runner', 'updated_at'])
    .where('status', '=', 'running')
    .execute();
}

/** Marks imports interrupted: the process that ran them is gone. */
export async function markImportsInterrupted(
  db: TDb,
  ids: readonly string[],
  message: string,
  now: string,
): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('imports')
    .set({ status: 'interrupted', message, runner: null, finished_at: now, updated_at: now })
    .where('id', 'in', ids)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A page of an organization's imports, newest first unless the query sorts otherwise. */
export async function listImportRows(db: TDb, orgId: string, query: TImportListQuery) {
  let q = db.selectFrom('imports').selectAll().where('organization_id', '=', orgId);
  if (query.kind !== undefined) q = q.where('kind', '=', query.kind);
  if (query.status !== undefined) q = q.where('status', '=', query.status);
  const sort = parseSort(query.sort, { startedAt: 'imports.started_at' });
  return fetchPage(q, {
    sort,
    idColumn: 'imports.id',
    cursor: query.cursor,
    limit: query.limit,
    keyOf: (row) => [row.started_at, row.id],
  });
}
