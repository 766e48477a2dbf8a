import {
  AppError,
  notFound,
  newId,
  type TBrand,
  type TBrandCreate,
  type TBrandListQuery,
  type TBrandUpdate,
} from '@touchstone/core';
import { recordAudit } from '../audit/audit.repository.js';
import type { TServiceContext } from '../auth/actor.js';
import type { TDb } from '../storage/database.js';
import { nowIso } from '../storage/rows.js';
import {
  deleteBrandRow,
  findBrand,
  findBrandByName,
  insertBrand,
  listBrands as listBrandRows,
  updateBrandRow,
} from './brands.repository.js';

/** A brand by id; throws not_found when it is not in the actor's organization. */
export async function getBrand(ctx: TServiceContext, id: string): Promise<TBrand> {
  const brand = await findBrand(ctx.storage.db, ctx.actor.organizationId, id);
  if (!brand) throw notFound('brand', id);
  return brand;
}

/** One page of the organization's brands. */
export function listBrands(ctx: TServiceContext, query: TBrandListQuery) {
  return listBrandRows(ctx.storage.db, ctx.actor.organizationId, query);
}

async function assertNameFree(db: TDb, orgId: string, name: string, exceptId?: string) {
  const existing = await findBrandByName(db, orgId, name);
  if (existing && existing.id !== exceptId) {
    throw new AppError('conflict', `a brand named "${name}" already exists`, [
      { field: 'body.name', message: 'already used by another brand' },
    ]);
  }
}

/** Creates a brand with its experiential platform and style guide. */
export async function createBrand(ctx: TServiceContext, input: TBrandCreate): Promise<TBrand> {
  const orgId = ctx.actor.organizationId;
  const id = newId();
  await ctx.storage.db.transaction().execute(async (trx) => {
    await assertNameFree(trx, orgId, input.name);
    const now = nowIso();
    await insertBrand(trx, {
      id,
      organization_id: orgId,
      name: input.name,
      positioning: input.positioning,
      promise_json: JSON.stringify(input.promise),
      promise_statement: input.promiseStatement,
      implementation_theme: input.implementationTheme,
      style_guide_json: JSON.stringify(input.styleGuide),
      archived_at: null,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(trx, ctx.actor, { action: 'create', entity: 'brand', entityId: id });
  });
  return getBrand(ctx, id);
}

/** Changes a brand; `archived` archives or restores it. */
export async function updateBrand(
  ctx: TServiceContext,
  id: string,
  input: TBrandUpdate,
): Promise<TBrand> {
  const orgId = ctx.actor.organizationId;
  await ctx.storage.db.transaction().execute(async (trx) => {
    const current = await findBrand(trx, orgId, id);
    if (!current) throw notFound('brand', id);
    if (input.name !== undefined) await assertNameFree(trx, orgId, input.name, id);
    const now = nowIso();
    await updateBrandRow(trx, orgId, id, {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.positioning !== undefined && { positioning: input.positioning }),
      ...(input.promise !== undefined && { promise_json: JSON.stringify(input.promise) }),
      ...(input.promiseStatement !== undefined && { promise_statement: input.promiseStatement }),
      ...(input.implementationTheme !== undefined && {
        implementation_theme: input.implementationTheme,
      }),
      ...(input.styleGuide !== undefined && {
        style_guide_json: JSON.stringify(input.styleGuide),
      }),
      ...(input.archived !== undefined && {
        // Keep the first archiving instant when archived again.
        archived_at: input.archived ? (current.archived ? undefined : now) : null,
      }),
      updated_at: now,
    });
    await recordAudit(trx, ctx.actor, {
      action: 'update',
      entity: 'brand',
      entityId: id,
      details: { fields: Object.keys(input) },
    });
  });
  return getBrand(ctx, id);
}

/** Deletes a brand; journeys that used it keep going without a brand. */
export async function deleteBrand(ctx: TServiceContext, id: string): Promise<void> {
  const orgId = ctx.actor.organizationId;
  await ctx.storage.db.transaction().execute(async (trx) => {
    if (!(await findBrand(trx, orgId, id))) throw notFound('brand', id);
    await deleteBrandRow(trx, orgId, id);
    await recordAudit(trx, ctx.actor, { action: 'delete', entity: 'brand', entityId: id });
  });
}
