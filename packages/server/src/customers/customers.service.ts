import {
  AppError,
  notFound,
  newId,
  type TCustomer,
  type TCustomerCreate,
  type TCustomerDetail,
  type TCustomerListQuery,
  type TCustomerUpdate,
  type TAnswers,
  type TFieldIssue,
  type TSurveyDefinition,
} from '@touchstone/core';
import { loadAttributeSchema } from '../attribute-keys/attribute-keys.service.js';
import {
  attributeFromText,
  attributeProblems,
  declaredKeysText,
  mergeAttributes,
  withoutNulls,
  type TAttributeSchema,
} from '../attribute-keys/attribute-validation.js';
import { recordAudit } from '../audit/audit.repository.js';
import type { TServiceContext } from '../auth/actor.js';
import { isUniqueViolation } from '../storage/constraint-violation.js';
import type { TDb } from '../storage/database.js';
import { nowIso, parseJsonColumn } from '../storage/rows.js';
import { rebuildOrganizationRollups } from '../analytics/rollup-rebuild.js';
import { deleteCommentsOfResponses } from '../comments/comment-store.repository.js';
import {
  anonymiseResponseRow,
  deleteResponseRows,
  findResponsesOfCustomer,
} from '../responses/responses.repository.js';
import { withoutFreeText, type TErasureMode } from './customer-erasure.js';
import {
  eraseCustomerRows,
  findCustomer,
  findCustomerByExternalId,
  findCustomerFirstActivity,
  insertCustomer,
  listCustomers as listCustomerRows,
  updateCustomerRow,
  type TAttributeCondition,
} from './customers.repository.js';

/** A customer by id; throws not_found when it is not in the actor's organization. */
export async function getCustomer(ctx: TServiceContext, id: string): Promise<TCustomer> {
  const customer = await findCustomer(ctx.storage.db, ctx.actor.organizationId, id);
  if (!customer) throw notFound('customer', id);
  return customer;
}

/** A customer with the first time the organization saw them (record, interaction or response). */
export async function getCustomerDetail(
  ctx: TServiceContext,
  id: string,
): Promise<TCustomerDetail> {
  const customer = await getCustomer(ctx, id);
  const first = await findCustomerFirstActivity(ctx.storage.db, ctx.actor.organizationId, id);
  const instants = [customer.createdAt, first.interaction, first.response]
    .filter((t): t is string => t !== null)
    .map((t) => new Date(t).toISOString());
  return { ...customer, firstSeenAt: instants.sort()[0] ?? customer.createdAt };
}

/** A customer by the organization's own identifier: one indexed query. */
export async function getCustomerByExternalId(
  ctx: TServiceContext,
  externalId: string,
): Promise<TCustomer> {
  const db = ctx.storage.db;
  const customer = await findCustomerByExternalId(db, ctx.actor.organizationId, externalId);
  if (!customer) throw notFound('customer with external id', externalId);
  return customer;
}

/** Turns `attr=key:value` filters into typed conditions on declared keys. */
function attributeConditions(schema: TAttributeSchema, filters: string[]): TAttributeCondition[] {
  return filters.map((filter) => {
    const colon = filter.indexOf(':');
    const name = filter.slice(0, colon);
    const text = filter.slice(colon + 1);
    const field = `query.attr.${name}`;
    const key = schema.keys.get(name);
    if (key === undefined) {
      throw new AppError('validation_failed', `cannot filter by ${name}`, [
        { field, message: `not a declared attribute; ${declaredKeysText(schema)}` },
      ]);
    }
    const read = attributeFromText(key, text);
    if (read.kind === 'value') return { key: name, value: read.value };
    const message = read.kind === 'absent' ? 'give a value after the colon' : read.message;
    throw new AppError('validation_failed', `${field}: ${message}`, [{ field, message }]);
  });
}

export async function listCustomers(ctx: TServiceContext, query: TCustomerListQuery) {
  const db = ctx.storage.db;
  const orgId = ctx.actor.organizationId;
  const filters = query.attr ?? [];
  const conditions =
    filters.length === 0
      ? []
      : attributeConditions(await loadAttributeSchema(db, orgId, 'customer'), filters);
  return listCustomerRows(db, orgId, query, conditions);
}

function duplicateExternalId(externalId: string): AppError {
  return new AppError('conflict', `a customer with external id "${externalId}" already exists`, [
    { field: 'body.externalId', message: 'already used by another customer' },
  ]);
}

function rejectAttributes(issues: TFieldIssue[]): void {
  const first = issues[0];
  if (first) {
    throw new AppError('validation_failed', `${first.field}: ${first.message}`, issues);
  }
}

async function assertExternalIdFree(db: TDb, orgId: string, externalId: string, exceptId?: string) {
  const existing = await findCustomerByExternalId(db, orgId, externalId);
  if (existing && existing.id !== exceptId) throw duplicateExternalId(externalId);
}

/** Runs a write; a unique violation (two writers with one external id) becomes a 409. */
async function guardExternalId<T>(externalId: string | undefined, work: () => Promise<T>) {
  try {
    return await work();
  } catch (error) {
    if (externalId !== undefined && isUniqueViolation(error)) throw duplicateExternalId(externalId);
    throw error;
  }
}

