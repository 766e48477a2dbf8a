/** The job of webhook attempts, registered with the server's worker. */
import { z } from 'zod';
import type { TConfig } from '../config.js';
import type { JobRegistry } from '../jobs/job-registry.js';
import { runDeliveryAttempts } from './webhook-attempt.js';
import { WEBHOOK_DELIVERY_JOB } from './webhook-message.js';
import { systemResolve, type TResolve, type TWebhookAgents } from './webhook-sender.js';

const ZDeliveryJob = z.object({
  deliveryId: z.string().min(1),
  token: z.string().min(1),
  manual: z.boolean().optional(),
});

export interface TWebhookJobDeps {
  config: Pick<TConfig, 'webhookAllowPrivateTargets' | 'webhookTimeoutMs'>;
  /** The resolver of receivers' host names; the system's unless another is given. */
  resolve?: TResolve;
  /** Pooled connections, owned by the caller (who destroys them); else one per attempt. */
  agents?: TWebhookAgents;
}

export function registerWebhookJobs(registry: JobRegistry, deps: TWebhookJobDeps): void {
  const attemptDeps = {
    policy: {
      privateTargets: deps.config.webhookAllowPrivateTargets,
      resolve: deps.resolve ?? systemResolve,
    },
    timeoutMs: deps.config.webhookTimeoutMs,
    ...(deps.agents !== undefined && { agents: deps.agents }),
  };
  // A claim's attempts are sent together and recorded in one transaction; if that fails, every
  // job of the claim runs again (an attempt may then arrive twice, with the same webhook-id).
  registry.registerBatch(WEBHOOK_DELIVERY_JOB, ZDeliveryJob, async (jobs, storage) => {
    await runDeliveryAttempts(
      storage,
      attemptDeps,
      jobs.map((j) => ({ job: j.payload, now: j.context.now })),
    );
    return new Map();
  });
}
