import { notFound, type TImport, type TImportListQuery } from '@touchstone/core';
import type { TServiceContext } from '../auth/actor.js';
import type { TStorage } from '../storage/database.js';
import { nowIso } from '../storage/rows.js';
import {
  findImport,
  findRunningImports,
  listImportRows,
  markImportsInterrupted,
  toImport,
} from './imports.repository.js';
import { runnerName } from './import-tracking.js';

/** An import left running whose process wrote nothing for this long is taken for dead. */
const STALE_MS = 10 * 60 * 1000;

/** A page of the organization's imports, newest first unless the query sorts otherwise. */
export async function listImports(
  ctx: TServiceContext,
  query: TImportListQuery,
): Promise<{ items: TImport[]; nextCursor: string | null }> {
  const page = await listImportRows(ctx.storage.db, ctx.actor.organizationId, query);
  return { items: page.rows.map(toImport), nextCursor: page.nextCursor };
}

/** One of the organization's imports, or a 404. */
export async function getImport(ctx: TServiceContext, id: string): Promise<TImport> {
  const row = await findImport(ctx.storage.db, ctx.actor.organizationId, id);
  if (row === undefined) throw notFound('import', id);
  return toImport(row);
}

function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as { code?: unknown }).code === 'ESRCH';
  }
}

/**
 * Marks interrupted the imports left running by a process that is gone: one of this host
 * whose process no longer exists (or that had this process's id before this process started,
 * as in a container restarted with the same one), or one of any host that wrote nothing for
 * STALE_MS. Run when the server starts; returns how many it marked.
 */
export async function markAbandonedImports(storage: TStorage, now = new Date()): Promise<number> {
  const own = runnerName();
  const host = own.slice(0, own.lastIndexOf(':'));
  const ownPid = own.slice(own.lastIndexOf(':') + 1);
  const startedAt = new Date(now.getTime() - process.uptime() * 1000).toISOString();
  const running = await findRunningImports(storage.db);
  const gone = running.filter((r) => {
    const at = r.runner?.lastIndexOf(':') ?? -1;
    const runnerHost = r.runner?.slice(0, at);
    const pid = Number(r.runner?.slice(at + 1));
    if (runnerHost === host && Number.isInteger(pid) && pid > 0) {
      if (String(pid) === ownPid) return r.updated_at < startedAt;
      if (processIsGone(pid)) return true;
    }
    return Date.parse(r.updated_at) < now.getTime() - STALE_MS;
  });
  return markImportsInterrupted(
    storage.db,
    gone.map((r) => r.id),
    'the process running the import stopped; send the file again with its import id to resume',
    nowIso(),
  );
}
