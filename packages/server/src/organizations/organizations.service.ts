import {
  AppError,
  notFound,
  newId,
  type TOrganization,
  type TOrganizationCreate,
  type TOrganizationUpdate,
} from '@touchstone/core';
import { recordAudit } from '../audit/audit.repository.js';
import type { TServiceContext } from '../auth/actor.js';
import type { TStorage } from '../storage/database.js';
import { nowIso } from '../storage/rows.js';
import {
  deleteOrganizationRow,
  findOrganization,
  findOrganizationBySlug,
  insertMembership,
  insertOrganization,
  updateOrganizationRow,
} from './organizations.repository.js';

/** A URL-safe slug from a name: `Aurora Airways` -> `aurora-airways`. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug === '' ? 'org' : slug;
}

/** Creates an organization with the given user as its owner. */
export async function createOrganization(
  storage: TStorage,
  input: TOrganizationCreate,
  ownerUserId: string,
): Promise<TOrganization> {
  const slug = input.slug ?? slugify(input.name);
  const id = newId();
  await storage.db.transaction().execute(async (trx) => {
    if (await findOrganizationBySlug(trx, slug)) {
      throw new AppError('conflict', `the slug "${slug}" is taken`, [
        { field: 'body.slug', message: 'already used by another organization' },
      ]);
    }
    const now = nowIso();
    await insertOrganization(trx, { id, name: input.name, slug, created_at: now, updated_at: now });
    await insertMembership(trx, {
      organization_id: id,
      user_id: ownerUserId,
      role: 'owner',
      created_at: now,
    });
  });
  const created = await findOrganization(storage.db, id);
  if (!created) throw notFound('organization', id);
  return created;
}

export async function getCurrentOrganization(ctx: TServiceContext): Promise<TOrganization> {
  const org = await findOrganization(ctx.storage.db, ctx.actor.organizationId);
  if (!org) throw notFound('organization', ctx.actor.organizationId);
  return org;
}

export async function updateCurrentOrganization(
  ctx: TServiceContext,
  input: TOrganizationUpdate,
): Promise<TOrganization> {
  await ctx.storage.db.transaction().execute(async (trx) => {
    await updateOrganizationRow(trx, ctx.actor.organizationId, {
      ...(input.name !== undefined && { name: input.name }),
      updated_at: nowIso(),
    });
    await recordAudit(trx, ctx.actor, {
      action: 'update',
      entity: 'organization',
      entityId: ctx.actor.organizationId,
    });
  });
  return getCurrentOrganization(ctx);
}

/** Deletes the actor's organization and everything in it. */
export async function deleteCurrentOrganization(ctx: TServiceContext): Promise<void> {
  await ctx.storage.db.transaction().execute(async (trx) => {
    await deleteOrganizationRow(trx, ctx.actor.organizationId);
  });
}
