/**
 * Command-line flags of `npm run bench`: data sizes, repetitions and databases. `--quick` makes a
 * fast smoke run with small data; any explicit flag overrides the preset.
 */
import { parseArgs } from 'node:util';

export interface TBenchOptions {
  /** Interactions in the NDJSON file imported by figure a. */
  interactions: number;
  /** Rows loaded by the naive one-transaction-per-row baseline. */
  naiveRows: number;
  /** Timed repetitions of each import and in-process figure. */
  runs: number;
  /** Repetitions of each HTTP load run (autocannon), and their length in seconds. */
  httpRuns: number;
  httpSeconds: number;
  connections: number;
  seed: number;
  /** PostgreSQL server for the PostgreSQL rows (a fresh schema is created and dropped). */
  pgUrl: string | null;
  only: 'all' | 'import' | 'lookup';
}

const FULL = { interactions: 200_000, naiveRows: 10_000, runs: 5, httpRuns: 3, httpSeconds: 10 };
const QUICK = { interactions: 20_000, naiveRows: 1_000, runs: 5, httpRuns: 3, httpSeconds: 2 };

function positive(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} must be a positive integer`);
  return value;
}

/**
 * The PostgreSQL server of the bench rows: `TOUCHSTONE_BENCH_PG_URL`, else
 * `TOUCHSTONE_TEST_PG_URL`; null when neither is set or both are empty. Anything else than a
 * `postgres://` URL is refused: the storage layer would open it as a SQLite file, and its rows
 * would be printed as PostgreSQL's.
 */
export function benchPgUrl(): string | null {
  const given = [process.env['TOUCHSTONE_BENCH_PG_URL'], process.env['TOUCHSTONE_TEST_PG_URL']];
  const url = given.find((value) => value !== undefined && value !== '');
  if (url === undefined) return null;
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new Error(`the bench's PostgreSQL URL must start with postgres://, not ${url}`);
  }
  return url;
}

export const USAGE = `npm run bench -- [--quick] [--interactions N] [--naive-rows N] [--runs N]
  [--http-runs N] [--http-seconds N] [--connections N] [--seed N] [--only import|lookup]
PostgreSQL rows run when TOUCHSTONE_BENCH_PG_URL or TOUCHSTONE_TEST_PG_URL is set.`;

/** Reads the flags (and the PostgreSQL URL from the environment). */
export function parseBenchOptions(argv: string[]): TBenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      interactions: { type: 'string' },
      'naive-rows': { type: 'string' },
      runs: { type: 'string' },
      'http-runs': { type: 'string' },
      'http-seconds': { type: 'string' },
      connections: { type: 'string' },
      seed: { type: 'string' },
      only: { type: 'string', default: 'all' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const preset = values.quick ? QUICK : FULL;
  const only = values.only;
  if (only !== 'all' && only !== 'import' && only !== 'lookup') {
    throw new Error('--only must be import or lookup');
  }
  return {
    interactions: positive('interactions', values.interactions, preset.interactions),
    naiveRows: positive('naive-rows', values['naive-rows'], preset.naiveRows),
    runs: positive('runs', values.runs, preset.runs),
    httpRuns: positive('http-runs', values['http-runs'], preset.httpRuns),
    httpSeconds: positive('http-seconds', values['http-seconds'], preset.httpSeconds),
    connections: positive('connections', values.connections, 10),
    seed: positive('seed', values.seed, 42),
    pgUrl: benchPgUrl(),
    only,
  };
}
