import {
  AppError,
  notFound,
  canGrantRole,
  newId,
  type TApiKey,
  type TApiKeyCreate,
} from '@touchstone/core';
import { recordAudit } from '../audit/audit.repository.js';
import type { TServiceContext } from '../auth/actor.js';
import { forgetApiKey } from '../auth/api-key-cache.js';
import { API_KEY_PREFIX } from '../auth/auth.plugin.js';
import { hashToken, randomToken } from '../auth/tokens.js';
import type { TDb } from '../storage/database.js';
import { nowIso } from '../storage/rows.js';
import { findApiKey, insertApiKey, listApiKeys, revokeApiKeyRow } from './api-keys.repository.js';

export { listApiKeys };

export async function getApiKey(ctx: TServiceContext, id: string): Promise<TApiKey> {
  const key = await findApiKey(ctx.storage.db, ctx.actor.organizationId, id);
  if (!key) throw notFound('API key', id);
  return key;
}

/** Stores a new key (hashed) and returns its secret, which is shown this once. */
export async function insertNewApiKey(
  db: TDb,
  orgId: string,
  input: TApiKeyCreate,
  createdBy: string | null,
): Promise<{ id: string; secret: string }> {
  const prefix = randomToken(6).replace(/[-_]/g, 'x').slice(0, 8);
  const secret = `${API_KEY_PREFIX}${prefix}_${randomToken(32)}`;
  const id = newId();
  await insertApiKey(db, {
    id,
    organization_id: orgId,
    name: input.name,
    role: input.role,
    prefix: `${API_KEY_PREFIX}${prefix}`,
    key_hash: hashToken(secret),
    created_by: createdBy,
    created_at: nowIso(),
    last_used_at: null,
    revoked_at: null,
  });
  return { id, secret };
}

export async function createApiKey(
  ctx: TServiceContext,
  input: TApiKeyCreate,
): Promise<TApiKey & { secret: string }> {
  if (!canGrantRole(ctx.actor.role, input.role)) {
    throw new AppError('forbidden', `a ${ctx.actor.role} cannot create a ${input.role} key`, [
      { field: 'body.role', message: 'not grantable by you' },
    ]);
  }
  const { id, secret } = await ctx.storage.db.transaction().execute(async (trx) => {
    const created = await insertNewApiKey(trx, ctx.actor.organizationId, input, ctx.actor.label);
    await recordAudit(trx, ctx.actor, {
      action: 'create',
      entity: 'apikey',
      entityId: created.id,
      details: { role: input.role },
    });
    return created;
  });
  return { ...(await getApiKey(ctx, id)), secret };
}

/** Revokes a key at once; it stays listed as revoked. */
export async function revokeApiKey(ctx: TServiceContext, id: string): Promise<TApiKey> {
  await ctx.storage.db.transaction().execute(async (trx) => {
    if (!(await findApiKey(trx, ctx.actor.organizationId, id))) throw notFound('API key', id);
    await revokeApiKeyRow(trx, ctx.actor.organizationId, id, nowIso());
    await recordAudit(trx, ctx.actor, { action: 'revoke', entity: 'apikey', entityId: id });
  });
  forgetApiKey(id);
  return getApiKey(ctx, id);
}
