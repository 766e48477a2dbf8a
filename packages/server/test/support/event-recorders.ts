/**
 * Event subscribers that record what the dispatcher hands them, for the outbox's tests: in a file
 * (fsynced per delivery, so that a process killed with SIGKILL leaves what it handled), in memory,
 * or failing on purpose.
 */
import fs from 'node:fs';
import type { TDomainEvent } from '../../src/events/domain-event.js';
import type { TEventSubscriber } from '../../src/events/event-dispatcher.js';

/** The name (and cursor) of the file recorder that `event-recording-server.ts` registers. */
export const FILE_RECORDER = 'test-event-recorder';

/** One delivered event as recorded: the process, its delivery number, the event's identity. */
export interface TRecordedEvent {
  pid: number;
  delivery: number;
  seq: number;
  id: string;
  type: string;
  subjectId: string;
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/**
 * A durable subscriber that appends a line per delivered event to `file` and fsyncs before it
 * returns. `delayMsPerEvent` makes it slow, so that it falls behind a load: three quarters of the
 * delay before writing (a kill then leaves the events pending: a dispatcher that moved the cursor
 * before the delivery ended would lose them), a quarter after (recorded, the cursor not yet
 * advanced: a kill then makes them duplicates).
 */
export function fileRecorder(name: string, file: string, delayMsPerEvent = 0): TEventSubscriber {
  const fd = fs.openSync(file, 'a');
  let delivery = 0;
  return {
    name,
    durable: true,
    async handle(events) {
      delivery++;
      const delayMs = delayMsPerEvent * events.length;
      await sleep((delayMs * 3) / 4);
      const lines = events.map((e) =>
        JSON.stringify({
          pid: process.pid,
          delivery,
          seq: e.seq,
          id: e.id,
          type: e.type,
          subjectId: e.subjectId,
        } satisfies TRecordedEvent),
      );
      fs.writeSync(fd, lines.join('\n') + '\n');
      fs.fsyncSync(fd);
      await sleep(delayMs / 4);
    },
  };
}

/** The lines a file recorder wrote; a torn last line (a kill mid-write) counts as unwritten. */
export function readRecordedEvents(file: string): TRecordedEvent[] {
  const out: TRecordedEvent[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line === '') continue;
    try {
      out.push(JSON.parse(line) as TRecordedEvent);
    } catch {
      // Only a line cut short by the kill is unreadable; its events were never acknowledged.
    }
  }
  return out;
}

/** A subscriber that pushes every event it handles onto `log` (which several may share). */
export function memoryRecorder(
  name: string,
  durable: boolean,
  log: TDomainEvent[] = [],
): TEventSubscriber & { log: TDomainEvent[] } {
  return {
    name,
    durable,
    log,
    handle(events) {
      log.push(...events);
      return Promise.resolve();
    },
  };
}

/**
 * A subscriber whose first `failures` deliveries throw; `attempts` keeps every delivery's event
 * ids, `handled` the events of the deliveries that succeeded.
 */
export function flakySubscriber(
  name: string,
  durable: boolean,
  failures: number,
): TEventSubscriber & { attempts: string[][]; handled: TDomainEvent[] } {
  const attempts: string[][] = [];
  const handled: TDomainEvent[] = [];
  return {
    name,
    durable,
    attempts,
    handled,
    handle(events) {
      attempts.push(events.map((e) => e.id));
      if (attempts.length <= failures) {
        return Promise.reject(new Error(`failing on purpose (${attempts.length})`));
      }
      handled.push(...events);
      return Promise.resolve();
    },
  };
}
