/** The job kinds of closing the loop, registered with the server's worker. */
import { z } from 'zod';
import type { JobRegistry } from '../jobs/job-registry.js';
import {
  CASE_MESSAGE_JOB,
  deliverCaseMessage,
  type TCaseMessageDeps,
} from './case-message-delivery.js';

const ZCaseMessageJob = z.object({ messageId: z.uuid() });

export function registerClosedLoopJobs(registry: JobRegistry, deps: TCaseMessageDeps): void {
  registry.register(CASE_MESSAGE_JOB, ZCaseMessageJob, (payload, context) =>
    deliverCaseMessage(payload.messageId, context, deps),
  );
}
