import { hashToken, randomToken } from '../auth/tokens.js';
import type { TDb } from '../storage/database.js';
import {
  findInvitationByTokenHash,
  findInvitationTouchpointId,
  setInvitationResponded,
} from './invitations.repository.js';

/** A fresh personal token (256 random bits) and the hash that is all the database keeps. */
export function newInvitationToken(): { token: string; hash: string } {
  const token = randomToken(32);
  return { token, hash: hashToken(token) };
}

/** Tokens are base64url of 32 bytes; anything else is rejected before touching the database. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** Who a personal link belongs to, and what a response through it is tied to. */
export interface TResolvedInvitation {
  invitationId: string;
  organizationId: string;
  campaignId: string;
  surveyId: string;
  customerId: string;
  interactionId: string | null;
  /** The campaign's touchpoint, else the linked interaction's. */
  touchpointId: string | null;
  language: string;
  respondedAt: string | null;
  responseId: string | null;
}

/**
 * Resolves the `t=` token of a personal link (the extension point the public response endpoints
 * call); undefined for an unknown or malformed token.
 */
export async function resolveInvitationToken(
  db: TDb,
  token: string,
): Promise<TResolvedInvitation | undefined> {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  const invitation = await findInvitationByTokenHash(db, hashToken(token));
  if (!invitation) return undefined;
  const touchpointId = await findInvitationTouchpointId(
    db,
    invitation.campaign_id,
    invitation.interaction_id,
  );
  return {
    invitationId: invitation.id,
    organizationId: invitation.organization_id,
    campaignId: invitation.campaign_id,
    surveyId: invitation.survey_id,
    customerId: invitation.customer_id,
    interactionId: invitation.interaction_id,
    touchpointId,
    language: invitation.language,
    respondedAt: invitation.responded_at,
    responseId: invitation.response_id,
  };
}

/**
 * Records that the invitation was answered (the first response wins); call it in the transaction
 * that stores the response.
 */
export async function markInvitationResponded(
  db: TDb,
  invitationId: string,
  responseId: string,
  at: string,
): Promise<void> {
  await setInvitationResponded(db, invitationId, responseId, at);
}
