import { AppError, notFound, newId } from '@touchstone/core';
import { recordAudit } from '../audit/audit.repository.js';
import type { TServiceContext } from '../auth/actor.js';
import { randomToken } from '../auth/tokens.js';
import type { TDb, TStorage } from '../storage/database.js';
import { nowIso } from '../storage/rows.js';
import {
  deleteWidgetRow,
  findPublicWidgetConfig,
  findSurveyIdsInOrg,
  findWidget,
  insertWidget,
  listWidgets as listWidgetRows,
  setWidgetSurveys,
  updateWidgetRow,
} from './widgets.repository.js';
import type {
  TWidget,
  TWidgetCreate,
  TWidgetPublicConfig,
  TWidgetSurveyRule,
  TWidgetUpdate,
} from './widgets.schema.js';

/** Public keys read `wk_` + 24 random characters: recognisable in a script tag, not guessable. */
function newPublicKey(): string {
  return `wk_${randomToken(18)}`;
}

/** A widget by id; throws not_found when it is not in the actor's organization. */
export async function getWidget(ctx: TServiceContext, id: string): Promise<TWidget> {
  const widget = await findWidget(ctx.storage.db, ctx.actor.organizationId, id);
  if (!widget) throw notFound('widget', id);
  return widget;
}

export function listWidgets(ctx: TServiceContext): Promise<TWidget[]> {
  return listWidgetRows(ctx.storage.db, ctx.actor.organizationId);
}

/** Each survey once, and each one of this organization. */
async function assertSurveys(db: TDb, orgId: string, rules: TWidgetSurveyRule[]): Promise<void> {
  const ids = rules.map((r) => r.surveyId);
  const duplicate = ids.findIndex((id, i) => ids.indexOf(id) !== i);
  if (duplicate >= 0) {
    throw new AppError('validation_failed', 'a survey is listed twice', [
      { field: `body.surveys.${duplicate}.surveyId`, message: 'listed twice' },
    ]);
  }
  const found = await findSurveyIdsInOrg(db, orgId, ids);
  const missing = ids.findIndex((id) => !found.has(id));
  if (missing >= 0) {
    throw new AppError('validation_failed', `survey ${ids[missing]} is not in this organization`, [
      { field: `body.surveys.${missing}.surveyId`, message: 'not a survey of this organization' },
    ]);
  }
}

export async function createWidget(ctx: TServiceContext, input: TWidgetCreate): Promise<TWidget> {
  const orgId = ctx.actor.organizationId;
  const id = newId();
  await ctx.storage.db.transaction().execute(async (trx) => {
    await assertSurveys(trx, orgId, input.surveys);
    const now = nowIso();
    await insertWidget(trx, {
      id,
      organization_id: orgId,
      public_key: newPublicKey(),
      name: input.name,
      enabled: input.enabled ? 1 : 0,
      created_at: now,
      updated_at: now,
    });
    await setWidgetSurveys(trx, orgId, id, input.surveys);
    await recordAudit(trx, ctx.actor, { action: 'create', entity: 'widget', entityId: id });
  });
  return getWidget(ctx, id);
}

export async function updateWidget(
  ctx: TServiceContext,
  id: string,
  input: TWidgetUpdate,
): Promise<TWidget> {
  const orgId = ctx.actor.organizationId;
  await ctx.storage.db.transaction().execute(async (trx) => {
    if (!(await findWidget(trx, orgId, id))) throw notFound('widget', id);
    if (input.surveys !== undefined) {
      await assertSurveys(trx, orgId, input.surveys);
      await setWidgetSurveys(trx, orgId, id, input.surveys);
    }
    await updateWidgetRow(trx, orgId, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled ? 1 : 0 } : {}),
      updated_at: nowIso(),
    });
    await recordAudit(trx, ctx.actor, {
      action: 'update',
      entity: 'widget',
      entityId: id,
      details: { fields: Object.keys(input) },
    });
  });
  return getWidget(ctx, id);
}

export async function deleteWidget(ctx: TServiceContext, id: string): Promise<void> {
  const orgId = ctx.actor.organizationId;
  await ctx.storage.db.transaction().execute(async (trx) => {
    if (!(await findWidget(trx, orgId, id))) throw notFound('widget', id);
    await setWidgetSurveys(trx, orgId, id, []);
    await deleteWidgetRow(trx, orgId, id);
    await recordAudit(trx, ctx.actor, { action: 'delete', entity: 'widget', entityId: id });
  });
}

/** What the script on a customer's site loads; 404 for an unknown or disabled key. */
export async function getPublicWidgetConfig(
  storage: TStorage,
  publicKey: string,
): Promise<TWidgetPublicConfig> {
  const config = await findPublicWidgetConfig(storage.db, publicKey);
  if (!config) throw notFound('widget', publicKey);
  return config;
}
