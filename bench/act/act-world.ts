/**
 * What the acting figure and the soak share: a webhook receiver on loopback, the server in its
 * own process with its job worker, and an organization whose rule opens a case for every
 * detractor and whose webhook sends every completed response to the receiver.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRule } from '../../packages/server/src/rules/rules.service.js';
import { createTeam } from '../../packages/server/src/teams/teams.service.js';
import { createWebhook } from '../../packages/server/src/webhooks/webhooks.service.js';
import type { TBenchDatabase } from '../databases.js';
import { createBenchSurvey, prepareCollectOrg } from '../collect/setup.js';

/** A process's CPU time so far (user and system), from /proc; NaN where there is none. */
function cpuMs(pid: number | undefined): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and
    // 13th, in clock ticks of 10 ms.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** A receiver that answers 204 at once and keeps the arrival time of each response's message. */
export async function startReceiver() {
  const arrivals = new Map<string, number>();
  let duplicates = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const at = Date.now();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: { id: string } };
      if (arrivals.has(body.data.id)) duplicates++;
      else arrivals.set(body.data.id, at);
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    arrivals,
    duplicates: () => duplicates,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The server in its own process with its job worker. `profileDir`: it writes a CPU profile there
 * when it exits; `nodeArgs`: more options for its node (a heap limit, say).
 */
export async function startActServer(
  database: TBenchDatabase,
  profileDir: string | null = null,
  nodeArgs: readonly string[] = [],
) {
  const profile = profileDir === null ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
  const child = fork(
    new URL('../collect/collect-server.ts', import.meta.url),
    [database.url, database.pgSchema ?? '-', 'act'],
    { execArgv: [...process.execArgv, ...profile, ...nodeArgs] },
  );
  const [message] = (await once(child, 'message')) as [{ address: string }];
  return {
    url: message.address,
    pid: child.pid,
    cpuMs: () => cpuMs(child.pid),
    stop: async () => {
      const exited = once(child, 'exit');
      child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * An organization with an admin API key, a live survey, a rule that opens a case for the
 * Recovery team on every detractor, and a webhook of completed responses to `receiverOrigin`.
 */
export async function prepareActOrg(
  database: TBenchDatabase,
  receiverOrigin: string,
  name: string,
): Promise<{ apiKey: string; surveyId: string }> {
  const org = await prepareCollectOrg(database.storage);
  const survey = await createBenchSurvey(org.ctx, name);
  const team = await createTeam(org.ctx, { name: 'Recovery', description: '', memberIds: [] });
  await createRule(org.ctx, {
    name: 'Detractor to case',
    enabled: true,
    trigger: 'response',
    match: 'all',
    conditions: [{ kind: 'nps', categories: ['detractor'] }],
    actions: [{ type: 'open_case', priority: 'normal', teamId: team.id, title: '{{rule}}' }],
  });
  const loopback = {
    ...org.ctx,
    services: {
      ...org.ctx.services,
      config: { ...org.ctx.services.config, webhookAllowPrivateTargets: 'loopback' as const },
    },
  };
  await createWebhook(loopback, {
    url: `${receiverOrigin}/${name.toLowerCase()}`,
    description: '',
    eventTypes: ['response.completed'],
    enabled: true,
  });
  return { apiKey: org.apiKey, surveyId: survey.id };
}
