/**
 * `GET /api/me/work`: where a signed-in person's work is, so the dashboard's start page is theirs:
 * an agent's case inbox; for a touchpoint owner (a member, not an owner or admin, of a team that
 * owns touchpoints) those touchpoints' scores and cases; everyone else the overview.
 */
import type { TMyWork } from '@touchstone/core';
import type { TServiceContext } from '../auth/actor.js';
import {
  countOpenCasesOfTeams,
  findTouchpointsOwnedBy,
  findUserTeams,
} from './closed-loop.repository.js';

export async function myWork(ctx: TServiceContext): Promise<TMyWork> {
  const { organizationId, role, userId } = ctx.actor;
  const db = ctx.storage.db;
  const teams = userId === null ? [] : await findUserTeams(db, organizationId, userId);
  const teamIds = teams.map((t) => t.id);
  const owned = await findTouchpointsOwnedBy(db, organizationId, teamIds);
  const admin = role === 'owner' || role === 'admin';
  let landing: TMyWork['landing'] = 'overview';
  if (role === 'agent') landing = 'cases';
  else if (!admin && owned.length > 0) landing = 'my-touchpoints';
  return {
    role,
    landing,
    teams: teams.map((t) => ({ id: t.id, name: t.name })),
    ownedTouchpoints: owned.map((t) => ({ id: t.id, name: t.name, teamId: t.owner_team_id ?? '' })),
    openCases: await countOpenCasesOfTeams(db, organizationId, teamIds),
  };
}
