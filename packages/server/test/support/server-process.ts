/** The real server as a child process, for the durability tests that kill it. */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const BIN = path.resolve(import.meta.dirname, '../../bin/touchstone.mjs');
export const REPO_ROOT = path.resolve(import.meta.dirname, '../../../..');

/** A loopback port free at the time of asking. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * `touchstone serve` on a database and port, with extra environment and arguments (`--demo`);
 * stderr piped as text.
 */
export function startServeProcess(
  database: string,
  port: number,
  env: Record<string, string> = {},
  args: readonly string[] = [],
): ChildProcess {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--database', database, '--port', String(port), ...args],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  child.stderr?.setEncoding('utf8');
  return child;
}

/** Resolves once the child has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Resolves once `ready` holds (a throw counts as not yet), polling every 100 ms up to `ms`. */
export async function waitFor(
  what: string,
  ready: () => Promise<boolean>,
  ms: number,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await ready().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The webhook-kill tests' server: loopback receivers allowed, a short job lease. */
export function startWebhookServer(database: string, port: number): ChildProcess {
  // A short job lease: an attempt claimed but not sent at the kill is taken over in seconds
  // rather than the default five minutes.
  return startServeProcess(database, port, {
    LOG_LEVEL: 'fatal',
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'loopback',
    JOB_LEASE_MS: '10000',
  });
}
