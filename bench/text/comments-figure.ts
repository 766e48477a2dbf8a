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
  /** Median comments a second (wall clock) of Touchstone's analyser and of VADER. */
  touchstonePerSecond: number;
  vaderPerSecond: number;
  /**
   * Median comments per second of the process's CPU time (user + system): what one core does
   * when the machine is shared and the wall clock counts time spent waiting for a core.
   */
  touchstonePerCpuSecond: number;
  vaderPerCpuSecond: number;
  touchstoneRunsMs: number[];
  vaderRunsMs: number[];
}

export interface TCommentsOptions {
  comments?: number;
  seed?: number;
  runs?: number;
}

interface RunTime {
  ms: number;
  cpuMs: number;
}

function timeRun(work: () => number, expected: number, name: string): RunTime {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const results = work();
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - started;
  if (results !== expected) {
    throw new Error(`${name} gave ${results} results for ${expected} comments`);
  }
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

/** Generates the comments and measures both analysers on them, alternating runs. */
export function measureCommentThroughput(options: TCommentsOptions = {}): TCommentsFigure {
  const count = options.comments ?? 50_000;
  const runs = options.runs ?? 5;
  const comments = generateComments(count, options.seed ?? 42);
  const analyzer = createCommentAnalyzer(BUILT_IN_THEMES);
  // Loads the English model outside the timed runs: it is loaded once per process.
  analyzer.analyze('warm up');
  const touchstoneRuns: RunTime[] = [];
  const vaderRuns: RunTime[] = [];
  for (let run = 0; run < runs; run++) {
    touchstoneRuns.push(
      timeRun(
        () =>
          comments.map((text) => analyzer.analyze(text)).filter((r) => Number.isFinite(r.score))
            .length,
        count,
        'Touchstone',
      ),
    );
    vaderRuns.push(
      timeRun(
        () =>
          comments.map((text) => vaderSentiment(text)).filter((r) => Number.isFinite(r.score))
            .length,
        count,
        'VADER',
      ),
    );
  }
  const perSecond = (list: RunTime[], key: keyof RunTime): number =>
    count / (median(list.map((run) => run[key])) / 1000);
  return {
    comments: count,
    runs,
    touchstonePerSecond: perSecond(touchstoneRuns, 'ms'),
    vaderPerSecond: perSecond(vaderRuns, 'ms'),
    touchstonePerCpuSecond: perSecond(touchstoneRuns, 'cpuMs'),
    vaderPerCpuSecond: perSecond(vaderRuns, 'cpuMs'),
    touchstoneRunsMs: touchstoneRuns.map((run) => run.ms),
    vaderRunsMs: vaderRuns.map((run) => run.ms),
  };
}
