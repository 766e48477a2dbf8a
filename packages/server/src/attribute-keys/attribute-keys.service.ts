import {
  AppError,
  notFound,
  newId,
  type TAttributeEntity,
  type TAttributeKey,
  type TAttributeKeyCreate,
  type TAttributeKeyUpdate,
} from '@touchstone/core';
import { recordAudit } from '../audit/audit.repository.js';
import type { TServiceContext } from '../auth/actor.js';
import type { TDb } from '../storage/database.js';
import { isUniqueViolation } from '../storage/constraint-violation.js';
import { nowIso } from '../storage/rows.js';
import {
  countAttributeUse,
  deleteAttributeKeyRow,
  findAttributeKey,
  findAttributeKeyByKey,
  insertAttributeKey,
  listAttributeKeys as listAttributeKeyRows,
  updateAttributeKeyRow,
} from './attribute-keys.repository.js';
import { buildAttributeSchema, type TAttributeSchema } from './attribute-validation.js';

/** An attribute key by id; throws not_found when it is not in the actor's organization. */
export async function getAttributeKey(ctx: TServiceContext, id: string): Promise<TAttributeKey> {
  const key = await findAttributeKey(ctx.storage.db, ctx.actor.organizationId, id);
  if (!key) throw notFound('attribute key', id);
  return key;
}

/** Every declared key (optionally of one entity); they are few, so one page holds them all. */
export async function listAttributeKeys(
  ctx: TServiceContext,
  query: { entity?: TAttributeEntity | undefined },
): Promise<{ items: TAttributeKey[]; nextCursor: null }> {
  const items = await listAttributeKeyRows(ctx.storage.db, ctx.actor.organizationId, query.entity);
  return { items, nextCursor: null };
}

/** The declared keys of an entity, for checking attribute values (read once per request/import). */
export async function loadAttributeSchema(
  db: TDb,
  orgId: string,
  entity: TAttributeEntity,
): Promise<TAttributeSchema> {
  return buildAttributeSchema(entity, await listAttributeKeyRows(db, orgId, entity));
}

function duplicateKey(input: { entity: string; key: string }): AppError {
  return new AppError('conflict', `the ${input.entity} attribute "${input.key}" already exists`, [
    { field: 'body.key', message: `already declared for ${input.entity}s` },
  ]);
}

/** Declares an attribute key (the demo generator calls this directly). */
export async function createAttributeKey(
  ctx: TServiceContext,
  input: TAttributeKeyCreate,
): Promise<TAttributeKey> {
  const orgId = ctx.actor.organizationId;
  if (input.type !== 'enum' && input.options.length > 0) {
    throw new AppError('validation_failed', 'only enum attributes have options', [
      { field: 'body.options', message: `a ${input.type} attribute takes no options` },
    ]);
  }
  const id = newId();
  try {
    await ctx.storage.db.transaction().execute(async (trx) => {
      if (await findAttributeKeyByKey(trx, orgId, input.entity, input.key)) {
        throw duplicateKey(input);
      }
      await insertAttributeKey(trx, {
        id,
        organization_id: orgId,
        entity: input.entity,
        key: input.key,
        label: input.label,
        type: input.type,
        options_json: JSON.stringify([...new Set(input.options)]),
        created_at: nowIso(),
      });
      await recordAudit(trx, ctx.actor, {
        action: 'create',
        entity: 'attribute_key',
        entityId: id,
        details: { entity: input.entity, key: input.key, type: input.type },
      });
    });
  } catch (error) {
    // Two requests declaring the same key at once: the unique constraint decides.
    if (isUniqueViolation(error)) throw duplicateKey(input);
    throw error;
  }
  return getAttributeKey(ctx, id);
}

/** Changes the label, or the options of an enum; options still in use cannot be removed. */
export async function updateAttributeKey(
  ctx: TServiceContext,
  id: string,
  input: TAttributeKeyUpdate,
): Promise<TAttributeKey> {
  const orgId = ctx.actor.organizationId;
  await ctx.storage.db.transaction().execute(async (trx) => {
    const current = await findAttributeKey(trx, orgId, id);
    if (!current) throw notFound('attribute key', id);
    let options: string[] | undefined;
    if (input.options !== undefined) {
      if (current.type !== 'enum') {
        throw new AppError('validation_failed', 'only enum attributes have options', [
          { field: 'body.options', message: `a ${current.type} attribute takes no options` },
        ]);
      }
      options = [...new Set(input.options)];
      if (options.length === 0) {
        throw new AppError('validation_failed', 'an enum attribute needs at least one option', [
          { field: 'body.options', message: 'give at least one option' },
        ]);
      }
      const kept = new Set(options);
      const removed = current.options.filter((o) => !kept.has(o));
      if (removed.length > 0) {
        const inUse = await countAttributeUse(trx, orgId, current.entity, current.key, removed);
        if (inUse > 0) {
          throw new AppError(
            'conflict',
            `${inUse} ${current.entity}(s) still have ${current.key} set to ${removed.join(' or ')}`,
            [{ field: 'body.options', message: 'an option still in use cannot be removed' }],
          );
        }
      }
    }
    await updateAttributeKeyRow(trx, orgId, id, {
      ...(input.label !== undefined && { label: input.label }),
      ...(options !== undefined && { options_json: JSON.stringify(options) }),
    });
    await recordAudit(trx, ctx.actor, {
      action: 'update',
      entity: 'attribute_key',
      entityId: id,
      details: { fields: Object.keys(input) },
    });
  });
  return getAttributeKey(ctx, id);
}

/** Removes a declared key; refused while any customer or interaction still carries it. */
export async function deleteAttributeKey(ctx: TServiceContext, id: string): Promise<void> {
  const orgId = ctx.actor.organizationId;
  await ctx.storage.db.transaction().execute(async (trx) => {
    const current = await findAttributeKey(trx, orgId, id);
    if (!current) throw notFound('attribute key', id);
    const inUse = await countAttributeUse(trx, orgId, current.entity, current.key);
    if (inUse > 0) {
      throw new AppError(
        'conflict',
        `${inUse} ${current.entity}(s) still carry the attribute ${current.key}; remove it from them first`,
      );
    }
    await deleteAttributeKeyRow(trx, orgId, id);
    await recordAudit(trx, ctx.actor, {
      action: 'delete',
      entity: 'attribute_key',
      entityId: id,
      details: { entity: current.entity, key: current.key },
    });
  });
}
