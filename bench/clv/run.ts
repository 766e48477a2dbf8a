/**
 * CLV fit: BG/NBD and Gamma-Gamma fitted on 23,000 simulated customers by `fitClvModels` (the
 * likelihoods with their per-distinct-value tables), against the same likelihoods written
 * customer by customer with nothing precomputed, both by the same Nelder-Mead from the same start.
 * Both must reach the same parameters, and those must be near the simulation's, before a time is
 * printed.
 *
 *   npx tsx bench/clv/run.ts [--customers 23000] [--runs 5] [--seed 42]
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fitClvModels, valueCustomer, type ClvModels } from '@touchstone/core';
import { describeMachine, formatNumber, loadAverage, median, note, printTable } from '../report.js';
import { fitNaively } from './naive-likelihood.js';
import { simulateCustomers } from './simulate.js';

const TARGET_MS = 1000;
// The simulation's parameters: CDNOW's published fits.
const TRUE_BGNBD = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const TRUE_SPEND = { p: 6.25, q: 3.74, v: 15.44 };

function relativeGap(x: Record<string, number>, y: Record<string, number>): number {
  return Math.max(
    ...Object.keys(x).map((k) => Math.abs((x[k] ?? 0) - (y[k] ?? 0)) / Math.abs(y[k] ?? 1)),
  );
}

function describe(parameters: Record<string, number>): string {
  return Object.entries(parameters)
    .map(([k, v]) => `${k} ${formatNumber(v, 3)}`)
    .join(', ');
}

/** Runs the figure; false when the target is missed or a check fails. */
export function runClvBench(argv: string[]): boolean {
  const { values } = parseArgs({
    args: argv,
    options: {
      customers: { type: 'string', default: '23000' },
      runs: { type: 'string', default: '5' },
      seed: { type: 'string', default: '42' },
      quick: { type: 'boolean', default: false },
    },
  });
  const customers = Number(values.customers);
  const runs = Math.max(1, Number(values.runs));
  const seed = Number(values.seed);
  note(`CLV: simulating ${customers} customers (seed ${seed}) ...`);
  const data = simulateCustomers(customers, seed, TRUE_BGNBD, TRUE_SPEND);
  const repeat = data.filter((c) => c.x > 0).length;
  const distinct = new Set(data.map((c) => `${c.x} ${c.tx} ${c.T}`)).size;

  const fastMs: number[] = [];
  const naiveMs: number[] = [];
  // CPU time beside wall time: on a shared machine the wall time also counts waiting for a core.
  const fastCpuMs: number[] = [];
  const naiveCpuMs: number[] = [];
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  let fast: ClvModels | undefined;
  let naive: ReturnType<typeof fitNaively> | undefined;
  for (let run = 0; run < runs; run++) {
    let started = performance.now();
    let cpu = process.cpuUsage();
    fast = fitClvModels(data);
    fastMs.push(performance.now() - started);
    fastCpuMs.push(cpuMs(cpu));
    started = performance.now();
    cpu = process.cpuUsage();
    naive = fitNaively(data);
    naiveMs.push(performance.now() - started);
    naiveCpuMs.push(cpuMs(cpu));
  }
  if (fast === undefined || naive === undefined) throw new Error('no run');
  const started = performance.now();
  let equity = 0;
  for (const customer of data) equity += valueCustomer(fast, customer).clv;
  const valueMs = performance.now() - started;

  const failures: string[] = [];
  const samePoint = Math.max(
    relativeGap({ ...fast.bgnbd.parameters }, { ...naive.bgnbd }),
    relativeGap({ ...fast.gammaGamma.parameters }, { ...naive.gammaGamma }),
  );
  if (samePoint > 1e-4)
    failures.push(`the two fits differ by ${samePoint} (relative) in a parameter`);
  // Sampling error at 23,000 customers is a few percent; more than 25% means a broken fit.
  const recovered = Math.max(
    relativeGap({ ...fast.bgnbd.parameters }, TRUE_BGNBD),
    relativeGap({ ...fast.gammaGamma.parameters }, TRUE_SPEND),
  );
  if (recovered > 0.25)
    failures.push(`the fit is ${recovered} (relative) from the simulated parameters`);
  if (!Number.isFinite(equity)) failures.push('the total CLV is not finite');

  const fastMedian = median(fastMs);
  const naiveMedian = median(naiveMs);
  printTable(
    `CLV fit: BG/NBD + Gamma-Gamma on ${formatNumber(data.length)} simulated customers ` +
      `(${formatNumber(repeat)} repeat buyers, ${formatNumber(distinct)} distinct (x, t_x, T)); medians of ${runs}`,
    ['fit', 'median ms', 'CPU ms', 'evaluations', 'ratio'],
    [
      [
        'fitClvModels (tables per distinct value)',
        formatNumber(fastMedian, 1),
        formatNumber(median(fastCpuMs), 1),
        formatNumber(fast.bgnbd.evaluations + fast.gammaGamma.evaluations),
        '1.0x',
      ],
      [
        'naive (log-gamma per customer)',
        formatNumber(naiveMedian, 1),
        formatNumber(median(naiveCpuMs), 1),
        formatNumber(naive.evaluations),
        `${formatNumber(naiveMedian / fastMedian, 1)}x`,
      ],
    ],
  );
  process.stdout.write(
    `  fitted BG/NBD ${describe({ ...fast.bgnbd.parameters })} (simulated ${describe(TRUE_BGNBD)}); ` +
      `Gamma-Gamma ${describe({ ...fast.gammaGamma.parameters })} (simulated ${describe(TRUE_SPEND)}); ` +
      `both fits agree to ${samePoint.toExponential(1)}; 52-week CLV of every customer in ` +
      `${formatNumber(valueMs, 0)} ms; target: fit under ${TARGET_MS} ms: ` +
      `${fastMedian < TARGET_MS ? 'met' : 'MISSED'}; load average ${loadAverage()}\n`,
  );
  for (const failure of failures) process.stdout.write(`  CHECK FAILED: ${failure}\n`);
  return failures.length === 0 && fastMedian < TARGET_MS;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`Touchstone CLV benchmark\nmachine: ${describeMachine()}\n`);
  if (!runClvBench(process.argv.slice(2))) process.exitCode = 1;
}
