/**
 * The case an actor may act on: the organization's, and for an agent one of their teams' (the
 * cases capability's scope, so another team's case is not found, as everywhere in cases).
 */
import { notFound } from '@touchstone/core';
import type { TServiceContext } from '../auth/actor.js';
import { findCaseRow } from '../cases/cases.repository.js';
import { caseScopeOf, inScope } from '../cases/cases.service.js';
import type { TCasesTable } from '../storage/schema.js';

export async function getActorCase(ctx: TServiceContext, caseId: string): Promise<TCasesTable> {
  const row = await findCaseRow(ctx.storage.db, ctx.actor.organizationId, caseId);
  if (row === undefined || !inScope(await caseScopeOf(ctx), row.team_id)) {
    throw notFound('case', caseId);
  }
  return row;
}
