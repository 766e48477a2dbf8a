import type { TStorage } from '../storage/database.js';
import type { TSurveyRuntime } from '../surveys/survey-cache.js';
import type { TStoredResponse } from '../ingest/stored-response.js';
import type { TRespondent } from './response-builder.js';

/** What a personal e-mail invitation says about the person who answers. */
export interface TInvitationContext {
  invitationId: string;
  customer: TRespondent | null;
  /** The customer's name, for `{{customer.name}}` and `{{customer.firstName}}` on the page. */
  customerName: string | null;
  touchpointId: string | null;
  interactionId: string | null;
  /** The invitation's language, used when the respondent names none. */
  language: string | null;
  /** Hidden fields the invitation carries (the respondent's own values win). */
  hidden: Record<string, string>;
  /** The response given through this invitation (one at most), null before the first. */
  responseId: string | null;
}

/**
 * The extension point for e-mail invitations: a public submission that carries
 * `invitation: <token>` is attributed to the invited customer (and touchpoint, interaction).
 */
export interface TInvitationResolver {
  /** The invitation behind a token for this survey; undefined when unknown or expired. */
  resolve(
    storage: TStorage,
    survey: TSurveyRuntime,
    token: string,
  ): Promise<TInvitationContext | undefined>;
  /** Told after the invited response committed (partial or complete), e.g. to mark it answered. */
  responded?(storage: TStorage, invitationId: string, response: TStoredResponse): Promise<void>;
}

/** Options of the respondent endpoints. */
export interface TPublicResponseOptions {
  /** Absent: submissions with an invitation token are refused (422 on `body.invitation`). */
  resolveInvitation?: TInvitationResolver;
}
