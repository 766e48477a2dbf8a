import {
  AppError,
  invalidField,
  notFound,
  newId,
  type TTouchpoint,
  type TTouchpointCreate,
  type TTouchpointListQuery,
  type TTouchpointUpdate,
} from '@touchstone/core';
import { recordAudit } from '../audit/audit.repository.js';
import type { TServiceContext } from '../auth/actor.js';
import { findStageOfOrganization } from '../journeys/journeys.repository.js';
import type { TDb } from '../storage/database.js';
import { nowIso } from '../storage/rows.js';
import { findTeam } from '../teams/teams.repository.js';
import {
  deleteTouchpointRow,
  findTouchpoint,
  findTouchpointByKey,
  hasInteractions,
  insertTouchpoint,
  listTouchpoints as listTouchpointRows,
  updateTouchpointRow,
} from './touchpoints.repository.js';

/** A touchpoint by id; throws not_found when it is not in the actor's organization. */
export async function getTouchpoint(ctx: TServiceContext, id: string): Promise<TTouchpoint> {
  const touchpoint = await findTouchpoint(ctx.storage.db, ctx.actor.organizationId, id);
  if (!touchpoint) throw notFound('touchpoint', id);
  return touchpoint;
}

/** A touchpoint by its key (as used in imports, links and QR codes). */
export async function getTouchpointByKey(ctx: TServiceContext, key: string): Promise<TTouchpoint> {
  const touchpoint = await findTouchpointByKey(ctx.storage.db, ctx.actor.organizationId, key);
  if (!touchpoint) throw new AppError('not_found', `touchpoint with key "${key}" was not found`);
  return touchpoint;
}

/** One page of the organization's touchpoints. */
export function listTouchpoints(ctx: TServiceContext, query: TTouchpointListQuery) {
  return listTouchpointRows(ctx.storage.db, ctx.actor.organizationId, query);
}

async function assertKeyFree(db: TDb, orgId: string, key: string, exceptId?: string) {
  const existing = await findTouchpointByKey(db, orgId, key);
  if (existing && existing.id !== exceptId) {
    throw new AppError('conflict', `a touchpoint with key "${key}" already exists`, [
      { field: 'body.key', message: 'already used by another touchpoint' },
    ]);
  }
}

/** The journey of the stage; missing and foreign stages get the same answer. */
async function journeyOfStage(db: TDb, orgId: string, stageId: string): Promise<string> {
  const stage = await findStageOfOrganization(db, orgId, stageId);
  if (!stage) throw invalidField('body.stageId', 'not a stage of this organization');
  return stage.journey_id;
}

async function assertTeam(db: TDb, orgId: string, teamId: string | null) {
  if (teamId !== null && !(await findTeam(db, orgId, teamId))) {
    throw invalidField('body.ownerTeamId', 'not a team of this organization');
  }
}

/** Creates a touchpoint in a stage; its journey is the stage's. */
export async function createTouchpoint(
  ctx: TServiceContext,
  input: TTouchpointCreate,
): Promise<TTouchpoint> {
  const orgId = ctx.actor.organizationId;
  const id = newId();
  await ctx.storage.db.transaction().execute(async (trx) => {
    await assertKeyFree(trx, orgId, input.key);
    const journeyId = await journeyOfStage(trx, orgId, input.stageId);
    await assertTeam(trx, orgId, input.ownerTeamId);
    const now = nowIso();
    await insertTouchpoint(trx, {
      id,
      organization_id: orgId,
      journey_id: journeyId,
      stage_id: input.stageId,
      key: input.key,
      name: input.name,
      description: input.description,
      channel: input.channel,
      provider_type: input.providerType,
      senses_json: JSON.stringify([...new Set(input.senses)]),
      owner_team_id: input.ownerTeamId,
      archived_at: null,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(trx, ctx.actor, { action: 'create', entity: 'touchpoint', entityId: id });
  });
  return getTouchpoint(ctx, id);
}

/** Changes a touchpoint; moving it to another stage moves it to that stage's journey. */
export async function updateTouchpoint(
  ctx: TServiceContext,
  id: string,
  input: TTouchpointUpdate,
): Promise<TTouchpoint> {
  const orgId = ctx.actor.organizationId;
  await ctx.storage.db.transaction().execute(async (trx) => {
    const current = await findTouchpoint(trx, orgId, id);
    if (!current) throw notFound('touchpoint', id);
    if (input.key !== undefined) await assertKeyFree(trx, orgId, input.key, id);
    const journeyId =
      input.stageId === undefined ? undefined : await journeyOfStage(trx, orgId, input.stageId);
    if (input.ownerTeamId !== undefined) await assertTeam(trx, orgId, input.ownerTeamId);
    const now = nowIso();
    await updateTouchpointRow(trx, orgId, id, {
      ...(input.key !== undefined && { key: input.key }),
      ...(input.name !== undefined && { name: input.name }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.stageId !== undefined && { stage_id: input.stageId, journey_id: journeyId }),
      ...(input.channel !== undefined && { channel: input.channel }),
      ...(input.providerType !== undefined && { provider_type: input.providerType }),
      ...(input.senses !== undefined && {
        senses_json: JSON.stringify([...new Set(input.senses)]),
      }),
      ...(input.ownerTeamId !== undefined && { owner_team_id: input.ownerTeamId }),
      ...(input.archived !== undefined && {
        // Keep the first archiving instant when archived again.
        archived_at: input.archived ? (current.archived ? undefined : now) : null,
      }),
      updated_at: now,
    });
    await recordAudit(trx, ctx.actor, {
      action: 'update',
      entity: 'touchpoint',
      entityId: id,
      details: { fields: Object.keys(input) },
    });
  });
  return getTouchpoint(ctx, id);
}

/**
 * Deletes a touchpoint. Refused once interactions were recorded there: they are history that
 * must keep its touchpoint, so such a touchpoint is archived instead.
 */
export async function deleteTouchpoint(ctx: TServiceContext, id: string): Promise<void> {
  const orgId = ctx.actor.organizationId;
  await ctx.storage.db.transaction().execute(async (trx) => {
    const touchpoint = await findTouchpoint(trx, orgId, id);
    if (!touchpoint) throw notFound('touchpoint', id);
    if (await hasInteractions(trx, orgId, id)) {
      throw new AppError(
        'conflict',
        `touchpoint "${touchpoint.key}" has recorded interactions; archive it instead (PATCH with archived: true)`,
      );
    }
    await deleteTouchpointRow(trx, orgId, id);
    await recordAudit(trx, ctx.actor, { action: 'delete', entity: 'touchpoint', entityId: id });
  });
}
