/** The experience model one analytics query resolves names and filters against. */
import type { TServices } from '../composition/services.js';
import { parseJsonColumn } from '../storage/rows.js';
import {
  findJourneysForAnalytics,
  findSegmentAttributes,
  findStagesForAnalytics,
  findTouchpointsForAnalytics,
} from './model.repository.js';
import type { TQuestionCatalog } from './question-catalog.js';

export interface TTouchpointInfo {
  id: string;
  name: string;
  stageId: string;
  journeyId: string;
  teamId: string | null;
}

export interface TAnalyticsModel {
  catalog: TQuestionCatalog;
  touchpoints: ReadonlyMap<string, TTouchpointInfo>;
  stages: ReadonlyMap<string, { name: string; journeyId: string }>;
  journeys: ReadonlyMap<string, string>;
  teams: ReadonlyMap<string, string>;
  /** Segment attributes: key -> type and, for enums, the options in order. */
  attributes: ReadonlyMap<string, { type: string; options: string[] }>;
}

/** Reads the model (five small queries; the survey catalog is cached against a signature). */
export async function loadAnalyticsModel(
  services: Pick<TServices, 'storage' | 'catalogs'>,
  orgId: string,
): Promise<TAnalyticsModel> {
  const { db } = services.storage;
  const [catalog, touchpointRows, stageRows, journeyRows, attributeRows] = await Promise.all([
    services.catalogs.of(db, orgId),
    findTouchpointsForAnalytics(db, orgId),
    findStagesForAnalytics(db, orgId),
    findJourneysForAnalytics(db, orgId),
    findSegmentAttributes(db, orgId),
  ]);
  const teams = new Map<string, string>();
  for (const t of touchpointRows) {
    if (t.teamId !== null) teams.set(t.teamId, t.teamName ?? t.teamId);
  }
  return {
    catalog,
    touchpoints: new Map(
      touchpointRows.map((t) => [
        t.id,
        { id: t.id, name: t.name, stageId: t.stageId, journeyId: t.journeyId, teamId: t.teamId },
      ]),
    ),
    stages: new Map(stageRows.map((s) => [s.id, { name: s.name, journeyId: s.journeyId }])),
    journeys: new Map(journeyRows.map((j) => [j.id, j.name])),
    teams,
    attributes: new Map(
      attributeRows.map((a) => [
        a.key,
        {
          type: a.type,
          options:
            a.type === 'boolean' ? ['false', 'true'] : parseJsonColumn<string[]>(a.optionsJson),
        },
      ]),
    ),
  };
}
