/** The job that analyses an organization's stored comments again (backfill, theme changes). */
import { z } from 'zod';
import type { TJobContext } from '../jobs/job-registry.js';
import type { JobRegistry } from '../jobs/job-registry.js';
import { PermanentJobError } from '../jobs/job-registry.js';
import { analyseStoredComments } from './comment-analysis.service.js';

export const COMMENT_ANALYSIS_JOB = 'comments.analyse';

const ZCommentAnalysisJob = z.object({ organizationId: z.string() });

async function runCommentAnalysis(
  payload: z.infer<typeof ZCommentAnalysisJob>,
  context: TJobContext,
): Promise<void> {
  if (context.organizationId !== payload.organizationId) {
    throw new PermanentJobError('the job belongs to another organization than its payload names');
  }
  await analyseStoredComments(context.storage, payload.organizationId);
}

export function registerCommentJobs(registry: JobRegistry): void {
  registry.register(COMMENT_ANALYSIS_JOB, ZCommentAnalysisJob, runCommentAnalysis);
}
