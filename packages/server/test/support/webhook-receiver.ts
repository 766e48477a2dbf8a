/**
 * A webhook receiver for tests: a real HTTP server on loopback that records every request and
 * answers each path as the test tells it (a status per request, a delay, a redirect).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TReceivedWebhook {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** How a path answers: status codes in turn (the last repeats), optionally late or redirecting. */
export interface TPathBehaviour {
  statuses?: number[];
  delayMs?: number;
  location?: string;
}

export interface TWebhookReceiver {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  received: TReceivedWebhook[];
  on(path: string, behaviour: TPathBehaviour): void;
  at(path: string): TReceivedWebhook[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<TWebhookReceiver> {
  const received: TReceivedWebhook[] = [];
  const behaviours = new Map<string, TPathBehaviour>();
  const served = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const behaviour = behaviours.get(path) ?? {};
      const n = served.get(path) ?? 0;
      served.set(path, n + 1);
      const statuses = behaviour.statuses ?? [204];
      const status = statuses[Math.min(n, statuses.length - 1)] ?? 204;
      const answer = () => {
        if (behaviour.location !== undefined) res.setHeader('location', behaviour.location);
        res.statusCode = status;
        res.end(status === 204 ? undefined : 'answer');
      };
      if (behaviour.delayMs !== undefined) setTimeout(answer, behaviour.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    on: (path, behaviour) => behaviours.set(path, behaviour),
    at: (path) => received.filter((r) => r.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
