/**
 * The alert scheduler, a durable subscriber of response events: when an organization gets new
 * answers and no scan is queued for it, it queues one, a quiet period after the data arrived and
 * no sooner than a day after the last scan, so the scan runs daily after new data.
 */
import type { TEventSubscriber } from '../events/event-dispatcher.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import { hasPendingJob } from '../jobs/jobs.repository.js';
import type { TStorage } from '../storage/database.js';
import { ALERT_SCAN_JOB } from './alert-jobs.js';
import { findAlertScan } from './alerts.repository.js';

export const ALERT_SCHEDULER = 'alert-scan-scheduler';

/** Lets a bulk load finish before its data is scanned. */
const QUIET_MS = 60_000;
const DAY_MS = 86_400_000;

/** When the next scan of an organization may run, given its last scan. */
export function nextScanAt(now: Date, lastScannedAt: string | null): Date {
  const quiet = now.getTime() + QUIET_MS;
  const daily = lastScannedAt === null ? 0 : Date.parse(lastScannedAt) + DAY_MS;
  return new Date(Math.max(quiet, daily));
}

/** Queues the change scan of organizations that got new answers. */
export function alertSchedulerSubscriber(storage: TStorage): TEventSubscriber {
  return {
    name: ALERT_SCHEDULER,
    durable: true,
    async handle(events) {
      const orgs = new Set<string>();
      for (const event of events) {
        if (event.type === 'response.completed' || event.type === 'responses.imported') {
          orgs.add(event.organizationId);
        }
      }
      const now = new Date();
      for (const organizationId of orgs) {
        const payload = { organizationId };
        if (await hasPendingJob(storage.db, ALERT_SCAN_JOB, payload)) continue;
        const last = await findAlertScan(storage.db, organizationId);
        await enqueueJob(storage.db, {
          kind: ALERT_SCAN_JOB,
          payload,
          organizationId,
          runAt: nextScanAt(now, last?.scannedAt ?? null),
          now,
          maxAttempts: 3,
        });
      }
    },
  };
}
