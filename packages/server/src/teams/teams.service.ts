import {
  AppError,
  notFound,
  newId,
  type TTeam,
  type TTeamCreate,
  type TTeamListQuery,
  type TTeamUpdate,
} from '@touchstone/core';
import { recordAudit } from '../audit/audit.repository.js';
import type { TServiceContext } from '../auth/actor.js';
import type { TDb } from '../storage/database.js';
import { nowIso } from '../storage/rows.js';
import {
  deleteTeamRow,
  findMemberUserIds,
  findTeam,
  findTeamByName,
  insertTeam,
  listTeams as listTeamRows,
  setTeamMembers,
  updateTeamRow,
} from './teams.repository.js';

/** A team by id; throws not_found when it is not in the actor's organization. */
export async function getTeam(ctx: TServiceContext, id: string): Promise<TTeam> {
  const team = await findTeam(ctx.storage.db, ctx.actor.organizationId, id);
  if (!team) throw notFound('team', id);
  return team;
}

export function listTeams(ctx: TServiceContext, query: TTeamListQuery) {
  return listTeamRows(ctx.storage.db, ctx.actor.organizationId, query);
}

async function assertNameFree(db: TDb, orgId: string, name: string, exceptId?: string) {
  const existing = await findTeamByName(db, orgId, name);
  if (existing && existing.id !== exceptId) {
    throw new AppError('conflict', `a team named "${name}" already exists`, [
      { field: 'body.name', message: 'already used by another team' },
    ]);
  }
}

async function assertMembers(db: TDb, orgId: string, userIds: string[]) {
  const found = await findMemberUserIds(db, orgId, userIds);
  const index = userIds.findIndex((id) => !found.has(id));
  if (index >= 0) {
    throw new AppError('validation_failed', `user ${userIds[index]} is not in this organization`, [
      { field: `body.memberIds.${index}`, message: 'not a user of this organization' },
    ]);
  }
}

export async function createTeam(ctx: TServiceContext, input: TTeamCreate): Promise<TTeam> {
  const orgId = ctx.actor.organizationId;
  const memberIds = [...new Set(input.memberIds)];
  const id = newId();
  await ctx.storage.db.transaction().execute(async (trx) => {
    await assertNameFree(trx, orgId, input.name);
    await assertMembers(trx, orgId, memberIds);
    const now = nowIso();
    await insertTeam(trx, {
      id,
      organization_id: orgId,
      name: input.name,
      description: input.description,
      lead_user_id: null,
      archived_at: null,
      created_at: now,
      updated_at: now,
    });
    await setTeamMembers(trx, orgId, id, memberIds);
    await recordAudit(trx, ctx.actor, { action: 'create', entity: 'team', entityId: id });
  });
  return getTeam(ctx, id);
}

export async function updateTeam(
  ctx: TServiceContext,
  id: string,
  input: TTeamUpdate,
): Promise<TTeam> {
  const orgId = ctx.actor.organizationId;
  await ctx.storage.db.transaction().execute(async (trx) => {
    const current = await findTeam(trx, orgId, id);
    if (!current) throw notFound('team', id);
    if (input.name !== undefined) await assertNameFree(trx, orgId, input.name, id);
    const now = nowIso();
    await updateTeamRow(trx, orgId, id, {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.archived !== undefined && {
        archived_at: input.archived ? (current.archived ? undefined : now) : null,
      }),
      updated_at: now,
    });
    const memberIds =
      input.memberIds !== undefined ? [...new Set(input.memberIds)] : current.memberIds;
    if (input.memberIds !== undefined) {
      await assertMembers(trx, orgId, memberIds);
      await setTeamMembers(trx, orgId, id, memberIds);
    }
    const leadUserId = input.leadUserId !== undefined ? input.leadUserId : current.leadUserId;
    if (leadUserId !== null && !memberIds.includes(leadUserId)) {
      // Removing the lead from the team without naming another leaves the team without a lead.
      if (input.leadUserId === undefined) {
        await updateTeamRow(trx, orgId, id, { lead_user_id: null });
      } else {
        throw new AppError('validation_failed', `user ${leadUserId} is not a member of the team`, [
          { field: 'body.leadUserId', message: 'the lead must be a member of the team' },
        ]);
      }
    } else if (input.leadUserId !== undefined) {
      await updateTeamRow(trx, orgId, id, { lead_user_id: input.leadUserId });
    }
    await recordAudit(trx, ctx.actor, {
      action: 'update',
      entity: 'team',
      entityId: id,
      details: { fields: Object.keys(input) },
    });
  });
  return getTeam(ctx, id);
}

/** Deletes a team; touchpoints it owned become unowned. */
export async function deleteTeam(ctx: TServiceContext, id: string): Promise<void> {
  const orgId = ctx.actor.organizationId;
  await ctx.storage.db.transaction().execute(async (trx) => {
    if (!(await findTeam(trx, orgId, id))) throw notFound('team', id);
    await deleteTeamRow(trx, orgId, id);
    await recordAudit(trx, ctx.actor, { action: 'delete', entity: 'team', entityId: id });
  });
}
