/** The job of one webhook attempt, registered with the server's worker. */
import { z } from 'zod';
import type { TConfig } from '../config.js';
import type { JobRegistry } from '../jobs/job-registry.js';
import { runDeliveryAttempt } from './webhook-attempt.js';
import { WEBHOOK_DELIVERY_JOB } from './webhook-message.js';
import { systemResolve, type TResolve } from './webhook-sender.js';

const ZDeliveryJob = z.object({
  deliveryId: z.string().min(1),
  token: z.string().min(1),
  manual: z.boolean().optional(),
});

export interface TWebhookJobDeps {
  config: Pick<TConfig, 'webhookAllowPrivateTargets' | 'webhookTimeoutMs'>;
  /** The resolver of receivers' host names; the system's unless another is given. */
  resolve?: TResolve;
}

export function registerWebhookJobs(registry: JobRegistry, deps: TWebhookJobDeps): void {
  const attemptDeps = {
    policy: {
      privateTargets: deps.config.webhookAllowPrivateTargets,
      resolve: deps.resolve ?? systemResolve,
    },
    timeoutMs: deps.config.webhookTimeoutMs,
  };
  registry.register(WEBHOOK_DELIVERY_JOB, ZDeliveryJob, async (payload, context) => {
    await runDeliveryAttempt(context.storage, attemptDeps, payload, context.now);
  });
}
