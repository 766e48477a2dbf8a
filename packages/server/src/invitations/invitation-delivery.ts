import { DEFAULT_STYLE_GUIDE, type TStyleGuide, type TSurveyDefinition } from '@touchstone/core';
import type { TConfig } from '../config.js';
import type { TJobContext } from '../jobs/job-registry.js';
import { PermanentJobError } from '../jobs/job-registry.js';
import { parseJsonColumn } from '../storage/rows.js';
import {
  findBrandLook,
  findCampaignRow,
  findCampaignSurvey,
  findCurrentDefinitionJson,
} from './campaigns.repository.js';
import type { TCampaignMessage } from './campaigns.schema.js';
import { skipReasonOf } from './eligibility.js';
import { renderInvitationEmail, type TInvitationEmailInput } from './invitation-email.js';
import { newInvitationToken } from './invitation-tokens.js';
import { findRecipient } from './audience.repository.js';
import {
  deleteInvitationToken,
  findInvitationRow,
  insertInvitationToken,
  updateInvitationIf,
} from './invitations.repository.js';
import { mailDomain, type TMailer } from './mailer.js';

export interface TDeliveryDeps {
  mailer: TMailer;
  config: TConfig;
}

/** Where respondents reach the server: the configured origin, else the listening address. */
export function publicBaseUrlOf(config: TConfig): string {
  const base = config.publicBaseUrl ?? `http://${config.host}:${config.port}`;
  return base.replace(/\/+$/, '');
}

/** The address inside `Name <address>`, or the whole text. */
function bareAddress(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}

/** The first question's NPS details, in the language, when the survey opens with one. */
function npsOf(definition: TSurveyDefinition, language: string): TInvitationEmailInput['nps'] {
  const first = definition.questions[0];
  if (first?.type !== 'nps') return null;
  const pick = (text: Record<string, string> | undefined) =>
    text === undefined ? null : (text[language] ?? text[definition.defaultLanguage] ?? null);
  return {
    question: pick(first.text) ?? '',
    minLabel: pick(first.minLabel),
    maxLabel: pick(first.maxLabel),
  };
}

/**
 * Delivers an invitation or a reminder. Idempotent by state: an invitation already sent (or a
 * reminder already sent, or answered) is not e-mailed again, so a retried or taken-over job does
 * not send twice. Consent, address and opt-out are checked again right before sending.
 */
export async function deliverInvitation(
  kind: 'invitation' | 'reminder',
  invitationId: string,
  context: TJobContext,
  deps: TDeliveryDeps,
): Promise<void> {
  const db = context.storage.db;
  const orgId = context.organizationId;
  if (orgId === null) throw new PermanentJobError('an invitation job needs an organization');
  const invitation = await findInvitationRow(db, orgId, invitationId);
  // Gone: the customer was erased, or the campaign deleted.
  if (!invitation) return;
  if (kind === 'invitation' && invitation.status !== 'queued') return;
  if (
    kind === 'reminder' &&
    (invitation.status !== 'sent' ||
      invitation.reminded_at !== null ||
      invitation.responded_at !== null)
  ) {
    return;
  }
  const now = context.now.toISOString();
  const recipient = await findRecipient(db, orgId, invitation.customer_id);
  if (!recipient) return;
  const reason = skipReasonOf(recipient, false);
  if (reason !== null || recipient.email === null) {
    if (kind === 'invitation') {
      await updateInvitationIf(db, invitation.id, ['queued'], {
        status: 'skipped',
        skip_reason: reason ?? 'no_email',
        updated_at: now,
      });
    }
    return;
  }

  const campaign = await findCampaignRow(db, orgId, invitation.campaign_id);
  const survey = campaign && (await findCampaignSurvey(db, orgId, campaign.survey_id));
  const definitionJson =
    survey && (await findCurrentDefinitionJson(db, survey.id, survey.current_version));
  if (!campaign || !survey || !definitionJson) {
    throw new PermanentJobError('the campaign or its survey no longer exists');
  }
  const definition = parseJsonColumn<TSurveyDefinition>(definitionJson);
  const messages = parseJsonColumn<Record<string, TCampaignMessage>>(campaign.messages_json);
  const message = messages[invitation.language] ?? Object.values(messages)[0];
  if (!message) throw new PermanentJobError('the campaign has no message');
  const brand = survey.brand_id ? await findBrandLook(db, orgId, survey.brand_id) : undefined;
  const style = brand ? parseJsonColumn<TStyleGuide>(brand.style_guide_json) : DEFAULT_STYLE_GUIDE;

  // The token exists in this e-mail only; the database keeps its hash, written before sending so
  // that the link works the moment the e-mail arrives.
  const { token, hash } = newInvitationToken();
  await insertInvitationToken(db, {
    token_hash: hash,
    invitation_id: invitation.id,
    organization_id: orgId,
    created_at: now,
  });
  const base = publicBaseUrlOf(deps.config);
  const surveyUrl = `${base}/s/${encodeURIComponent(survey.slug)}?t=${token}`;
  const unsubscribeUrl = `${base}/u/${token}`;
  const email = renderInvitationEmail({
    kind,
    language: invitation.language,
    message,
    surveyTitle:
      definition.title[invitation.language] ??
      definition.title[definition.defaultLanguage] ??
      survey.name,
    customerName: recipient.name,
    brandName: brand?.name ?? null,
    style,
    surveyUrl,
    unsubscribeUrl,
    nps: npsOf(definition, invitation.language),
  });
  const mailbox = bareAddress(deps.config.mailFrom);
  try {
    await deps.mailer.send({
      to: recipient.email,
      subject: email.subject,
      html: email.html,
      text: email.text,
      headers: {
        'List-Unsubscribe': `<${unsubscribeUrl}>, <mailto:${mailbox}?subject=unsubscribe%20${token}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      messageId: `<${invitation.id}.${kind}@${mailDomain(deps.config.mailFrom)}>`,
    });
  } catch (error) {
    await deleteInvitationToken(db, hash);
    const lastAttempt = context.attempt >= context.maxAttempts;
    const text = error instanceof Error ? error.message : String(error);
    await updateInvitationIf(db, invitation.id, [invitation.status], {
      last_error: text.slice(0, 1000),
      ...(kind === 'invitation' && lastAttempt && { status: 'failed' }),
      updated_at: now,
    });
    throw error;
  }
  await updateInvitationIf(
    db,
    invitation.id,
    [invitation.status],
    kind === 'invitation'
      ? { status: 'sent', sent_at: now, last_error: null, updated_at: now }
      : { reminded_at: now, last_error: null, updated_at: now },
  );
}
