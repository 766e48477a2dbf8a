/** The jobs of notification e-mail, registered with the server's worker. */
import type { JobRegistry } from '../jobs/job-registry.js';
import { runDigest } from './notification-digest.js';
import { deliverNotificationEmail, type TNotificationMailDeps } from './notification-delivery.js';
import {
  NOTIFICATION_JOBS,
  ZNotificationDigestPayload,
  ZNotificationEmailPayload,
} from './notification-job-kinds.js';

export function registerNotificationJobs(registry: JobRegistry, deps: TNotificationMailDeps): void {
  registry.register(NOTIFICATION_JOBS.email, ZNotificationEmailPayload, (payload, context) =>
    deliverNotificationEmail(payload.notificationId, context, deps),
  );
  registry.register(NOTIFICATION_JOBS.digest, ZNotificationDigestPayload, (_payload, context) =>
    runDigest(context, deps),
  );
}
