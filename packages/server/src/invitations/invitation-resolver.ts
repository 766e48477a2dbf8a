import { findCustomer } from '../customers/customers.repository.js';
import type { TRouteDeps } from '../http/route-deps.js';
import type { TInvitationResolver, TPublicResponseOptions } from '../responses/invitations.js';
import { markInvitationResponded, resolveInvitationToken } from './invitation-tokens.js';

/**
 * Plugs e-mail invitations into the public response endpoints: a submission carrying a personal
 * token is the invited customer's (with the campaign's touchpoint or the linked interaction), and
 * once stored it marks the invitation responded, which also ends its reminders.
 */
export const invitationResolver: TInvitationResolver = {
  async resolve(storage, survey, token) {
    const invitation = await resolveInvitationToken(storage.db, token);
    // A token opens only the survey it was sent for.
    if (!invitation || invitation.surveyId !== survey.id) return undefined;
    if (invitation.organizationId !== survey.organizationId) return undefined;
    const customer = await findCustomer(
      storage.db,
      invitation.organizationId,
      invitation.customerId,
    );
    return {
      invitationId: invitation.invitationId,
      customer: customer ? { id: customer.id, attributes: customer.attributes } : null,
      customerName: customer?.name ?? null,
      touchpointId: invitation.touchpointId,
      interactionId: invitation.interactionId,
      language: invitation.language,
      hidden: {},
      responseId: invitation.responseId,
    };
  },

  async responded(storage, invitationId, response) {
    // A response started through the link counts: the customer took part, so no reminder follows.
    const at = response.submittedAt ?? response.startedAt;
    await markInvitationResponded(storage.db, invitationId, response.id, at);
  },
};

/** The respondent endpoints' options for this server (invitations plug in here). */
export function publicResponseOptions(_deps: TRouteDeps): TPublicResponseOptions {
  return { resolveInvitation: invitationResolver };
}
