/**
 * What the bench reads of a server process it started: its resident memory from /proc, and its
 * heap and event backlog from the Prometheus metrics at `/metrics`.
 */
import fs from 'node:fs';

/** The resident set of a process in MiB, from /proc. */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
  if (kb === undefined) throw new Error(`bench: no VmRSS for process ${pid}`);
  return Number(kb) / 1024;
}

function serverMetrics(serverUrl: string): Promise<string> {
  return fetch(`${serverUrl}/metrics`).then((response) => response.text());
}

/** The server's committed JavaScript heap in MiB. */
export async function heapMb(serverUrl: string): Promise<number> {
  const bytes = /^nodejs_heap_size_total_bytes (\d+)/m.exec(await serverMetrics(serverUrl))?.[1];
  if (bytes === undefined) throw new Error('bench: /metrics has no nodejs_heap_size_total_bytes');
  return Number(bytes) / 1048576;
}

/**
 * Waits until the server has handed every committed event to its subscribers (its backlog is 0
 * for each): after a load the server catches up in back-to-back SQLite writes, and a write of
 * the bench's process meanwhile can wait past its busy timeout.
 */
export async function serverSettled(serverUrl: string, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await serverMetrics(serverUrl);
    const backlogs = [...text.matchAll(/^touchstone_event_backlog\{[^}]*\} (\d+)/gm)];
    if (backlogs.every((m) => m[1] === '0')) return;
    if (Date.now() > deadline) throw new Error('bench: the server did not catch up its events');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