export async function createCustomer(
  ctx: TServiceContext,
  input: TCustomerCreate,
): Promise<TCustomer> {
  const orgId = ctx.actor.organizationId;
  const id = newId();
  await guardExternalId(input.externalId, () =>
    ctx.storage.db.transaction().execute(async (trx) => {
      const schema = await loadAttributeSchema(trx, orgId, 'customer');
      rejectAttributes(attributeProblems(schema, input.attributes, 'body.attributes'));
      await assertExternalIdFree(trx, orgId, input.externalId);
      const now = nowIso();
      await insertCustomer(trx, {
        id,
        organization_id: orgId,
        external_id: input.externalId,
        name: input.name,
        email: input.email,
        phone: input.phone,
        locale: input.locale,
        email_consent: input.emailConsent ? 1 : 0,
        opted_out_at: input.optedOut ? now : null,
        attributes_json: JSON.stringify(withoutNulls(input.attributes)),
        created_at: now,
        updated_at: now,
      });
      await recordAudit(trx, ctx.actor, { action: 'create', entity: 'customer', entityId: id });
    }),
  );
  return getCustomer(ctx, id);
}

/** Changes a customer; attributes are merged (a key set to null is removed). */
export async function updateCustomer(
  ctx: TServiceContext,
  id: string,
  input: TCustomerUpdate,
): Promise<TCustomer> {
  const orgId = ctx.actor.organizationId;
  await guardExternalId(input.externalId, () =>
    ctx.storage.db.transaction().execute(async (trx) => {
      const current = await findCustomer(trx, orgId, id);
      if (!current) throw notFound('customer', id);
      let attributes: string | undefined;
      if (input.attributes !== undefined) {
        const schema = await loadAttributeSchema(trx, orgId, 'customer');
        rejectAttributes(attributeProblems(schema, input.attributes, 'body.attributes', true));
        attributes = JSON.stringify(mergeAttributes(current.attributes, input.attributes));
      }
      if (input.externalId !== undefined) {
        await assertExternalIdFree(trx, orgId, input.externalId, id);
      }
      const now = nowIso();
      const optedOutAt =
        input.optedOut === undefined
          ? undefined
          : input.optedOut
            ? (current.optedOutAt ?? now)
            : null;
      await updateCustomerRow(trx, orgId, id, {
        ...(input.externalId !== undefined && { external_id: input.externalId }),
        ...(input.name !== undefined && { name: input.name }),
        ...(input.email !== undefined && { email: input.email }),
        ...(input.phone !== undefined && { phone: input.phone }),
        ...(input.locale !== undefined && { locale: input.locale }),
        ...(input.emailConsent !== undefined && { email_consent: input.emailConsent ? 1 : 0 }),
        ...(optedOutAt !== undefined && { opted_out_at: optedOutAt }),
        ...(attributes !== undefined && { attributes_json: attributes }),
        updated_at: now,
      });
      await recordAudit(trx, ctx.actor, {
        action: 'update',
        entity: 'customer',
        entityId: id,
        details: { fields: Object.keys(input) },
      });
    }),
  );
  return getCustomer(ctx, id);
}

/** What an erasure removed, for the caller and the audit log (counts, never personal data). */
export interface TErasureResult {
  responses: number;
  mode: TErasureMode;
  comments: number;
  interactions: number;
}

/**
 * Erases a customer (the GDPR right to erasure): their interactions and invitations go; their
 * responses are anonymised (the customer, free text, hidden fields removed; scores kept, so the
 * rollups stand) or deleted (then the organization's rollups are rebuilt, which reloads the
 * cube); the analysis of their comments is purged either way. One transaction, audited with
 * counts only.
 */
export async function eraseCustomer(
  ctx: TServiceContext,
  id: string,
  mode: TErasureMode = 'anonymise',
): Promise<TErasureResult> {
  const orgId = ctx.actor.organizationId;
  // The survey definitions are read first: on SQLite the transaction holds the one connection.
  const definitions = new Map<string, TSurveyDefinition | undefined>();
  for (const r of await findResponsesOfCustomer(ctx.storage.db, orgId, id)) {
    const key = `${r.survey_id}:${r.survey_version}`;
    if (definitions.has(key)) continue;
    const survey = await ctx.services.surveys.surveyById(orgId, r.survey_id);
    definitions.set(
      key,
      survey === undefined
        ? undefined
        : await ctx.services.surveys.definition(survey, r.survey_version),
    );
  }
  const result = await ctx.storage.db.transaction().execute(async (trx) => {
    if (!(await findCustomer(trx, orgId, id))) throw notFound('customer', id);
    const responses = await findResponsesOfCustomer(trx, orgId, id);
    const ids = responses.map((r) => r.id);
    const comments = await deleteCommentsOfResponses(trx, orgId, ids);
    if (mode === 'delete') {
      await deleteResponseRows(trx, orgId, ids);
    } else {
      const at = nowIso();
      for (const response of responses) {
        // A response that arrived since is stripped of every answer its definition cannot vouch for.
        const definition = definitions.get(`${response.survey_id}:${response.survey_version}`);
        const answers = withoutFreeText(
          definition,
          parseJsonColumn<TAnswers>(response.answers_json),
        );
        await anonymiseResponseRow(trx, orgId, response.id, JSON.stringify(answers), at);
      }
    }
    const interactions = await eraseCustomerRows(trx, orgId, id);
    const erased: TErasureResult = { responses: ids.length, mode, comments, interactions };
    // The entry names the row id only: personal data must not outlive the erasure in the log.
    await recordAudit(trx, ctx.actor, {
      action: 'erase',
      entity: 'customer',
      entityId: id,
      details: { ...erased },
    });
    return erased;
  });
  if (mode === 'delete' && result.responses > 0) {
    await rebuildOrganizationRollups(ctx.storage, orgId);
  }
  return result;
}
