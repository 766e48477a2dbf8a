/**
 * The case an actor may act on: the organization's, and for an agent one of their teams' (an
 * agent sees and changes their teams' cases only, so another team's case is not found).
 */
import { notFound } from '@touchstone/core';
import type { TServiceContext } from '../auth/actor.js';
import { findCaseRow } from '../cases/cases.repository.js';
import type { TCasesTable } from '../storage/schema.js';
import { findUserTeams } from './closed-loop.repository.js';

export async function getActorCase(ctx: TServiceContext, caseId: string): Promise<TCasesTable> {
  const { organizationId, role, userId } = ctx.actor;
  const row = await findCaseRow(ctx.storage.db, organizationId, caseId);
  if (row === undefined) throw notFound('case', caseId);
  if (role === 'agent') {
    const teams =
      userId === null ? [] : await findUserTeams(ctx.storage.db, organizationId, userId);
    if (row.team_id === null || !teams.some((t) => t.id === row.team_id)) {
      throw notFound('case', caseId);
    }
  }
  return row;
}
