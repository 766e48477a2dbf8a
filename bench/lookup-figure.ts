/**
 * Figure b: customer lookups by external id through the HTTP API (autocannon against the real
 * server in its own process), against the same lookup as an in-process repository call.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { insertNewApiKey } from '../packages/server/src/api-keys/api-keys.service.js';
import { findCustomerByExternalId } from '../packages/server/src/customers/customers.repository.js';
import type { TStorage } from '../packages/server/src/storage/database.js';
import type { TBenchDatabase } from './databases.js';
import type { TBenchOptions } from './options.js';
import { median, note } from './report.js';

export interface TLookupFigure {
  database: string;
  httpPerSecond: number;
  httpP99Ms: number;
  httpRequests: number;
  /** Connection errors, timeouts and answers other than 200 over all runs: must be 0. */
  httpFailures: number;
  /** Responses whose body was checked against the requested id, and how many disagreed. */
  checked: number;
  mismatches: number;
  directPerSecond: number;
}

/** In-process lookups with `connections` concurrent callers; returns lookups per second. */
async function directLookups(
  storage: TStorage,
  orgId: string,
  ids: string[],
  total: number,
  concurrency: number,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const id = ids[next % ids.length] ?? '';
      next += 1;
      const customer = await findCustomerByExternalId(storage.db, orgId, id);
      if (customer?.externalId !== id)
        throw new Error(`direct lookup of ${id} returned the wrong row`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return total / ((performance.now() - started) / 1000);
}

async function startServer(
  database: TBenchDatabase,
): Promise<{ url: string; stop(): Promise<void> }> {
  const child = fork(new URL('./lookup-server.ts', import.meta.url), [
    database.url,
    database.pgSchema ?? '-',
  ]);
  const [message] = (await once(child, 'message')) as [{ address: string }];
  return {
    url: message.address,
    stop: async () => {
      const exited = once(child, 'exit');
      child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs the lookup figure on one database holding the demo customers. */
export async function measureLookups(
  database: TBenchDatabase,
  orgId: string,
  ids: string[],
  options: TBenchOptions,
): Promise<TLookupFigure> {
  const { storage } = database;
  const directTotal = options.httpSeconds >= 10 ? 20_000 : 5_000;
  await directLookups(storage, orgId, ids, 1000, options.connections); // warm-up
  const direct: number[] = [];
  for (let run = 0; run < options.runs; run += 1) {
    direct.push(await directLookups(storage, orgId, ids, directTotal, options.connections));
  }

  const { secret } = await insertNewApiKey(
    storage.db,
    orgId,
    { name: 'bench', role: 'agent' },
    null,
  );
  const server = await startServer(database);
  let next = 0;
  let responses = 0;
  let checked = 0;
  let mismatches = 0;
  let notOk = 0;
  const requests = [
    {
      method: 'GET',
      setupRequest: (request: { path?: string; headers?: Record<string, string> }) => {
        const id = ids[next % ids.length] ?? '';
        next += 1;
        // The server echoes x-request-id, so each answer names the id it was asked for.
        request.path = `/api/customers/by-external-id/${id}`;
        request.headers = { ...request.headers, 'x-request-id': id };
        return request;
      },
      onResponse: (
        status: number,
        body: string,
        _context: unknown,
        headers: Record<string, string>,
      ) => {
        responses += 1;
        if (status !== 200) notOk += 1;
        else if (responses % 10 === 0) {
          checked += 1;
          const customer = JSON.parse(body) as { externalId?: string };
          if (customer.externalId !== headers['x-request-id']) mismatches += 1;
        }
      },
    },
  ];
  const load = (duration: number) =>
    autocannon({
      url: server.url,
      connections: options.connections,
      duration,
      headers: { authorization: `Bearer ${secret}` },
      requests,
    });
  try {
    await load(1); // warm-up: JIT, connection pool, page cache
    responses = checked = mismatches = notOk = 0;
    const perSecond: number[] = [];
    const p99: number[] = [];
    let failures = 0;
    let total = 0;
    for (let run = 0; run < options.httpRuns; run += 1) {
      note(`  ${database.name}: HTTP lookups, run ${run + 1} of ${options.httpRuns}`);
      const result = await load(options.httpSeconds);
      perSecond.push(result.requests.average);
      p99.push(result.latency.p99);
      failures += result.errors + result.timeouts;
      total += result.requests.total;
    }
    return {
      database: database.name,
      httpPerSecond: median(perSecond),
      httpP99Ms: median(p99),
      httpRequests: total,
      httpFailures: failures + notOk,
      checked,
      mismatches,
      directPerSecond: median(direct),
    };
  } finally {
    await server.stop();
  }
}
