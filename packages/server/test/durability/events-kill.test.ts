/**
 * Killing the server while events are pending loses none: the real server runs as a child process
 * with a slow durable subscriber that records every event it is handed in a file, takes
 * concurrent submissions, and is killed with SIGKILL mid-load. Restarted on the same database,
 * the subscriber goes on from its stored cursor: every committed write's events reach it, in
 * order, and only the delivery in flight at the kill is handed over twice.
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import type { TStorage } from '../../src/storage/database.js';
import {
  FILE_RECORDER,
  readRecordedEvents,
  type TRecordedEvent,
} from '../support/event-recorders.js';
import { seedNpsSurvey } from '../support/nps-survey-seed.js';
import { describeKillSuite, eventRecordingServer, postResponse } from './child-process.js';

const IN_FLIGHT = 20;
const TOTAL = 2_000;
const KILL_AFTER = 500;
/** The first run's subscriber sleeps this long per event, so that it falls behind the load. */
const SLOW_MS_PER_EVENT = 3;
/** The kill waits until the subscriber is at least this far behind. */
const BACKLOG_AT_KILL = 20;
const AFTER_RESTART = 50;

/** The stored cursor of the recorder and the outbox's events, read from the database directly. */
async function readOutbox(db: TStorage['db']) {
  const cursor = await db
    .selectFrom('event_cursors')
    .select('position')
    .where('subscriber', '=', FILE_RECORDER)
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('domain_events')
    .select(['seq', 'id', 'type', 'subject_id'])
    .orderBy('seq')
    .execute();
  // PostgreSQL's bigserial comes back as a string.
  const events = rows.map((e) => ({ ...e, seq: Number(e.seq) }));
  const responses = await db.selectFrom('responses').select(['id', 'status']).execute();
  return { cursor: Number(cursor.position), events, responses };
}

