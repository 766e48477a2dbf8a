/** The experiential views of Analyze for the actor's organization: profile and journey map. */
import type {
  TExperientialProfileQuery,
  TExperientialProfileResponse,
  TJourneyMapQuery,
  TJourneyMapResponse,
} from '@touchstone/core';
import type { TServiceContext } from '../auth/actor.js';
import { queryExperientialProfile } from './experiential-profile.js';
import { queryJourneyMap } from './journey-map.js';

/** The five-module profile against the brand's promise, consistency and provider grid. */
export function getExperientialProfile(
  ctx: TServiceContext,
  query: TExperientialProfileQuery,
): Promise<TExperientialProfileResponse> {
  return queryExperientialProfile(ctx.services, ctx.actor.organizationId, query);
}

/** A journey's stages and touchpoints with volume, metric, importance and pain points. */
export function getJourneyMap(
  ctx: TServiceContext,
  query: TJourneyMapQuery,
): Promise<TJourneyMapResponse> {
  return queryJourneyMap(ctx.services, ctx.actor.organizationId, query);
}
