import {
  AppError,
  invalidField,
  notFound,
  newId,
  validateSurveyDefinition,
  type TSurvey,
  type TSurveyCreate,
  type TSurveyDefinition,
  type TSurveyListQuery,
  type TSurveyUpdate,
} from '@touchstone/core';
import { recordAudit } from '../audit/audit.repository.js';
import { brandExists } from '../brands/brands.repository.js';
import type { TServiceContext } from '../auth/actor.js';
import { isUniqueViolation } from '../storage/constraint-violation.js';
import type { TDb } from '../storage/database.js';
import { nowIso, parseJsonColumn } from '../storage/rows.js';
import { randomSlug } from './survey-slug.js';
import {
  countResponsesBySurvey,
  deleteSurveyRow,
  findSurvey,
  findSurveyRow,
  findSurveyVersionRow,
  findTouchpointIdsInOrg,
  insertSurvey,
  insertSurveyVersion,
  listSurveyVersionRows,
  listSurveys as listSurveyRows,
  replaceSurveyVersionDefinition,
  setSurveyTouchpoints,
  slugTaken,
  updateSurveyRow,
  versionHasResponses,
} from './surveys.repository.js';

type TStatus = TSurvey['status'];

/** Allowed status changes: a draft goes live, a live survey closes, a closed one may reopen. */
const TRANSITIONS: Record<TStatus, readonly TStatus[]> = {
  draft: ['live'],
  live: ['closed'],
  closed: ['live'],
};

/** A survey version as the API shows it. */
export interface TSurveyVersionView {
  version: number;
  definition: TSurveyDefinition;
  createdAt: string;
}

/** A survey by id; throws not_found when it is not in the actor's organization. */
export async function getSurvey(ctx: TServiceContext, id: string): Promise<TSurvey> {
  const survey = await findSurvey(ctx.storage.db, ctx.actor.organizationId, id);
  if (!survey) throw notFound('survey', id);
  return survey;
}

/** One page of the organization's surveys. */
export function listSurveys(ctx: TServiceContext, query: TSurveyListQuery) {
  return listSurveyRows(ctx.storage.db, ctx.actor.organizationId, query);
}

/** The semantic checks of the survey engine, named `body.definition...`. */
function assertDefinition(definition: TSurveyDefinition): void {
  const issues = validateSurveyDefinition(definition);
  const first = issues[0];
  if (first === undefined) return;
  const details = issues.map((i) => ({ field: `body.${i.field}`, message: i.message }));
  throw new AppError('validation_failed', `body.${first.field}: ${first.message}`, details);
}

async function assertTouchpoints(db: TDb, orgId: string, ids: string[]): Promise<void> {
  const found = await findTouchpointIdsInOrg(db, orgId, ids);
  const index = ids.findIndex((id) => !found.has(id));
  if (index >= 0) {
    throw invalidField(`body.touchpointIds.${index}`, 'not a touchpoint of this organization');
  }
}

async function assertBrand(db: TDb, orgId: string, brandId: string | null): Promise<void> {
  if (brandId === null) return;
  if (!(await brandExists(db, orgId, brandId)))
    throw invalidField('body.brandId', 'not a brand of this organization');
}

function slugConflict(slug: string): AppError {
  return new AppError('conflict', `the slug "${slug}" is already used`, [
    { field: 'body.slug', message: 'already used by another survey' },
  ]);
}

/** A free slug: the one asked for (409 when taken), or a fresh random one. */
async function chooseSlug(db: TDb, wanted: string | undefined, exceptId?: string) {
  if (wanted !== undefined) {
    if (await slugTaken(db, wanted, exceptId)) throw slugConflict(wanted);
    return wanted;
  }
  for (;;) {
    const slug = randomSlug();
    if (!(await slugTaken(db, slug))) return slug;
  }
}

/** Creates a draft survey with version 1. */
export async function createSurvey(ctx: TServiceContext, input: TSurveyCreate): Promise<TSurvey> {
  const orgId = ctx.actor.organizationId;
  assertDefinition(input.definition);
  const touchpointIds = [...new Set(input.touchpointIds)];
  const id = newId();
  try {
    await ctx.storage.db.transaction().execute(async (trx) => {
      await assertTouchpoints(trx, orgId, touchpointIds);
      await assertBrand(trx, orgId, input.brandId);
      const slug = await chooseSlug(trx, input.slug);
      const now = nowIso();
      await insertSurvey(trx, {
        id,
        organization_id: orgId,
        name: input.name,
        slug,
        kind: input.kind,
        status: 'draft',
        brand_id: input.brandId,
        current_version: 1,
        created_at: now,
        updated_at: now,
      });
      await insertSurveyVersion(trx, {
        survey_id: id,
        version: 1,
        organization_id: orgId,
        definition_json: JSON.stringify(input.definition),
        created_at: now,
      });
      await setSurveyTouchpoints(trx, orgId, id, touchpointIds);
      await recordAudit(trx, ctx.actor, { action: 'create', entity: 'survey', entityId: id });
    });
  } catch (error) {
    // Two requests raced for the same slug: the unique index decided.
    if (isUniqueViolation(error)) throw slugConflict(input.slug ?? '(random)');
    throw error;
  }
  return getSurvey(ctx, id);
}

