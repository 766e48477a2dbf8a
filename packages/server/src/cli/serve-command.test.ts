/**
 * `touchstone serve` as a person starts it: a short banner on stdout, no line per request, and
 * the JSON request log only when asked for (`LOG_LEVEL=info LOG_FORMAT=json`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, exited, freePort } from '../../test/support/server-process.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/touchstone.mjs');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchstone-serve-'));
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited(child);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Starts the server with only `env` of the logging variables set; resolves once it listens. */
async function serve(env: Record<string, string>) {
  const port = await freePort();
  const database = path.join(dir, `serve-${port}.db`);
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => key !== 'LOG_LEVEL' && key !== 'LOG_FORMAT'),
  );
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--database', database, '--port', String(port)],
    { cwd: REPO_ROOT, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  const output = { out: '', err: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output.out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output.err += chunk));
  const deadline = Date.now() + 60_000;
  while (!output.out.includes('stop:')) {
    if (child.exitCode !== null) throw new Error(`serve exited: ${output.err}`);
    if (Date.now() > deadline) throw new Error(`serve did not start: ${output.err}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const stop = async () => {
    child.kill('SIGTERM');
    await exited(child);
  };
  return { base: `http://127.0.0.1:${port}`, database, output, stop };
}

describe('touchstone serve', () => {
  it('prints a banner and no line per request by default', { timeout: 90_000 }, async () => {
    const server = await serve({});
    expect(server.output.out).toMatch(/^Touchstone is running at http:\/\/localhost:\d+\n/);
    expect(server.output.out).toContain(`SQLite file ${server.database}`);
    expect(server.output.out).toContain('PORT=');
    expect(server.output.out).toContain('/api/docs');
    for (const url of ['/health', '/api/teams', '/api/no-such-route']) {
      await fetch(`${server.base}${url}`);
    }
    await server.stop();
    const printed = server.output.out + server.output.err;
    expect(printed).not.toContain('"reqId"');
    expect(printed).not.toContain('incoming request');
  });

  it(
    'logs every request as JSON with LOG_LEVEL=info LOG_FORMAT=json',
    { timeout: 90_000 },
    async () => {
      const server = await serve({ LOG_LEVEL: 'info', LOG_FORMAT: 'json' });
      await fetch(`${server.base}/health`);
      await server.stop();
      const requests = server.output.out
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { msg?: string; req?: { url?: string } })
        .filter((line) => line.msg === 'incoming request');
      expect(requests.map((line) => line.req?.url)).toContain('/health');
    },
  );
});
