/** `npx tsx bench/text/run.ts`: the text figure alone (comments analysed per second). */
import { describeMachine, formatNumber, loadAverage, printTable } from '../report.js';
import { measureCommentThroughput } from './comments-figure.js';

const out = (text: string) => process.stdout.write(`${text}\n`);
out('Touchstone text benchmark');
out(`machine: ${describeMachine()}; load average ${loadAverage()} at start`);
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
out(
  `\nratio Touchstone / VADER: ${(figure.touchstonePerSecond / figure.vaderPerSecond).toFixed(2)}; load average ${loadAverage()} at end`,
);
