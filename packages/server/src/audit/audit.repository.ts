import { newId } from '@touchstone/core';
import type { TActor } from '../auth/actor.js';
import type { TDb } from '../storage/database.js';
import { nowIso } from '../storage/rows.js';

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