describeKillSuite('domain events through a SIGKILL', (env) => {
  it(
    "hands every committed write's events to a durable subscriber after a restart",
    { timeout: 120_000 },
    async () => {
      const { base, read } = env();
      const record = path.join(env().dir, 'delivered.ndjson');
      const { org, surveyId } = await env().seed('events', async (ctx, seeded) => ({
        surveyId: await seedNpsSurvey(ctx.storage, seeded.id),
      }));
      const headers = { authorization: `Bearer ${org.keys.admin}` };
      const submit = (body: Record<string, unknown>) => postResponse(base, org, surveyId, body);
      const npsCount = async () => {
        const res = await fetch(`${base}/api/analytics/metrics?metric=nps&minN=1`, { headers });
        const body = (await res.json()) as { groups: { metrics: { nps: { n: number } } }[] };
        return body.groups[0]?.metrics.nps.n;
      };
      const recorderBacklog = async () => {
        const res = await fetch(`${base}/api/events/subscribers`, { headers });
        const { items } = (await res.json()) as { items: { name: string; backlog: number }[] };
        const state = items.find((s) => s.name === FILE_RECORDER);
        if (state === undefined) throw new Error('the recorder is not registered');
        return state.backlog;
      };

      const slow = await env().start(eventRecordingServer(record, SLOW_MS_PER_EVENT));

      const acknowledged = new Set<string>(); // response ids that got a 201
      const refused: string[] = [];
      let next = 0;
      let killing = false;
      let killed = false;
      const worker = async () => {
        while (next < TOTAL && refused.length === 0) {
          const n = next++;
          try {
            const key = `events-kill-${String(n).padStart(6, '0')}`;
            const res = await submit({ answers: { nps: n % 11 }, idempotencyKey: key });
            if (res.status !== 201) {
              refused.push(`${res.status} ${await res.text()}`);
              return;
            }
            acknowledged.add(((await res.json()) as { id: string }).id);
            if (!killing && acknowledged.size >= KILL_AFTER) {
              // Killed only while the subscriber is behind, so that events are pending.
              killing = true;
              if ((await recorderBacklog()) >= BACKLOG_AT_KILL) {
                killed = true;
                slow.kill();
              }
              killing = killed;
            }
          } catch {
            // The server is gone: requests in flight were never acknowledged.
            if (killed) return;
          }
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
      expect(refused).toEqual([]);
      await slow.exited();
      expect(slow.process.signalCode).toBe('SIGKILL');
      expect(next).toBeLessThan(TOTAL);

      // Events after the subscriber's stored cursor were pending at the kill.
      const atKill = await read(readOutbox);
      const pendingAtKill = atKill.events.filter((e) => e.seq > atKill.cursor).length;
      const firstRun = readRecordedEvents(record);

      const fast = await env().start(eventRecordingServer(record, 0));
      // The restarted process's cube loads from the rollups, then follows the new writes' events.
      expect(await npsCount()).toBe(atKill.responses.length);
      for (let i = 0; i < AFTER_RESTART; i++) {
        const res = await submit({ answers: { nps: i % 11 } });
        expect(res.status).toBe(201);
        acknowledged.add(((await res.json()) as { id: string }).id);
      }
      const deadline = Date.now() + 30_000;
      let backlog = await recorderBacklog();
      while (backlog > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        backlog = await recorderBacklog();
      }
      expect(backlog).toBe(0);

      const npsAfter = await npsCount();
      await fast.stop();

      const { events, responses } = await read(readOutbox);
      const recorded = readRecordedEvents(record);
      const recordedIds = new Set(recorded.map((r) => r.id));
      const completed = new Map(
        events.filter((e) => e.type === 'response.completed').map((e) => [e.subject_id, e.id]),
      );

      // The outbox holds exactly the committed writes' events: one per stored response.
      expect(responses.every((r) => r.status === 'complete')).toBe(true);
      expect(events).toHaveLength(responses.length);
      expect(new Set(completed.keys())).toEqual(new Set(responses.map((r) => r.id)));
      // Every acknowledged write has its event, and the subscriber got it.
      const unrecorded = [...acknowledged].filter(
        (id) => !recordedIds.has(completed.get(id) ?? ''),
      );
      expect(unrecorded).toEqual([]);
      // None lost: every event in the outbox reached the subscriber; none it got is unknown.
      expect(new Set(events.map((e) => e.id))).toEqual(recordedIds);
      const bySeq = new Map(events.map((e) => [e.seq, e]));
      for (const r of recorded) {
        expect(bySeq.get(r.seq)).toMatchObject({ id: r.id, type: r.type, subject_id: r.subjectId });
      }

      // In order: each run of the process handed events in strictly increasing seq.
      const runs = new Map<number, TRecordedEvent[]>();
      for (const r of recorded) runs.set(r.pid, [...(runs.get(r.pid) ?? []), r]);
      expect(runs.size).toBe(2);
      for (const run of runs.values()) {
        expect(run.every((r, i) => i === 0 || r.seq > (run[i - 1]?.seq ?? 0))).toBe(true);
      }
      // The restart went on from the stored cursor: the first event after it, no earlier one.
      const secondRun = recorded.slice(firstRun.length);
      expect(secondRun[0]?.seq).toBe(events.find((e) => e.seq > atKill.cursor)?.seq);
      // Only what the delivery in flight at the kill had recorded was handed over again.
      const redelivered = firstRun.filter((r) => r.seq > atKill.cursor);
      expect(new Set(redelivered.map((r) => r.delivery)).size).toBeLessThanOrEqual(1);
      expect(redelivered.every((r) => r.delivery === firstRun.at(-1)?.delivery)).toBe(true);
      const duplicates = recorded.length - recordedIds.size;
      expect(duplicates).toBe(redelivered.length);

      // The kill came while the subscriber was behind (else the test proves little).
      expect(pendingAtKill).toBeGreaterThan(0);
      // The cube of the restarted process counts every stored response.
      expect(npsAfter).toBe(responses.length);

      console.info(
        `events-kill: ${events.length} events, ${acknowledged.size} acknowledged, ` +
          `${firstRun.at(-1)?.delivery ?? 0} deliveries before the kill, ` +
          `${pendingAtKill} pending at the kill, ${duplicates} delivered twice`,
      );
    },
  );
});
