import os from 'node:os';
import {
  AppError,
  IMPORT_ID_PATTERN,
  IMPORT_ID_RULE,
  newId,
  type TImportActions,
  type TImportFormat,
  type TImportKind,
  type TImportResult,
  type TImportRowError,
} from '@touchstone/core';
import type { TServiceContext } from '../auth/actor.js';
import { isUniqueViolation } from '../storage/constraint-violation.js';
import { nowIso } from '../storage/rows.js';
import type { TImportOutcome, TRowsDone } from './import-runner.js';
import { checkedHead } from './source-digest.js';
import type { TImportSource } from './import-source.js';
import {
  claimImport,
  findImportByClientId,
  insertImport,
  restoreImport,
  saveImportState,
  type TImportCounts,
  type TImportRow,
  type TSourceDigest,
} from './imports.repository.js';

/** Rejected rows an import keeps (the request's answer lists more of its own). */
const KEPT_ERRORS = 100;
/** The least time between two writes of an import's counts while it runs. */
const PROGRESS_INTERVAL_MS = 2000;

/** What a request imports, and under which import id the client may resume it. */
export interface TImportStart {
  kind: TImportKind;
  surveyId: string | null;
  format: TImportFormat;
  /** The client's import id (`Import-Id`), or null. */
  clientImportId: string | null;
  /**
   * Whether the import's responses take rules' actions; absent: `skip` for a new import, and
   * what it recorded for one resumed.
   */
  actions?: TImportActions;
}

/** What a tracked import's work gets: where to resume, and where to say what it stored. */
export interface TImportRun {
  importId: string;
  /** True when the client named the import: rows without keys get the import's row keys. */
  named: boolean;
  /** Rows up to this one were done by an earlier request. */
  skipThrough: number;
  /** Whether the import's responses take rules' actions (as recorded on the import). */
  actions: TImportActions;
  onStored: (done: TRowsDone) => Promise<void>;
  /** The file, its first bytes checked against those of the import's earlier requests. */
  source: (source: TImportSource) => TImportSource;
}

/** The name of this process in an import's `runner`: host and process id. */
export function runnerName(): string {
  return `${os.hostname()}:${process.pid}`;
}

/** The client's import id as given, or a 400 naming the header. */
export function parseImportId(value: unknown, field = 'headers.import-id'): string | null {
  if (value === undefined) return null;
  if (typeof value !== 'string' || !IMPORT_ID_PATTERN.test(value)) {
    throw new AppError('bad_request', `${field} must be ${IMPORT_ID_RULE}`, [
      { field, message: IMPORT_ID_RULE },
    ]);
  }
  return value;
}

/**
 * Passes the file through, noting an error that came from reading it (the client went away,
 * the body passed the limit), as opposed to one of the rows or the database.
 */
async function* noteReadErrors(
  source: TImportSource,
  onError: (error: unknown) => void,
): AsyncGenerator<Buffer | Uint8Array | string> {
  try {
    for await (const chunk of source) yield chunk;
  } catch (error) {
    onError(error);
    throw error;
  }
}

/**
 * How an import ended: `interrupted` when the file stopped early (the body passed the limit, the
 * client went away: send it again to resume), `failed` when it or the server refused it.
 */
function stopOf(error: unknown, readError: unknown): { status: string; message: string } {
  // A read error ends the import (runImport may wrap it in one that says what was kept).
  const interrupted =
    readError !== undefined &&
    (!(readError instanceof AppError) || readError.code === 'payload_too_large');
  if (error instanceof AppError) {
    return { status: interrupted ? 'interrupted' : 'failed', message: error.message };
  }
  return interrupted
    ? { status: 'interrupted', message: 'the client stopped sending the file' }
    : { status: 'failed', message: 'internal error' };
}

function emptyCounts(): TImportCounts {
  return { throughRow: 0, rows: 0, created: 0, updated: 0, unchanged: 0, failed: 0, errors: [] };
}

function countsOf(row: TImportRow): TImportCounts {
  return {
    throughRow: Number(row.through_row),
    rows: Number(row.rows),
    created: Number(row.created),
    updated: Number(row.updated),
    unchanged: Number(row.unchanged),
    failed: Number(row.failed),
    errors: JSON.parse(row.errors_json) as TImportRowError[],
  };
}

