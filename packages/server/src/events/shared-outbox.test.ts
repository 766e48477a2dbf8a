/**
 * Several processes on one PostgreSQL share the outbox: two in-process "processes" (each its own
 * storage, services, writer and dispatcher on one schema) write concurrently; a durable subscriber
 * registered in both under one name gets every event once overall, in order (one process at a
 * time holds its cursor row), and each process's volatile subscriber and cube see every write.
 */
import { ZMetricsQuery } from '@touchstone/core';
import { describe, expect, it } from 'vitest';
import { PG_URL, seedOrganization, TEST_DATABASES, testServices } from '../../test/harness.js';
import { memoryRecorder } from '../../test/support/event-recorders.js';
import { seedNpsSurvey } from '../../test/support/nps-survey-seed.js';
import { npsResponse } from '../../test/support/survey-fixtures.js';
import { queryMetrics } from '../analytics/metrics-query.js';
import type { TProcessServices } from '../composition/create-services.js';
import { openStorage, type TStorage } from '../storage/database.js';
import { migrateToLatest } from '../storage/migrate.js';
import type { TDomainEvent } from './domain-event.js';
import type { TEventSubscriber } from './event-dispatcher.js';
import { findCursor, findEventsAfter } from './events.repository.js';

const PER_PROCESS = 400;
const IN_FLIGHT = 20;

interface TProcess {
  name: string;
  storage: TStorage;
  services: TProcessServices;
  volatile: TDomainEvent[];
}

describe.skipIf(PG_URL === undefined)('the outbox shared by two processes [postgres]', () => {
  it('delivers every event to a durable subscriber once overall, in order', async () => {
    const database = TEST_DATABASES.find((d) => d.dialect === 'postgres');
    if (database === undefined || PG_URL === undefined) throw new Error('no PostgreSQL');
    const first = await database.open();
    await migrateToLatest(first.db, first.pgSchema);
    const second = await openStorage(PG_URL, { pgSchema: first.pgSchema ?? '', pgPoolSize: 4 });
    const org = await seedOrganization(first, 'shared');
    const surveyId = await seedNpsSurvey(first, org.id);

    // Both processes register the durable subscriber "mirror"; both record into one log, so
    // its order is the order of delivery across the processes.
    const durable: { process: string; event: TDomainEvent }[] = [];
    const mirror = (process: string): TEventSubscriber => ({
      name: 'mirror',
      durable: true,
      handle(events) {
        for (const event of events) durable.push({ process, event });
        return Promise.resolve();
      },
    });
    const processes: TProcess[] = [];
    try {
      for (const [name, storage] of [
        ['a', first],
        ['b', second],
      ] as const) {
        const volatile = memoryRecorder('volatile', false);
        const services = await testServices(storage, {
          subscribers: [mirror(name), volatile],
          eventPollMs: 25,
        });
        processes.push({ name, storage, services, volatile: volatile.log });
      }

      const written = new Set<string>();
      await Promise.all(
        processes.map(async ({ services }) => {
          let next = 0;
          const worker = async () => {
            while (next < PER_PROCESS) {
              const response = npsResponse(org.id, surveyId, next++ % 11);
              await services.responses.write([response]);
              written.add(response.id);
            }
          };
          await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
        }),
      );
      for (const { services } of processes) {
        expect(await services.events.settle(undefined, 15_000)).toBe(true);
      }

      const events = await findEventsAfter(first.db, 0, 100_000);
      expect(events).toHaveLength(2 * PER_PROCESS);
      expect(new Set(events.map((e) => e.subjectId))).toEqual(written);
      const ids = events.map((e) => e.id);

      // The durable subscriber: every event, none twice, in the order of commit, whichever
      // process delivered it; the stored cursor is at the last.
      expect(durable.map((d) => d.event.id)).toEqual(ids);
      expect(await findCursor(first.db, 'mirror')).toBe(events.at(-1)?.seq);
      // Each process's volatile subscriber: every event, in order (the other's by polling).
      for (const p of processes) expect(p.volatile.map((e) => e.id)).toEqual(ids);
      // Each process's cube counts every response.
      for (const { services } of processes) {
        const metrics = await queryMetrics(
          services,
          org.id,
          ZMetricsQuery.parse({ metric: 'nps', minN: '1' }),
        );
        expect(metrics.groups[0]?.metrics['nps']?.n).toBe(2 * PER_PROCESS);
      }
      const byProcess = processes.map(
        (p) => `${p.name} ${durable.filter((d) => d.process === p.name).length}`,
      );
      console.info(
        `shared outbox: ${events.length} events; durable delivered by ${byProcess.join(', ')}`,
      );
    } finally {
      for (const { services } of processes) await services.close();
      await second.close();
      await first.drop();
    }
  });
});
