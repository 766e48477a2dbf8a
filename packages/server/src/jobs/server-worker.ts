import { registerAlertJobs } from '../alerts/alert-jobs.js';
import { registerCaseJobs } from '../cases/case-sla-check.js';
import { registerClosedLoopJobs } from '../closed-loop/closed-loop-jobs.js';
import { registerCommentJobs } from '../comments/comment-jobs.js';
import type { TConfig } from '../config.js';
import { registerInvitationJobs } from '../invitations/invitation-jobs.js';
import { createSmtpMailer, type TMail, type TMailer } from '../invitations/mailer.js';
import { registerNotificationJobs } from '../notifications/notification-jobs.js';
import { registerDigestJobs } from '../digests/digest-jobs.js';
import type { TStorage } from '../storage/database.js';
import { registerRetentionJobs } from '../retention/retention-jobs.js';
import { registerImportedRuleJobs } from '../rules/imported-response-rules.js';
import { registerWebhookJobs } from '../webhooks/webhook-jobs.js';
import { createWebhookAgents, type TWebhookAgents } from '../webhooks/webhook-sender.js';
import { JobRegistry } from './job-registry.js';
import { JobWorker, type TJobLog, type TWorkerOptions } from './job-worker.js';

/** A mailer for servers without SMTP: every send fails, so the job retries until SMTP is set. */
const NO_MAILER: TMailer = {
  send: (_mail: TMail) => Promise.reject(new Error('e-mail is not configured (set SMTP_URL)')),
  close: () => undefined,
};

export const SERVER_JOB_CONCURRENCY = 64;

/** Every job kind the server knows, with its handler: the one place capabilities plug into. */
export function buildJobRegistry(
  config: TConfig,
  mailer: TMailer,
  webhookAgents?: TWebhookAgents,
): JobRegistry {
  const registry = new JobRegistry();
  registerInvitationJobs(registry, { mailer, config });
  registerCommentJobs(registry);
  registerAlertJobs(registry);
  registerCaseJobs(registry);
  registerWebhookJobs(registry, { config, ...(webhookAgents && { agents: webhookAgents }) });
  registerClosedLoopJobs(registry, { mailer, config });
  registerNotificationJobs(registry, { mailer, config });
  registerDigestJobs(registry, { mailer, config });
  registerRetentionJobs(registry);
  registerImportedRuleJobs(registry);
  return registry;
}

/** Starts the background worker of a server process; `stop` finishes the jobs in hand. */
export function startJobWorker(
  storage: TStorage,
  config: TConfig,
  log: TJobLog,
  options: TWorkerOptions = {},
): { worker: JobWorker; stop(): Promise<void> } {
  const mailer = config.smtpUrl ? createSmtpMailer(config.smtpUrl, config.mailFrom) : NO_MAILER;
  const lease = config.jobLeaseMs === undefined ? {} : { lockMs: config.jobLeaseMs };
  const agents = createWebhookAgents();
  const worker = new JobWorker(storage, buildJobRegistry(config, mailer, agents), {
    log,
    // Most jobs wait on a peer (an SMTP server, a webhook receiver): many at once keep a slow
    // receiver from holding up the rest of its batch.
    concurrency: SERVER_JOB_CONCURRENCY,
    ...lease,
    ...options,
  });
  worker.start();
  return {
    worker,
    stop: async () => {
      await worker.stop();
      mailer.close();
      agents.destroy();
    },
  };
}
