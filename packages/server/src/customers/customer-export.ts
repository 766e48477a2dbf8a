import { ZCustomer, ZInteraction, ZResponse, ZTimestamp, notFound } from '@touchstone/core';
import { z } from 'zod';
import { recordAudit } from '../audit/audit.repository.js';
import type { TServiceContext } from '../auth/actor.js';
import { listCommentsOfCustomer } from '../comments/comment-store.repository.js';
import { ZInvitation } from '../invitations/campaigns.schema.js';
import { listInvitationsOfCustomer } from '../invitations/invitations.repository.js';
import { listInteractionsOfCustomer } from '../interactions/interactions.repository.js';
import { listResponsesOfCustomer } from '../responses/responses.repository.js';
import { nowIso, parseJsonColumn } from '../storage/rows.js';
import { findCustomer } from './customers.repository.js';

/** Everything held about one customer, as one JSON document (the GDPR right of access). */
export const ZCustomerExport = z.object({
  exportedAt: ZTimestamp,
  customer: ZCustomer,
  interactions: z.array(ZInteraction),
  responses: z.array(ZResponse),
  /** What the text analysis stored about the customer's comments. */
  comments: z.array(
    z.object({
      responseId: z.string(),
      questionKey: z.string(),
      text: z.string(),
      score: z.number(),
      label: z.string(),
      language: z.string(),
      themeIds: z.array(z.string()),
    }),
  ),
  invitations: z.array(ZInvitation),
});
export type TCustomerExport = z.infer<typeof ZCustomerExport>;

/** Reads everything held about a customer in one snapshot; the export itself is audited. */
export async function exportCustomer(ctx: TServiceContext, id: string): Promise<TCustomerExport> {
  const orgId = ctx.actor.organizationId;
  return ctx.storage.db.transaction().execute(async (trx) => {
    const customer = await findCustomer(trx, orgId, id);
    if (!customer) throw notFound('customer', id);
    const document: TCustomerExport = {
      exportedAt: nowIso(),
      customer,
      interactions: await listInteractionsOfCustomer(trx, orgId, id),
      responses: await listResponsesOfCustomer(trx, orgId, id),
      comments: (await listCommentsOfCustomer(trx, orgId, id)).map((c) => ({
        responseId: c.response_id,
        questionKey: c.question_key,
        text: c.text,
        score: c.score,
        label: c.label,
        language: c.language,
        themeIds: parseJsonColumn<string[]>(c.themes_json),
      })),
      invitations: await listInvitationsOfCustomer(trx, orgId, id),
    };
    await recordAudit(trx, ctx.actor, {
      action: 'export',
      entity: 'customer',
      entityId: id,
      details: {
        interactions: document.interactions.length,
        responses: document.responses.length,
        comments: document.comments.length,
        invitations: document.invitations.length,
      },
    });
    return document;
  });
}
