/**
 * The job that sends one case e-mail. Idempotent by state: only a queued message is sent, so a
 * retried or taken-over job does not write twice. Address, consent and opt-out are checked again
 * right before sending.
 */
import { DEFAULT_STYLE_GUIDE, type TStyleGuide } from '@touchstone/core';
import { findCaseRow } from '../cases/cases.repository.js';
import type { TConfig } from '../config.js';
import { findRecipient } from '../invitations/audience.repository.js';
import { mailDomain, type TMailer } from '../invitations/mailer.js';
import { PermanentJobError, type TJobContext } from '../jobs/job-registry.js';
import { parseJsonColumn } from '../storage/rows.js';
import { renderCaseEmail } from './case-message-email.js';
import {
  findCaseBrandLook,
  findCaseMessage,
  updateQueuedCaseMessage,
} from './closed-loop.repository.js';
import { contactRefusal } from './follow-up.js';

export const CASE_MESSAGE_JOB = 'case.message.send';

export interface TCaseMessageDeps {
  mailer: TMailer;
  config: Pick<TConfig, 'mailFrom'>;
}

export async function deliverCaseMessage(
  messageId: string,
  context: TJobContext,
  deps: TCaseMessageDeps,
): Promise<void> {
  const db = context.storage.db;
  const orgId = context.organizationId;
  if (orgId === null) throw new PermanentJobError('a case message job needs an organization');
  const message = await findCaseMessage(db, orgId, messageId);
  // Gone (the case or the customer was erased) or already sent: nothing to do.
  if (message?.status !== 'queued') return;
  const now = context.now.toISOString();
  const theCase = await findCaseRow(db, orgId, message.case_id);
  const recipient = await findRecipient(db, orgId, message.customer_id);
  const refusal =
    theCase === undefined ? { message: 'the case is gone' } : contactRefusal(recipient);
  if (theCase === undefined || refusal !== null || recipient?.email == null) {
    await updateQueuedCaseMessage(db, message.id, {
      status: 'failed',
      last_error: `not sent: ${refusal?.message ?? 'the customer has no e-mail address'}`,
      updated_at: now,
    });
    return;
  }
  const brand = await findCaseBrandLook(db, orgId, theCase.touchpoint_id);
  const style = brand ? parseJsonColumn<TStyleGuide>(brand.style_guide_json) : DEFAULT_STYLE_GUIDE;
  const email = renderCaseEmail({
    subject: message.subject,
    body: message.body,
    brandName: brand?.name ?? null,
    style,
    caseNumber: Number(theCase.number),
  });
  try {
    await deps.mailer.send({
      to: recipient.email,
      subject: message.subject,
      html: email.html,
      text: email.text,
      headers: {},
      messageId: `<${message.id}.case-message@${mailDomain(deps.config.mailFrom)}>`,
    });
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    const lastAttempt = context.attempt >= context.maxAttempts;
    if (lastAttempt) {
      await updateQueuedCaseMessage(db, message.id, {
        status: 'failed',
        last_error: text.slice(0, 1000),
        updated_at: now,
      });
    }
    throw error;
  }
  await updateQueuedCaseMessage(db, message.id, {
    status: 'sent',
    sent_at: now,
    last_error: null,
    updated_at: now,
  });
}
