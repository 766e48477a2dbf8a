/**
 * The benchmark's data set, from the demo generator: an NDJSON file of the first N interactions of
 * the Aurora Airways demo (seeded), and a database prepared with the customers they refer to.
 */
import fs from 'node:fs';
import type { TServiceContext } from '../packages/server/src/auth/actor.js';
import {
  customerExternalId,
  demoCustomerAt,
} from '../packages/server/src/demo/customer-generator.js';
import { loadDemoCustomers } from '../packages/server/src/demo/demo.service.js';
import { createDemoModel, createDemoOrganization } from '../packages/server/src/demo/demo-setup.js';
import {
  customerInteractions,
  demoWindow,
} from '../packages/server/src/demo/interaction-generator.js';
import { SeededRandom } from '../packages/server/src/demo/random.js';
import type { TStorage } from '../packages/server/src/storage/database.js';
import { benchServices } from './databases.js';

export const BENCH_MONTHS = 24;
/** A fixed last day: the bench's data set is the same whenever it runs. */
export const BENCH_END_DATE = '2026-10-31';

/** What a correct load of (a prefix of) the file leaves in the table. */
export interface TExpectedTotals {
  rows: number;
  /** Sum of amounts in cents: integers add up exactly whatever the order. */
  amountCents: number;
}

export interface TInteractionsFile {
  path: string;
  /** The customers the file refers to: the first `customers` of the demo. */
  customers: number;
  all: TExpectedTotals;
  /** The first `prefixRows` lines, for the naive baseline. */
  prefix: TExpectedTotals;
}

/** Writes the first `rows` demo interactions as NDJSON, customer by customer, never all in memory. */
export function writeInteractionsFile(
  file: string,
  options: { seed: number; rows: number; prefixRows: number },
): TInteractionsFile {
  const fd = fs.openSync(file, 'w');
  const all: TExpectedTotals = { rows: 0, amountCents: 0 };
  const prefix: TExpectedTotals = { rows: 0, amountCents: 0 };
  let customers = 0;
  const window = demoWindow(BENCH_MONTHS, BENCH_END_DATE);
  try {
    while (all.rows < options.rows) {
      const { profile } = demoCustomerAt(options.seed, customers);
      customers += 1;
      const lines: string[] = [];
      for (const row of customerInteractions(options.seed, profile, window)) {
        if (all.rows === options.rows) break;
        const cents = Math.round((row.amount ?? 0) * 100);
        all.rows += 1;
        all.amountCents += cents;
        if (all.rows <= options.prefixRows) {
          prefix.rows += 1;
          prefix.amountCents += cents;
        }
        lines.push(JSON.stringify(row));
      }
      if (lines.length > 0) fs.writeSync(fd, `${lines.join('\n')}\n`);
    }
  } finally {
    fs.closeSync(fd);
  }
  return { path: file, customers, all, prefix };
}

/** The first `count` lines of a file (the naive baseline's input, read before timing). */
export function readFirstLines(file: string, count: number): string[] {
  const lines: string[] = [];
  const fd = fs.openSync(file, 'r');
  const buffer = Buffer.alloc(1 << 20);
  let rest = '';
  try {
    let read = fs.readSync(fd, buffer);
    while (read > 0 && lines.length < count) {
      const parts = (rest + buffer.toString('utf8', 0, read)).split('\n');
      rest = parts.pop() ?? '';
      for (const part of parts) if (lines.length < count && part !== '') lines.push(part);
      read = fs.readSync(fd, buffer);
    }
  } finally {
    fs.closeSync(fd);
  }
  return lines;
}

/** Creates the demo organization, its program and the first `customers` customers. */
export async function prepareDemoDatabase(
  storage: TStorage,
  seed: number,
  customers: number,
): Promise<TServiceContext> {
  const { ctx, agentUserId } = await createDemoOrganization(await benchServices(storage));
  await createDemoModel(ctx, agentUserId);
  await loadDemoCustomers(ctx, { seed, customers });
  return ctx;
}

/** The external ids of the loaded customers in a seeded random order, for lookups. */
export function shuffledExternalIds(customers: number, seed: number): string[] {
  const ids = Array.from({ length: customers }, (_, i) => customerExternalId(i));
  const random = new SeededRandom(seed);
  for (let i = ids.length - 1; i > 0; i -= 1) {
    const j = random.int(0, i);
    [ids[i], ids[j]] = [ids[j] as string, ids[i] as string];
  }
  return ids;
}
