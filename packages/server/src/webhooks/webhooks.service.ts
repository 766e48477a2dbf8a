/**
 * Webhook subscriptions: create (with a signing secret shown once), read, change, delete,
 * rotate the secret. A target whose host resolves to a refused address is refused here with a
 * 422 naming `body.url`; delivery checks again when it connects.
 */
import {
  invalidField,
  newId,
  notFound,
  type TWebhook,
  type TWebhookCreate,
  type TWebhookUpdate,
  type TWebhookWithSecret,
  type TWebhookEventType,
} from '@touchstone/core';
import { recordAudit } from '../audit/audit.repository.js';
import type { TServiceContext } from '../auth/actor.js';
import { nowIso, parseJsonColumn } from '../storage/rows.js';
import type { TWebhooksTable } from '../storage/schema.js';
import { checkTarget, systemResolve } from './webhook-sender.js';
import { newWebhookSecret } from './webhook-signature.js';
import {
  deleteWebhookRow,
  findWebhook,
  insertWebhook,
  listWebhookRows,
  updateWebhookRow,
} from './webhooks.repository.js';

export function toWebhook(row: TWebhooksTable): TWebhook {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: parseJsonColumn<TWebhookEventType[]>(row.event_types_json),
    enabled: row.enabled === 1,
    disabledReason: row.disabled_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The subscription of the actor's organization, or a 404. */
export async function getWebhookRow(ctx: TServiceContext, id: string): Promise<TWebhooksTable> {
  const row = await findWebhook(ctx.storage.db, ctx.actor.organizationId, id);
  if (row === undefined) throw notFound('webhook', id);
  return row;
}

async function refuseInternalTarget(ctx: TServiceContext, url: string): Promise<void> {
  const refusal = await checkTarget(url, {
    privateTargets: ctx.services.config.webhookAllowPrivateTargets,
    resolve: systemResolve,
  });
  if (refusal !== null) throw invalidField('body.url', refusal);
}

export async function listWebhooks(
  ctx: TServiceContext,
  query: { limit: number; cursor?: string | undefined },
): Promise<{ items: TWebhook[]; nextCursor: string | null }> {
  const { rows, nextCursor } = await listWebhookRows(
    ctx.storage.db,
    ctx.actor.organizationId,
    query,
  );
  return { items: rows.map(toWebhook), nextCursor };
}

export async function getWebhook(ctx: TServiceContext, id: string): Promise<TWebhook> {
  return toWebhook(await getWebhookRow(ctx, id));
}

export async function createWebhook(
  ctx: TServiceContext,
  input: TWebhookCreate,
): Promise<TWebhookWithSecret> {
  await refuseInternalTarget(ctx, input.url);
  const at = nowIso();
  const row: TWebhooksTable = {
    id: newId(),
    organization_id: ctx.actor.organizationId,
    url: input.url,
    description: input.description,
    event_types_json: JSON.stringify(input.eventTypes),
    enabled: input.enabled ? 1 : 0,
    disabled_reason: null,
    secret: newWebhookSecret(),
    created_at: at,
    updated_at: at,
  };
  await ctx.storage.db.transaction().execute(async (trx) => {
    await insertWebhook(trx, row);
    await recordAudit(trx, ctx.actor, {
      action: 'create',
      entity: 'webhook',
      entityId: row.id,
      details: { url: row.url, eventTypes: input.eventTypes, enabled: input.enabled },
    });
  });
  return { ...toWebhook(row), secret: row.secret };
}

export async function updateWebhook(
  ctx: TServiceContext,
  id: string,
  input: TWebhookUpdate,
): Promise<TWebhook> {
  await getWebhookRow(ctx, id);
  if (input.url !== undefined) await refuseInternalTarget(ctx, input.url);
  await ctx.storage.db.transaction().execute(async (trx) => {
    await updateWebhookRow(trx, ctx.actor.organizationId, id, {
      ...(input.url !== undefined && { url: input.url }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.eventTypes !== undefined && {
        event_types_json: JSON.stringify(input.eventTypes),
      }),
      // Switching a subscription on (or off) by hand clears the server's reason for disabling it.
      ...(input.enabled !== undefined && { enabled: input.enabled ? 1 : 0, disabled_reason: null }),
      updated_at: nowIso(),
    });
    await recordAudit(trx, ctx.actor, {
      action: 'update',
      entity: 'webhook',
      entityId: id,
      details: { ...input },
    });
  });
  return getWebhook(ctx, id);
}

export async function deleteWebhook(ctx: TServiceContext, id: string): Promise<void> {
  await ctx.storage.db.transaction().execute(async (trx) => {
    if (!(await deleteWebhookRow(trx, ctx.actor.organizationId, id))) throw notFound('webhook', id);
    await recordAudit(trx, ctx.actor, { action: 'delete', entity: 'webhook', entityId: id });
  });
}

/** Replaces the signing secret at once and returns it, this once. */
export async function rotateWebhookSecret(
  ctx: TServiceContext,
  id: string,
): Promise<TWebhookWithSecret> {
  await getWebhookRow(ctx, id);
  const secret = newWebhookSecret();
  await ctx.storage.db.transaction().execute(async (trx) => {
    await updateWebhookRow(trx, ctx.actor.organizationId, id, { secret, updated_at: nowIso() });
    await recordAudit(trx, ctx.actor, { action: 'rotate-secret', entity: 'webhook', entityId: id });
  });
  return { ...(await getWebhook(ctx, id)), secret };
}
