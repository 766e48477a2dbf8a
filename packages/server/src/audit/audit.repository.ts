import { newId } from '@touchstone/core';
import type { TActor } from '../auth/actor.js';
import type { TDb } from '../storage/database.js';
import { fetchPage, parseSort } from '../storage/pagination.js';
import { nowIso, parseJsonColumn } from '../storage/rows.js';

/** Records an administrative action (create, update, delete, revoke ...) in the audit log. */
export async function recordAudit(
  db: TDb,
  actor: TActor,
  entry: { action: string; entity: string; entityId: string | null; details?: object },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newId(),
      organization_id: actor.organizationId,
      actor: actor.label,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      details_json: JSON.stringify(entry.details ?? {}),
      at: nowIso(),
    })
    .execute();
}

/** A page of the audit log, filtered by entity kind and id. */
export async function listAuditEntries(
  db: TDb,
  orgId: string,
  query: {
    limit: number;
    cursor?: string | undefined;
    sort: string;
    entity?: string | undefined;
    entityId?: string | undefined;
  },
) {
  let q = db.selectFrom('audit_log').selectAll().where('organization_id', '=', orgId);
  if (query.entity !== undefined) q = q.where('entity', '=', query.entity);
  if (query.entityId !== undefined) q = q.where('entity_id', '=', query.entityId);
  const sort = parseSort(query.sort, { at: 'audit_log.at' });
  const { rows, nextCursor } = await fetchPage(q, {
    sort,
    idColumn: 'audit_log.id',
    cursor: query.cursor,
    limit: query.limit,
    keyOf: (row) => [row.at, row.id],
  });
  return {
    items: rows.map((r) => ({
      id: r.id,
      actor: r.actor,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      details: parseJsonColumn<Record<string, unknown>>(r.details_json),
      at: r.at,
    })),
    nextCursor,
  };
}
