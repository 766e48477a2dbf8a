/** The immediate e-mail of one notification. */
import type { TConfig } from '../config.js';
import { publicBaseUrlOf } from '../invitations/invitation-delivery.js';
import { mailDomain, type TMailer } from '../invitations/mailer.js';
import { PermanentJobError, type TJobContext } from '../jobs/job-registry.js';
import { renderNotificationEmail } from './notification-email.js';
import { findMailableNotification, markEmailed } from './notification-mail.repository.js';

export interface TNotificationMailDeps {
  mailer: TMailer;
  config: TConfig;
}

/**
 * Sends the e-mail unless it went out already, the notification was read meanwhile, or the
 * person changed their choice away from immediate (or left the organization) since it was queued.
 */
export async function deliverNotificationEmail(
  notificationId: string,
  context: TJobContext,
  deps: TNotificationMailDeps,
): Promise<void> {
  const orgId = context.organizationId;
  if (orgId === null) throw new PermanentJobError('a notification e-mail needs an organization');
  const db = context.storage.db;
  const n = await findMailableNotification(db, orgId, notificationId);
  if (n === undefined || n.emailed_at !== null || n.read_at !== null) return;
  if (n.choice !== 'immediate') return;
  const email = renderNotificationEmail(
    { title: n.title, body: n.body, link: n.link, createdAt: n.created_at },
    publicBaseUrlOf(deps.config),
  );
  await deps.mailer.send({
    to: n.email,
    subject: email.subject,
    html: email.html,
    text: email.text,
    headers: {},
    messageId: `<notification.${n.id}@${mailDomain(deps.config.mailFrom)}>`,
  });
  await markEmailed(db, n.id, context.now.toISOString());
}
