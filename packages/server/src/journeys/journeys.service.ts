import {
  AppError,
  invalidField,
  notFound,
  newId,
  type TJourney,
  type TJourneyCreate,
  type TJourneyListQuery,
  type TJourneyUpdate,
} from '@touchstone/core';
import { recordAudit } from '../audit/audit.repository.js';
import type { TServiceContext } from '../auth/actor.js';
import { findBrand } from '../brands/brands.repository.js';
import type { TDb } from '../storage/database.js';
import { nowIso } from '../storage/rows.js';
import { replaceStages, type TStageChanges } from './journey-stages.js';
import {
  countJourneyTouchpoints,
  deleteJourneyRow,
  findJourney,
  findJourneyByName,
  insertJourney,
  insertStages,
  listJourneys as listJourneyRows,
  updateJourneyRow,
} from './journeys.repository.js';

/** A journey with its ordered stages; throws not_found when it is not in the actor's organization. */
export async function getJourney(ctx: TServiceContext, id: string): Promise<TJourney> {
  const journey = await findJourney(ctx.storage.db, ctx.actor.organizationId, id);
  if (!journey) throw notFound('journey', id);
  return journey;
}

/** One page of the organization's journeys, each with its stages. */
export function listJourneys(ctx: TServiceContext, query: TJourneyListQuery) {
  return listJourneyRows(ctx.storage.db, ctx.actor.organizationId, query);
}

async function assertNameFree(db: TDb, orgId: string, name: string, exceptId?: string) {
  const existing = await findJourneyByName(db, orgId, name);
  if (existing && existing.id !== exceptId) {
    throw new AppError('conflict', `a journey named "${name}" already exists`, [
      { field: 'body.name', message: 'already used by another journey' },
    ]);
  }
}

async function assertBrand(db: TDb, orgId: string, brandId: string | null) {
  // Says the same whether the brand is missing or another organization's.
  if (brandId !== null && !(await findBrand(db, orgId, brandId))) {
    throw invalidField('body.brandId', 'not a brand of this organization');
  }
}

/** Creates a journey with its stages, in the given order. */
export async function createJourney(
  ctx: TServiceContext,
  input: TJourneyCreate,
): Promise<TJourney> {
  const orgId = ctx.actor.organizationId;
  const id = newId();
  await ctx.storage.db.transaction().execute(async (trx) => {
    await assertNameFree(trx, orgId, input.name);
    await assertBrand(trx, orgId, input.brandId);
    const now = nowIso();
    await insertJourney(trx, {
      id,
      organization_id: orgId,
      brand_id: input.brandId,
      name: input.name,
      description: input.description,
      archived_at: null,
      created_at: now,
      updated_at: now,
    });
    await insertStages(
      trx,
      input.stages.map((stage, position) => ({
        id: newId(),
        organization_id: orgId,
        journey_id: id,
        name: stage.name,
        description: stage.description,
        phase: stage.phase,
        position,
      })),
    );
    await recordAudit(trx, ctx.actor, {
      action: 'create',
      entity: 'journey',
      entityId: id,
      details: { stages: input.stages.length },
    });
  });
  return getJourney(ctx, id);
}

/** Changes a journey; `stages` replaces the ordered list (see replaceStages). */
export async function updateJourney(
  ctx: TServiceContext,
  id: string,
  input: TJourneyUpdate,
): Promise<TJourney> {
  const orgId = ctx.actor.organizationId;
  await ctx.storage.db.transaction().execute(async (trx) => {
    const current = await findJourney(trx, orgId, id);
    if (!current) throw notFound('journey', id);
    if (input.name !== undefined) await assertNameFree(trx, orgId, input.name, id);
    if (input.brandId !== undefined) await assertBrand(trx, orgId, input.brandId);
    let stages: TStageChanges | undefined;
    if (input.stages !== undefined) stages = await replaceStages(trx, orgId, current, input.stages);
    const now = nowIso();
    await updateJourneyRow(trx, orgId, id, {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.brandId !== undefined && { brand_id: input.brandId }),
      ...(input.archived !== undefined && {
        // Keep the first archiving instant when archived again.
        archived_at: input.archived ? (current.archived ? undefined : now) : null,
      }),
      updated_at: now,
    });
    await recordAudit(trx, ctx.actor, {
      action: 'update',
      entity: 'journey',
      entityId: id,
      details: { fields: Object.keys(input), ...(stages && { stages }) },
    });
  });
  return getJourney(ctx, id);
}

/**
 * Deletes a journey and its stages. Refused while it has touchpoints: they carry the history
 * (interactions, responses), so such a journey is archived instead.
 */
export async function deleteJourney(ctx: TServiceContext, id: string): Promise<void> {
  const orgId = ctx.actor.organizationId;
  await ctx.storage.db.transaction().execute(async (trx) => {
    const journey = await findJourney(trx, orgId, id);
    if (!journey) throw notFound('journey', id);
    const touchpoints = await countJourneyTouchpoints(trx, orgId, id);
    if (touchpoints > 0) {
      throw new AppError(
        'conflict',
        `journey "${journey.name}" still has ${touchpoints} touchpoint(s); archive it instead (PATCH with archived: true)`,
      );
    }
    await deleteJourneyRow(trx, orgId, id);
    await recordAudit(trx, ctx.actor, { action: 'delete', entity: 'journey', entityId: id });
  });
}
