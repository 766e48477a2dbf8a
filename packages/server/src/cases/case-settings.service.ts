/** The cases' settings: the root-cause and resolution taxonomy, and the SLA policies. */
import {
  AppError,
  newId,
  notFound,
  type TCaseCode,
  type TCaseCodeCreate,
  type TCaseCodeListQuery,
  type TCaseCodeUpdate,
  type TCaseSlaPolicies,
} from '@touchstone/core';
import { recordAudit } from '../audit/audit.repository.js';
import type { TServiceContext } from '../auth/actor.js';
import type { TDb } from '../storage/database.js';
import { nowIso } from '../storage/rows.js';
import {
  countCasesWithCode,
  deleteCaseCodeRow,
  findCaseCode,
  findCaseCodeByLabel,
  insertCaseCode,
  listCaseCodes as listCaseCodeRows,
  updateCaseCodeRow,
} from './case-codes.repository.js';
import { findSlaPolicies, upsertSlaPolicies } from './case-sla.repository.js';

export async function listCaseCodes(ctx: TServiceContext, query: TCaseCodeListQuery) {
  return { items: await listCaseCodeRows(ctx.storage.db, ctx.actor.organizationId, query) };
}

async function getCaseCode(db: TDb, orgId: string, id: string): Promise<TCaseCode> {
  const code = await findCaseCode(db, orgId, id);
  if (code === undefined) throw notFound('case code', id);
  return code;
}

async function assertLabelFree(
  db: TDb,
  orgId: string,
  code: Pick<TCaseCode, 'kind' | 'label'>,
  exceptId?: string,
) {
  const existing = await findCaseCodeByLabel(db, orgId, code.kind, code.label);
  if (existing !== undefined && existing.id !== exceptId) {
    throw new AppError('conflict', `a ${code.kind} code labelled "${code.label}" already exists`, [
      { field: 'body.label', message: 'already used by another code of this kind' },
    ]);
  }
}

export async function createCaseCode(
  ctx: TServiceContext,
  input: TCaseCodeCreate,
): Promise<TCaseCode> {
  const orgId = ctx.actor.organizationId;
  const id = newId();
  await ctx.storage.db.transaction().execute(async (trx) => {
    await assertLabelFree(trx, orgId, input);
    const now = nowIso();
    await insertCaseCode(trx, {
      id,
      organization_id: orgId,
      kind: input.kind,
      label: input.label,
      archived_at: null,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(trx, ctx.actor, { action: 'create', entity: 'case_code', entityId: id });
  });
  return getCaseCode(ctx.storage.db, orgId, id);
}

export async function updateCaseCode(
  ctx: TServiceContext,
  id: string,
  input: TCaseCodeUpdate,
): Promise<TCaseCode> {
  const orgId = ctx.actor.organizationId;
  await ctx.storage.db.transaction().execute(async (trx) => {
    const current = await getCaseCode(trx, orgId, id);
    if (input.label !== undefined) {
      await assertLabelFree(trx, orgId, { kind: current.kind, label: input.label }, id);
    }
    const now = nowIso();
    await updateCaseCodeRow(trx, orgId, id, {
      ...(input.label !== undefined && { label: input.label }),
      ...(input.archived !== undefined && {
        archived_at: input.archived ? (current.archived ? undefined : now) : null,
      }),
      updated_at: now,
    });
    await recordAudit(trx, ctx.actor, {
      action: 'update',
      entity: 'case_code',
      entityId: id,
      details: { fields: Object.keys(input) },
    });
  });
  return getCaseCode(ctx.storage.db, orgId, id);
}

/** Deletes a code no case carries; one in use can be archived instead. */
export async function deleteCaseCode(ctx: TServiceContext, id: string): Promise<void> {
  const orgId = ctx.actor.organizationId;
  await ctx.storage.db.transaction().execute(async (trx) => {
    const code = await getCaseCode(trx, orgId, id);
    const used = await countCasesWithCode(trx, orgId, id);
    if (used > 0) {
      throw new AppError(
        'conflict',
        `code "${code.label}" is used by ${used} case(s): archive it instead of deleting it`,
      );
    }
    await deleteCaseCodeRow(trx, orgId, id);
    await recordAudit(trx, ctx.actor, { action: 'delete', entity: 'case_code', entityId: id });
  });
}

export async function getSlaPolicies(ctx: TServiceContext): Promise<TCaseSlaPolicies> {
  return { items: await findSlaPolicies(ctx.storage.db, ctx.actor.organizationId) };
}

/** Replaces the targets of the priorities named; cases opened from now on use them. */
export async function putSlaPolicies(
  ctx: TServiceContext,
  input: TCaseSlaPolicies,
): Promise<TCaseSlaPolicies> {
  await ctx.storage.db.transaction().execute(async (trx) => {
    await upsertSlaPolicies(trx, ctx.actor.organizationId, input.items, nowIso());
    await recordAudit(trx, ctx.actor, {
      action: 'update',
      entity: 'case_sla_policies',
      entityId: null,
      details: { priorities: input.items.map((p) => p.priority) },
    });
  });
  return getSlaPolicies(ctx);
}
