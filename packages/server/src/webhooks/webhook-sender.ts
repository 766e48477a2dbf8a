/**
 * Sends one webhook attempt: a POST with a deadline, connecting only to addresses the policy
 * allows. The check runs in the request's own `lookup`, on the addresses the socket then
 * connects to, so a name that resolves differently between a check and the connection (DNS
 * rebinding) cannot slip through. Redirects are not followed: a 3xx answer is a failed attempt,
 * so no redirect can lead the request anywhere the check did not see.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { refusalOf, type TPrivateTargets } from './target-address.js';

/** Resolves a host name to its addresses (the system resolver unless one is passed in). */
export type TResolve = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemResolve: TResolve = (hostname) =>
  dnsLookup(hostname, { all: true, verbatim: true });

export interface TTargetPolicy {
  privateTargets: TPrivateTargets;
  resolve: TResolve;
}

export interface TSendRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/**
 * Keep-alive connection pools for deliveries, one per scheme: a busy subscription's attempts
 * reuse connections instead of opening one each. A pooled connection was checked by the guarded
 * lookup when it was opened, to the address it stays connected to.
 */
export interface TWebhookAgents {
  http: http.Agent;
  https: https.Agent;
  /** Closes the pooled connections (when the worker stops). */
  destroy(): void;
}

/** Idle pooled connections close before the usual keep-alive timeout of a receiver (5 s). */
const IDLE_SOCKET_MS = 4_000;
/** Connections per receiver: as many as one claim of the job worker sends at once. */
const SOCKETS_PER_RECEIVER = 64;

export function createWebhookAgents(): TWebhookAgents {
  const options = {
    keepAlive: true,
    maxSockets: SOCKETS_PER_RECEIVER,
    maxFreeSockets: SOCKETS_PER_RECEIVER,
    timeout: IDLE_SOCKET_MS,
  };
  const agents = { http: new http.Agent(options), https: new https.Agent(options) };
  return {
    ...agents,
    destroy: () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

export interface TAttemptOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** A target the policy refuses: reported as the attempt's error, never retried differently. */
export class TargetRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetRefusedError';
  }
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/**
 * Why the URL's host is refused (every address it resolves to must be allowed), or null. Used
 * at creation; delivery checks again at connect time.
 */
export async function checkTarget(url: string, policy: TTargetPolicy): Promise<string | null> {
  const host = hostOf(new URL(url));
  if (isIP(host) !== 0) return refusalOf(host, policy.privateTargets);
  let addresses: { address: string }[];
  try {
    addresses = await policy.resolve(host);
  } catch {
    return `${host} does not resolve to an address`;
  }
  if (addresses.length === 0) return `${host} does not resolve to an address`;
  for (const { address } of addresses) {
    const refusal = refusalOf(address, policy.privateTargets);
    if (refusal !== null) return `${host} resolves to ${refusal}`;
  }
  return null;
}

/** A `lookup` for the socket that resolves through the policy and refuses internal addresses. */
function guardedLookup(policy: TTargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    policy
      .resolve(hostname)
      .then((all) => {
        if (all.length === 0) throw new Error(`${hostname} does not resolve to an address`);
        for (const { address } of all) {
          const refusal = refusalOf(address, policy.privateTargets);
          if (refusal !== null) throw new TargetRefusedError(`${hostname} resolves to ${refusal}`);
        }
        const family = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = family === 0 ? all : all.filter((a) => a.family === family);
        const first = usable[0];
        if (first === undefined) throw new Error(`${hostname} has no IPv${family} address`);
        if (options.all === true) callback(null, usable);
        else callback(null, first.address, first.family);
      })
      .catch((error: unknown) => {
        callback(error instanceof Error ? error : new Error(String(error)), '', 0);
      });
  };
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.slice(0, 1000);
}

/**
 * A pooled connection the receiver closed just as it was reused (its keep-alive ran out): the
 * request most likely never arrived, and a repeat carries the same webhook-id anyway.
 */
function isStaleConnection(req: http.ClientRequest, error: Error): boolean {
  return req.reusedSocket && (error as NodeJS.ErrnoException).code === 'ECONNRESET';
}

/**
 * Sends one attempt; never throws: a refusal, timeout or network error is a failed outcome.
 * With `agents` the connection comes from their pool, and an attempt whose reused connection
 * turns out closed by the receiver is sent once more on a fresh one.
 */
export async function sendAttempt(
  request: TSendRequest,
  policy: TTargetPolicy,
  agents?: TWebhookAgents,
): Promise<TAttemptOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const url = new URL(request.url);
  const host = hostOf(url);
  if (isIP(host) !== 0) {
    const refusal = refusalOf(host, policy.privateTargets);
    if (refusal !== null) return { ok: false, statusCode: null, error: refusal, durationMs: 0 };
  }
  const secure = url.protocol === 'https:';
  const send = secure ? https.request : http.request;
  const agent = agents === undefined ? false : secure ? agents.https : agents.http;
  return new Promise<TAttemptOutcome>((resolve) => {
    let settled = false;
    /** False once a reused connection failed: the attempt is then sent on one of its own. */
    let pooled = agent !== false;
    const finish = (outcome: Omit<TAttemptOutcome, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...outcome, durationMs: elapsed() });
    };
    let req: http.ClientRequest;
    const timer = setTimeout(() => {
      finish({ ok: false, statusCode: null, error: `timed out after ${request.timeoutMs} ms` });
      req.destroy();
    }, request.timeoutMs);
    const start = () => {
      req = send(url, {
        method: 'POST',
        headers: { ...request.headers, 'content-length': Buffer.byteLength(request.body) },
        lookup: guardedLookup(policy),
        agent: pooled ? agent : false,
      });
      req.on('error', (error) => {
        if (!settled && pooled && isStaleConnection(req, error)) {
          pooled = false;
          start();
        } else finish({ ok: false, statusCode: null, error: errorText(error) });
      });
      req.on('response', onResponse);
      req.end(request.body);
    };
    const onResponse = (res: http.IncomingMessage) => {
      const status = res.statusCode ?? 0;
      // The body is read (and dropped) so that the attempt ends when the answer is complete.
      res.resume();
      res.on('error', (error) =>
        finish({ ok: false, statusCode: status, error: errorText(error) }),
      );
      res.on('end', () => {
        if (status >= 200 && status < 300) finish({ ok: true, statusCode: status, error: null });
        else if (status >= 300 && status < 400) {
          const location = String(res.headers.location ?? '').slice(0, 300);
          finish({
            ok: false,
            statusCode: status,
            error: `redirect to ${location || '(no location)'} not followed`,
          });
        } else finish({ ok: false, statusCode: status, error: `the receiver answered ${status}` });
      });
    };
    start();
  });
}
