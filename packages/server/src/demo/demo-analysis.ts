/**
 * What follows the demo's load, as it follows every import of history: its comments analysed
 * (sentiment and themes), then the change scan over the analysed data, so that the first
 * dashboard already shows the planted change as an alert with the comments that explain it.
 */
import type { TServiceContext } from '../auth/actor.js';
import { scanAlertsNow } from '../alerts/alerts.service.js';
import { analyseAllComments } from '../comments/comment-analysis.service.js';

/** Where the analysis stands: responses read for comments, then the scan (0 of 1, 1 of 1). */
export interface TDemoAnalysisProgress {
  phase: 'comments' | 'alerts';
  done: number;
  total: number;
}

/** What the analysis did. */
export interface TDemoAnalysisCounts {
  /** Responses whose comments were analysed. */
  comments: number;
  /** Alerts the scan raised. */
  alerts: number;
}

/** Analyses the demo's comments, then scans it for changes (themes first: alerts cite them). */
export async function analyseDemo(
  ctx: TServiceContext,
  onProgress?: (progress: TDemoAnalysisProgress) => void,
): Promise<TDemoAnalysisCounts> {
  onProgress?.({ phase: 'comments', done: 0, total: 0 });
  const comments = await analyseAllComments(ctx, (p) =>
    onProgress?.({ phase: 'comments', done: p.analysed, total: p.total }),
  );
  onProgress?.({ phase: 'alerts', done: 0, total: 1 });
  const scan = await scanAlertsNow(ctx);
  onProgress?.({ phase: 'alerts', done: 1, total: 1 });
  return { comments: comments.analysed, alerts: scan.created };
}
