/**
 * The in-memory cube as a subscriber of domain events: each transaction's completed responses
 * become rollup deltas (the same arithmetic as the writer's), applied to the cubes whose version
 * the transaction directly follows. A cube that misses a transaction (a bulk batch, whose event
 * names rows without their answers, or a failure here) is reloaded by its next read: the
 * organization's rollup version says so.
 */
import type { TDomainEvent, TResponseEventPayload } from '../events/domain-event.js';
import type { TEventSubscriber } from '../events/event-dispatcher.js';
import type { CubeStore } from './cube-store.js';
import { RollupDeltaBuilder, type TRollupResponse } from './rollup-deltas.js';

export const CUBE_SUBSCRIBER = 'analytics-cube';

async function applyTransaction(cubes: CubeStore, events: readonly TDomainEvent[]) {
  const added: TRollupResponse[] = [];
  const versions = new Map<string, number>();
  for (const event of events) {
    if (event.type !== 'response.completed') continue;
    // No cube of the organization in memory: its first read loads the rollups anyway.
    if (!cubes.holds(event.organizationId)) continue;
    const p = event.payload as unknown as TResponseEventPayload;
    if (p.rollupVersion === null) continue;
    versions.set(event.organizationId, p.rollupVersion);
    added.push({
      organizationId: event.organizationId,
      surveyId: p.surveyId,
      touchpointId: p.touchpointId,
      day: p.day,
      segmentKey: p.segmentKey,
      complete: true,
      values: p.values.map(([key, value]) => ({ key, value })),
    });
  }
  if (added.length === 0) return;
  await cubes.apply({ deltas: new RollupDeltaBuilder().addBatch({ added }).build(), versions });
}

/** Keeps this process's cubes current from the events of every committed write. */
export function cubeEventSubscriber(cubes: CubeStore): TEventSubscriber {
  return {
    name: CUBE_SUBSCRIBER,
    durable: false,
    // No cube in memory: each first read loads the rollups, which hold every committed write.
    idle: () => !cubes.holdsAny(),
    async handle(events) {
      let transaction: TDomainEvent[] = [];
      for (const event of events) {
        transaction.push(event);
        if (!event.txEnd) continue;
        await applyTransaction(cubes, transaction);
        transaction = [];
      }
      if (transaction.length > 0) await applyTransaction(cubes, transaction);
    },
  };
}
