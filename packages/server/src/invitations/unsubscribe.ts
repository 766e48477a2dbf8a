import { recordAudit } from '../audit/audit.repository.js';
import { systemActor } from '../auth/actor.js';
import type { TStorage } from '../storage/database.js';
import { resolveInvitationToken } from './invitation-tokens.js';
import { optOutCustomer } from './audience.repository.js';
import { markInvitationOptedOut } from './invitations.repository.js';

/**
 * Opts the customer behind a personal token out of all surveys and messages (RFC 8058 one-click
 * or the confirmation page). Idempotent; false for an unknown token.
 */
export async function optOutByToken(storage: TStorage, token: string): Promise<boolean> {
  const invitation = await resolveInvitationToken(storage.db, token);
  if (!invitation) return false;
  const now = new Date().toISOString();
  await storage.db.transaction().execute(async (trx) => {
    await optOutCustomer(trx, invitation.organizationId, invitation.customerId, now);
    await markInvitationOptedOut(trx, invitation.invitationId, now);
    const actor = systemActor(invitation.organizationId, `invitation:${invitation.invitationId}`);
    await recordAudit(trx, actor, {
      action: 'opt-out',
      entity: 'customer',
      entityId: invitation.customerId,
      details: { campaignId: invitation.campaignId },
    });
  });
  return true;
}
