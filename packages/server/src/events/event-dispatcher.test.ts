import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  seedOrganization,
  TEST_DATABASES,
  testServices,
  type TTestOrg,
} from '../../test/harness.js';
import { flakySubscriber, memoryRecorder } from '../../test/support/event-recorders.js';
import { seedNpsSurvey } from '../../test/support/nps-survey-seed.js';
import { npsResponse } from '../../test/support/survey-fixtures.js';
import type { TStorage } from '../storage/database.js';
import { migrateToLatest } from '../storage/migrate.js';
import { findCursor, findEventsAfter } from './events.repository.js';

for (const database of TEST_DATABASES) {
  describe(`event dispatcher [${database.dialect}]`, () => {
    let storage: TStorage & { drop(): Promise<void> };
    let org: TTestOrg;
    let surveyId: string;

    beforeAll(async () => {
      storage = await database.open();
      await migrateToLatest(storage.db, storage.pgSchema);
      org = await seedOrganization(storage, 'events');
      surveyId = await seedNpsSurvey(storage, org.id);
    });

    afterAll(async () => {
      await storage.drop();
    });

    const writeResponses = (services: Awaited<ReturnType<typeof testServices>>, n: number) =>
      Promise.all(
        Array.from({ length: n }, (_, i) =>
          services.responses.write([npsResponse(org.id, surveyId, i % 11)]),
        ),
      );

    it('hands a failing subscriber the same events again, without holding up the others', async () => {
      const before = (await findEventsAfter(storage.db, 0, 100_000)).at(-1)?.seq ?? 0;
      const flaky = flakySubscriber('flaky', true, 3);
      const steady = memoryRecorder('steady', false);
      const services = await testServices(storage, {
        subscribers: [flaky, steady],
        eventPollMs: 20,
      });
      try {
        await writeResponses(services, 30);
        const events = await findEventsAfter(storage.db, before, 100_000);
        expect(events).toHaveLength(30);
        const ids = events.map((e) => e.id);

        // The steady subscriber has every event while the flaky one has not yet handled one
        // (its backoff after each failure).
        expect(await services.events.settle(['steady'], 5_000)).toBe(true);
        expect(steady.log.map((e) => e.id)).toEqual(ids);
        expect(flaky.handled).toEqual([]);
        const flakyState = (await services.events.states()).find((s) => s.name === 'flaky');
        expect(flakyState?.backlog).toBe(30);

        expect(await services.events.settle(['flaky'], 10_000)).toBe(true);
        expect(flaky.attempts.length).toBeGreaterThanOrEqual(4);
        // Each retry starts with the very events (the same ids) of the delivery that failed.
        for (let i = 1; i <= 3; i++) {
          const failed = flaky.attempts[i - 1] ?? [];
          expect(failed.length).toBeGreaterThan(0);
          expect(flaky.attempts[i]?.slice(0, failed.length)).toEqual(failed);
        }
        // In the end it has every event once, in order, and its stored cursor is past them.
        expect(flaky.handled.map((e) => e.id)).toEqual(ids);
        expect(await findCursor(storage.db, 'flaky')).toBe(events.at(-1)?.seq);
      } finally {
        await services.close();
      }
    });

    it('delivers to more durable subscribers than the pool has connections', async () => {
      const before = (await findEventsAfter(storage.db, 0, 100_000)).at(-1)?.seq ?? 0;
      // The PostgreSQL test pool has 4 connections, and each durable delivery holds one for its
      // transaction (the cursor row's lock): it must read the events on it, not wait for another.
      const recorders = ['one', 'two', 'three', 'four', 'five', 'six'].map((n) =>
        memoryRecorder(n, true),
      );
      const services = await testServices(storage, { subscribers: recorders, eventPollMs: 20 });
      try {
        await writeResponses(services, 10);
        const ids = (await findEventsAfter(storage.db, before, 100_000)).map((e) => e.id);
        expect(await services.events.settle(undefined, 5_000)).toBe(true);
        for (const r of recorders) expect(r.log.map((e) => e.id)).toEqual(ids);
      } finally {
        await services.close();
      }
    });

    it('stops promptly while a subscriber waits to be retried', async () => {
      const failing = flakySubscriber('always-failing', false, Number.POSITIVE_INFINITY);
      const services = await testServices(storage, { subscribers: [failing], eventPollMs: 20 });
      await writeResponses(services, 1);
      // After five failures it waits 1.6 s before the next attempt.
      const deadline = Date.now() + 5_000;
      while (failing.attempts.length < 5 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(failing.attempts.length).toBeGreaterThanOrEqual(5);
      const started = Date.now();
      await services.close();
      expect(Date.now() - started).toBeLessThan(500);
    });
  });
}