function assertTransition(from: TStatus, to: TStatus): void {
  if (from === to || TRANSITIONS[from].includes(to)) return;
  throw invalidField('body.status', `a ${from} survey cannot become ${to}`);
}

/**
 * Changes a survey. A new definition replaces the current version while no response answers it;
 * once one does, the version is immutable and the definition becomes version n+1.
 */
export async function updateSurvey(
  ctx: TServiceContext,
  id: string,
  input: TSurveyUpdate,
): Promise<TSurvey> {
  const orgId = ctx.actor.organizationId;
  if (input.definition !== undefined) assertDefinition(input.definition);
  let newVersion: number | null = null;
  try {
    await ctx.storage.db.transaction().execute(async (trx) => {
      const current = await findSurveyRow(trx, orgId, id);
      if (!current) throw notFound('survey', id);
      if (input.status !== undefined) assertTransition(current.status as TStatus, input.status);
      if (input.touchpointIds !== undefined) {
        await assertTouchpoints(trx, orgId, [...new Set(input.touchpointIds)]);
      }
      if (input.brandId !== undefined) await assertBrand(trx, orgId, input.brandId);
      if (input.slug !== undefined) await chooseSlug(trx, input.slug, id);
      const now = nowIso();
      let version = current.current_version;
      if (input.definition !== undefined) {
        const json = JSON.stringify(input.definition);
        if (await versionHasResponses(trx, id, version)) {
          version += 1;
          newVersion = version;
          await insertSurveyVersion(trx, {
            survey_id: id,
            version,
            organization_id: orgId,
            definition_json: json,
            created_at: now,
          });
        } else {
          await replaceSurveyVersionDefinition(trx, id, version, json);
        }
      }
      await updateSurveyRow(trx, orgId, id, {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.slug !== undefined && { slug: input.slug }),
        ...(input.kind !== undefined && { kind: input.kind }),
        ...(input.status !== undefined && { status: input.status }),
        ...(input.brandId !== undefined && { brand_id: input.brandId }),
        current_version: version,
        updated_at: now,
      });
      if (input.touchpointIds !== undefined) {
        await setSurveyTouchpoints(trx, orgId, id, [...new Set(input.touchpointIds)]);
      }
      await recordAudit(trx, ctx.actor, {
        action: 'update',
        entity: 'survey',
        entityId: id,
        details: { fields: Object.keys(input), ...(newVersion !== null && { newVersion }) },
      });
    });
  } catch (error) {
    if (input.slug !== undefined && isUniqueViolation(error)) throw slugConflict(input.slug);
    throw error;
  } finally {
    ctx.services.surveys.invalidateSurvey(orgId, id);
  }
  return getSurvey(ctx, id);
}

/** Deletes a survey that nothing answers yet; a survey with responses is closed instead. */
export async function deleteSurvey(ctx: TServiceContext, id: string): Promise<void> {
  const orgId = ctx.actor.organizationId;
  try {
    await ctx.storage.db.transaction().execute(async (trx) => {
      if (!(await findSurveyRow(trx, orgId, id))) throw notFound('survey', id);
      const count = (await countResponsesBySurvey(trx, orgId, [id])).get(id) ?? 0;
      if (count > 0) {
        throw new AppError(
          'conflict',
          `survey ${id} has ${count} responses: close it (status closed) instead of deleting it`,
          [{ field: 'id', message: 'has responses' }],
        );
      }
      await deleteSurveyRow(trx, orgId, id);
      await recordAudit(trx, ctx.actor, { action: 'delete', entity: 'survey', entityId: id });
    });
  } finally {
    ctx.services.surveys.invalidateSurvey(orgId, id);
  }
}

/** Every version of a survey, oldest first. */
export async function listSurveyVersions(
  ctx: TServiceContext,
  id: string,
): Promise<TSurveyVersionView[]> {
  const orgId = ctx.actor.organizationId;
  if (!(await findSurveyRow(ctx.storage.db, orgId, id))) throw notFound('survey', id);
  const rows = await listSurveyVersionRows(ctx.storage.db, orgId, id);
  return rows.map((r) => ({
    version: r.version,
    definition: parseJsonColumn<TSurveyDefinition>(r.definition_json),
    createdAt: r.created_at,
  }));
}

/** One version of a survey; the survey is looked up first, so a missing survey is a 404. */
export async function getSurveyVersion(
  ctx: TServiceContext,
  id: string,
  versionText: string,
): Promise<TSurveyVersionView> {
  const orgId = ctx.actor.organizationId;
  if (!(await findSurveyRow(ctx.storage.db, orgId, id))) throw notFound('survey', id);
  if (!/^[1-9][0-9]{0,8}$/.test(versionText)) {
    throw invalidField('params.version', 'a version number: 1, 2, ...');
  }
  const version = Number(versionText);
  const row = await findSurveyVersionRow(ctx.storage.db, id, version);
  if (!row) throw notFound('survey version', `${id}/${version}`);
  return {
    version: row.version,
    definition: parseJsonColumn<TSurveyDefinition>(row.definition_json),
    createdAt: row.created_at,
  };
}
