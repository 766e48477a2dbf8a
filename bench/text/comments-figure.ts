/**
 * Comments analysed per second on one core (sentiment plus themes, built-in themes), against
 * VADER on the same comments in the same run; medians of several runs, each run checked to give
 * one result per comment.
 */
import { BUILT_IN_THEMES, createCommentAnalyzer } from '../../packages/server/src/text/index.js';
import { vaderSentiment } from '../../packages/server/src/text/eval/vader-baseline.js';
import { median } from '../report.js';
import { generateComments } from './comment-generator.js';

export interface TCommentsFigure {
  comments: number;
  runs: number;
  /** Median comments a second of Touchstone's analyser and of VADER. */
  touchstonePerSecond: number;
  vaderPerSecond: number;
  touchstoneRunsMs: number[];
  vaderRunsMs: number[];
}

export interface TCommentsOptions {
  comments?: number;
  seed?: number;
  runs?: number;
}

function timeRun(work: () => number, expected: number, name: string): number {
  const started = performance.now();
  const results = work();
  const ms = performance.now() - started;
  if (results !== expected)
    throw new Error(`${name} gave ${results} results for ${expected} comments`);
  return ms;
}

/** Generates the comments and measures both analysers on them, alternating runs. */
export function measureCommentThroughput(options: TCommentsOptions = {}): TCommentsFigure {
  const count = options.comments ?? 50_000;
  const runs = options.runs ?? 5;
  const comments = generateComments(count, options.seed ?? 42);
  const analyzer = createCommentAnalyzer(BUILT_IN_THEMES);
  // Loads the English model outside the timed runs: it is loaded once per process.
  analyzer.analyze('warm up');
  const touchstoneRunsMs: number[] = [];
  const vaderRunsMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    touchstoneRunsMs.push(
      timeRun(
        () =>
          comments.map((text) => analyzer.analyze(text)).filter((r) => Number.isFinite(r.score))
            .length,
        count,
        'Touchstone',
      ),
    );
    vaderRunsMs.push(
      timeRun(
        () =>
          comments.map((text) => vaderSentiment(text)).filter((r) => Number.isFinite(r.score))
            .length,
        count,
        'VADER',
      ),
    );
  }
  return {
    comments: count,
    runs,
    touchstonePerSecond: count / (median(touchstoneRunsMs) / 1000),
    vaderPerSecond: count / (median(vaderRunsMs) / 1000),
    touchstoneRunsMs,
    vaderRunsMs,
  };
}
