import { z } from 'zod';

/** The job kinds of notification e-mail, and their payloads. */
export const NOTIFICATION_JOBS = {
  /** Sends one notification's immediate e-mail. */
  email: 'notification.email',
  /** Sends an organization's daily digests and queues the next day's run. */
  digest: 'notification.digest',
} as const;

export const ZNotificationEmailPayload = z.object({ notificationId: z.uuid() });
export const ZNotificationDigestPayload = z.object({});
