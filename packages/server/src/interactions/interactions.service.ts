import type { TNewEvent } from '../events/domain-event.js';
import { appendEventsIn } from '../events/events.repository.js';
import {
  AppError,
  invalidField,
  notFound,
  newId,
  type TAttributes,
  type TInteraction,
  type TInteractionCreate,
  type TInteractionListQuery,
  type TInteractionUpdate,
} from '@touchstone/core';
import { loadAttributeSchema } from '../attribute-keys/attribute-keys.service.js';
import {
  attributeProblems,
  mergeAttributes,
  withoutNulls,
} from '../attribute-keys/attribute-validation.js';
import { recordAudit } from '../audit/audit.repository.js';
import type { TServiceContext } from '../auth/actor.js';
import { isUniqueViolation } from '../storage/constraint-violation.js';
import type { TDb } from '../storage/database.js';
import { nowIso, toStoredInstant } from '../storage/rows.js';
import {
  customerInOrganization,
  deleteInteractionRow,
  findInteraction,
  findInteractionIdByExternalId,
  insertInteraction,
  listInteractions as listInteractionRows,
  touchpointInOrganization,
  updateInteractionRow,
} from './interactions.repository.js';

/** An interaction by id; throws not_found when it is not in the actor's organization. */
export async function getInteraction(ctx: TServiceContext, id: string): Promise<TInteraction> {
  const interaction = await findInteraction(ctx.storage.db, ctx.actor.organizationId, id);
  if (!interaction) throw notFound('interaction', id);
  return interaction;
}

export function listInteractions(ctx: TServiceContext, query: TInteractionListQuery) {
  return listInteractionRows(ctx.storage.db, ctx.actor.organizationId, query);
}

function duplicateExternalId(externalId: string): AppError {
  return new AppError('conflict', `an interaction with external id "${externalId}" exists`, [
    { field: 'body.externalId', message: 'already used by another interaction' },
  ]);
}

// Another organization's row answers exactly like a missing one: its existence is not revealed.
async function assertTouchpoint(db: TDb, orgId: string, touchpointId: string) {
  if (!(await touchpointInOrganization(db, orgId, touchpointId))) {
    throw invalidField('body.touchpointId', 'no touchpoint with this id in this organization');
  }
}

async function assertAttributes(db: TDb, orgId: string, attributes: TAttributes, patch: boolean) {
  const schema = await loadAttributeSchema(db, orgId, 'interaction');
  const issues = attributeProblems(schema, attributes, 'body.attributes', patch);
  const first = issues[0];
  if (first) throw new AppError('validation_failed', `${first.field}: ${first.message}`, issues);
}

/** The `interaction.created` event of an interaction recorded through the API. */
function interactionCreated(orgId: string, id: string, input: TInteractionCreate): TNewEvent {
  const payload = {
    interactionId: id,
    customerId: input.customerId,
    touchpointId: input.touchpointId,
    type: input.type,
    occurredAt: toStoredInstant(input.occurredAt),
    amount: input.amount,
    currency: input.currency,
  };
  return {
    id: newId(),
    organizationId: orgId,
    type: 'interaction.created',
    subjectId: id,
    payloadJson: JSON.stringify(payload),
    at: nowIso(),
  };
}

export async function createInteraction(
  ctx: TServiceContext,
  input: TInteractionCreate,
): Promise<TInteraction> {
  const orgId = ctx.actor.organizationId;
  const id = newId();
  try {
    await ctx.storage.db.transaction().execute(async (trx) => {
      if (!(await customerInOrganization(trx, orgId, input.customerId))) {
        throw invalidField('body.customerId', 'no customer with this id in this organization');
      }
      await assertTouchpoint(trx, orgId, input.touchpointId);
      await assertAttributes(trx, orgId, input.attributes, false);
      if (
        input.externalId !== null &&
        (await findInteractionIdByExternalId(trx, orgId, input.externalId))
      ) {
        throw duplicateExternalId(input.externalId);
      }
      await insertInteraction(trx, {
        id,
        organization_id: orgId,
        external_id: input.externalId,
        customer_id: input.customerId,
        touchpoint_id: input.touchpointId,
        occurred_at: toStoredInstant(input.occurredAt),
        type: input.type,
        amount: input.amount,
        currency: input.currency,
        attributes_json: JSON.stringify(withoutNulls(input.attributes)),
        created_at: nowIso(),
      });
      await recordAudit(trx, ctx.actor, { action: 'create', entity: 'interaction', entityId: id });
      await appendEventsIn(trx, [interactionCreated(orgId, id, input)]);
    });
  } catch (error) {
    if (input.externalId !== null && isUniqueViolation(error)) {
      throw duplicateExternalId(input.externalId);
    }
    throw error;
  }
  ctx.services.events.wake();
  return getInteraction(ctx, id);
}

/** Changes an interaction; attributes are merged; amount and currency must stay together. */
export async function updateInteraction(
  ctx: TServiceContext,
  id: string,
  input: TInteractionUpdate,
): Promise<TInteraction> {
  const orgId = ctx.actor.organizationId;
  await ctx.storage.db.transaction().execute(async (trx) => {
    const current = await findInteraction(trx, orgId, id);
    if (!current) throw notFound('interaction', id);
    if (input.touchpointId !== undefined) await assertTouchpoint(trx, orgId, input.touchpointId);
    const amount = input.amount === undefined ? current.amount : input.amount;
    const currency = input.currency === undefined ? current.currency : input.currency;
    if ((amount === null) !== (currency === null)) {
      const field = amount === null ? 'body.amount' : 'body.currency';
      throw invalidField(field, 'amount and currency go together');
    }
    let attributes: string | undefined;
    if (input.attributes !== undefined) {
      await assertAttributes(trx, orgId, input.attributes, true);
      attributes = JSON.stringify(mergeAttributes(current.attributes, input.attributes));
    }
    await updateInteractionRow(trx, orgId, id, {
      ...(input.touchpointId !== undefined && { touchpoint_id: input.touchpointId }),
      ...(input.occurredAt !== undefined && { occurred_at: toStoredInstant(input.occurredAt) }),
      ...(input.type !== undefined && { type: input.type }),
      amount,
      currency,
      ...(attributes !== undefined && { attributes_json: attributes }),
    });
    await recordAudit(trx, ctx.actor, {
      action: 'update',
      entity: 'interaction',
      entityId: id,
      details: { fields: Object.keys(input) },
    });
  });
  return getInteraction(ctx, id);
}

export async function deleteInteraction(ctx: TServiceContext, id: string): Promise<void> {
  const orgId = ctx.actor.organizationId;
  await ctx.storage.db.transaction().execute(async (trx) => {
    if (!(await findInteraction(trx, orgId, id))) throw notFound('interaction', id);
    await deleteInteractionRow(trx, orgId, id);
    await recordAudit(trx, ctx.actor, { action: 'delete', entity: 'interaction', entityId: id });
  });
}
