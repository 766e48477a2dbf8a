import {
  AppError,
  invalidField,
  newId,
  type TJourney,
  type TJourneyUpdate,
} from '@touchstone/core';
import type { TDb } from '../storage/database.js';
import {
  countTouchpointsByStage,
  deleteStages,
  insertStages,
  updateStageRow,
} from './journeys.repository.js';

type TStageInput = NonNullable<TJourneyUpdate['stages']>[number];

/** What a replacement did, for the audit log. */
export interface TStageChanges {
  added: number;
  kept: number;
  removed: number;
}

/**
 * Replaces a journey's ordered stages with `stages`: listed ids are kept (renamed, reordered),
 * entries without an id are added, stages left out are removed. Checks everything before the
 * first write; a stage that still holds touchpoints is never removed, because touchpoints (and
 * the responses and interactions behind them) must keep a stage.
 */
export async function replaceStages(
  db: TDb,
  orgId: string,
  journey: TJourney,
  stages: TStageInput[],
): Promise<TStageChanges> {
  const current = new Map(journey.stages.map((s) => [s.id, s]));
  const kept = new Set<string>();
  stages.forEach((stage, index) => {
    if (stage.id === undefined) return;
    // The same answer for another journey's stage and another organization's: nothing leaks.
    if (!current.has(stage.id)) {
      throw invalidField(`body.stages.${index}.id`, 'not a stage of this journey');
    }
    if (kept.has(stage.id)) {
      throw invalidField(`body.stages.${index}.id`, 'the same stage is listed twice');
    }
    kept.add(stage.id);
  });

  const removed = journey.stages.filter((s) => !kept.has(s.id));
  const counts = await countTouchpointsByStage(
    db,
    orgId,
    removed.map((s) => s.id),
  );
  const blocked = removed.filter((s) => (counts.get(s.id) ?? 0) > 0);
  const first = blocked[0];
  if (first) {
    throw new AppError(
      'conflict',
      `stage "${first.name}" still has touchpoints; move them to another stage or delete them before removing it`,
      blocked.map((s) => ({
        field: 'body.stages',
        message: `stage "${s.name}" (${s.id}) has ${counts.get(s.id) ?? 0} touchpoint(s)`,
      })),
    );
  }

  await deleteStages(
    db,
    journey.id,
    removed.map((s) => s.id),
  );
  const added = [];
  for (const [position, stage] of stages.entries()) {
    const fields = {
      name: stage.name,
      description: stage.description,
      phase: stage.phase,
      position,
    };
    if (stage.id === undefined) {
      added.push({ id: newId(), organization_id: orgId, journey_id: journey.id, ...fields });
    } else {
      await updateStageRow(db, journey.id, stage.id, fields);
    }
  }
  await insertStages(db, added);
  return { added: added.length, kept: kept.size, removed: removed.length };
}