/** Starts the import a request names, or resumes it: a 409 when it runs or is of another kind. */
async function beginImport(
  ctx: TServiceContext,
  start: TImportStart,
): Promise<{ id: string; seen: TImportRow | null }> {
  const { db } = ctx.storage;
  const orgId = ctx.actor.organizationId;
  const now = nowIso();
  const runner = runnerName();
  const key = start.clientImportId;
  const seen = key === null ? undefined : await findImportByClientId(db, orgId, key);
  if (seen !== undefined && key !== null) {
    if (seen.kind !== start.kind || seen.survey_id !== start.surveyId) {
      throw new AppError('conflict', `import ${key} is an import of other data`, [
        { field: 'headers.import-id', message: `used for ${seen.kind} already` },
      ]);
    }
    if (start.actions !== undefined && start.actions !== seen.actions) {
      throw new AppError('conflict', `import ${key} was started with actions=${seen.actions}`, [
        { field: 'actions', message: `send actions=${seen.actions} or none to resume it` },
      ]);
    }
    if (seen.status === 'running' || !(await claimImport(db, seen, { runner, now }))) {
      throw new AppError(
        'conflict',
        `import ${key} is running; send the file again once it stops`,
        [{ field: 'headers.import-id', message: 'running' }],
      );
    }
    return { id: seen.id, seen };
  }
  const id = newId();
  try {
    await insertImport(db, {
      id,
      organization_id: orgId,
      kind: start.kind,
      survey_id: start.surveyId,
      client_key: key,
      format: start.format,
      actions: start.actions ?? 'skip',
      status: 'running',
      started_by: ctx.actor.label,
      runner,
      through_row: 0,
      rows: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      failed: 0,
      errors_json: '[]',
      message: null,
      attempts: 1,
      source_digest: null,
      source_digest_bytes: null,
      started_at: now,
      updated_at: now,
      finished_at: null,
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new AppError('conflict', `import ${key ?? id} was started by another request`, [
      { field: 'headers.import-id', message: 'running' },
    ]);
  }
  return { id, seen: null };
}

/**
 * Runs an import as a resource: the `imports` row is written when the request starts (or
 * resumes an import by its id), as batches are stored (at most every PROGRESS_INTERVAL_MS) and
 * when it ends, with the status it ended in. An error that stops it names the import.
 */
export async function trackImport(
  ctx: TServiceContext,
  start: TImportStart,
  work: (run: TImportRun) => Promise<TImportOutcome>,
): Promise<TImportResult> {
  const { db } = ctx.storage;
  const { id, seen } = await beginImport(ctx, start);
  const counts = seen ? countsOf(seen) : emptyCounts();
  let digest: TSourceDigest | null =
    seen?.source_digest != null
      ? { digest: seen.source_digest, bytes: Number(seen.source_digest_bytes) }
      : null;
  const known = digest;
  let savedAt = Date.now();
  let otherFile = false;
  let readError: unknown;
  const save = (end?: { status: string; message: string | null }) =>
    saveImportState(db, id, { counts, digest, now: nowIso(), ...(end && { end }) });
  const run: TImportRun = {
    importId: id,
    named: start.clientImportId !== null,
    skipThrough: counts.throughRow,
    actions: seen?.actions === 'run' || (seen === null && start.actions === 'run') ? 'run' : 'skip',
    onStored: async (done) => {
      counts.throughRow = done.throughRow;
      counts.rows += done.rows;
      counts.created += done.created;
      counts.updated += done.updated;
      counts.unchanged += done.unchanged;
      counts.failed += done.failed;
      const room = KEPT_ERRORS - counts.errors.length;
      if (room > 0) counts.errors.push(...done.errors.slice(0, room));
      if (Date.now() - savedAt >= PROGRESS_INTERVAL_MS) {
        savedAt = Date.now();
        await save();
      }
    },
    source: (source) =>
      checkedHead(
        noteReadErrors(source, (error) => {
          readError = error;
        }),
        known,
        (head) => {
          if (head === 'other file') otherFile = true;
          else digest = head;
        },
      ),
  };
  try {
    const outcome = await work(run);
    await save({ status: 'completed', message: null });
    return { importId: id, ...outcome };
  } catch (error) {
    if (otherFile && seen !== null) {
      // Refused before a row was read: the import stays as the earlier requests left it.
      await restoreImport(db, seen);
      throw namingImport(error, id);
    }
    const end = stopOf(error, readError);
    await save(end);
    if (end.status === 'interrupted' && !(error instanceof AppError)) {
      // No one reads the answer, but the log should not call a client that left unexpected.
      throw new AppError('bad_request', `the request ended before the file did (import ${id})`, [
        { field: 'import.id', message: id },
      ]);
    }
    throw namingImport(error, id);
  }
}

/** The error that stopped an import, naming the import (`GET /api/imports/{id}`). */
function namingImport(error: unknown, id: string): unknown {
  if (!(error instanceof AppError)) return error;
  return new AppError(error.code, `${error.message} (import ${id})`, [
    ...(error.details ?? []),
    { field: 'import.id', message: id },
  ]);
}
