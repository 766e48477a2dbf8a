/**
 * The text figure: comments analysed per second on one core (sentiment plus themes), against
 * VADER on the same comments. `npx tsx bench/text/run.ts` runs it alone; `npm run bench` too.
 */
import { fileURLToPath } from 'node:url';
import { describeMachine, formatNumber, loadAverage, printTable } from '../report.js';
import { measureCommentThroughput } from './comments-figure.js';

/** The target of the design brief: comments analysed a second on one core. */
const TARGET_PER_SECOND = 5_000;

/** Prints the figure; false when the target is missed (by CPU time, the one-core rate). */
export function runTextBench(): boolean {
  const out = (text: string) => process.stdout.write(`${text}\n`);
  const figure = measureCommentThroughput();
  const runs = (list: number[]): string => list.map((ms) => ms.toFixed(0)).join(' ');
  printTable(
    `Comments analysed per second, one core (${formatNumber(figure.comments)} generated comments, seed 42, median of ${figure.runs} runs)`,
    ['analyser', 'comments/s', 'per CPU second', 'runs (ms)'],
    [
      [
        'Touchstone (sentiment + built-in themes)',
        formatNumber(figure.touchstonePerSecond),
        formatNumber(figure.touchstonePerCpuSecond),
        runs(figure.touchstoneRunsMs),
      ],
      [
        'VADER (sentiment only)',
        formatNumber(figure.vaderPerSecond),
        formatNumber(figure.vaderPerCpuSecond),
        runs(figure.vaderRunsMs),
      ],
    ],
  );
  const met = figure.touchstonePerCpuSecond >= TARGET_PER_SECOND;
  out(
    `ratio Touchstone / VADER: ${(figure.touchstonePerSecond / figure.vaderPerSecond).toFixed(2)}; ` +
      `target >= ${formatNumber(TARGET_PER_SECOND)} a CPU second: ${met ? 'met' : 'NOT met'}; ` +
      `load average ${loadAverage()} at end`,
  );
  return met;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(
    `Touchstone text benchmark\nmachine: ${describeMachine()}; load average ${loadAverage()} at start\n`,
  );
  if (!runTextBench()) process.exitCode = 1;
}
