/**
 * The daily change scan as a job: `alerts.scan` scans one organization (skipped when its data
 * did not change since the last scan). The alert scheduler (alert-events.ts) queues it after
 * new data, at most once a day per organization; `POST /api/alerts/scan` runs it on demand.
 */
import { z } from 'zod';
import { CubeStore } from '../analytics/cube-store.js';
import { QuestionCatalogs } from '../analytics/question-catalog.js';
import type { JobRegistry, TJobContext } from '../jobs/job-registry.js';
import { PermanentJobError } from '../jobs/job-registry.js';
import { scanAndStoreAlerts } from './alert-scan.service.js';

export const ALERT_SCAN_JOB = 'alerts.scan';

export const ZAlertScanJob = z.object({ organizationId: z.string() });

async function runAlertScan(
  payload: z.infer<typeof ZAlertScanJob>,
  context: TJobContext,
): Promise<void> {
  if (context.organizationId !== payload.organizationId) {
    throw new PermanentJobError('the job belongs to another organization than its payload names');
  }
  // The worker holds no cubes: a daily scan loads the organization's cells once and drops them.
  const deps = {
    storage: context.storage,
    cubes: new CubeStore(context.storage),
    catalogs: new QuestionCatalogs(),
  };
  await scanAndStoreAlerts(deps, payload.organizationId, { now: context.now });
}

export function registerAlertJobs(registry: JobRegistry): void {
  registry.register(ALERT_SCAN_JOB, ZAlertScanJob, runAlertScan);
}
