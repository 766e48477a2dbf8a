import { z } from 'zod';
import { ZDescription, ZId, ZListQuery, ZName, ZTimestamp, sortParam } from './common.js';

export const ZTeam = z.object({
  id: ZId,
  name: z.string(),
  description: z.string(),
  memberIds: z.array(ZId),
  /** The team lead, one of the members: SLA breaches of the team's cases escalate to them. */
  leadUserId: ZId.nullable(),
  archived: z.boolean(),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
});
export type TTeam = z.infer<typeof ZTeam>;

export const ZTeamCreate = z.strictObject({
  name: ZName,
  description: ZDescription.default(''),
  /** Users of the organization who belong to the team. */
  memberIds: z.array(ZId).max(1000).default([]),
});
export type TTeamCreate = z.infer<typeof ZTeamCreate>;

export const ZTeamUpdate = z.strictObject({
  name: ZName.optional(),
  description: ZDescription.optional(),
  memberIds: z.array(ZId).max(1000).optional(),
  /** A member of the team (after this update), or null for none. */
  leadUserId: ZId.nullable().optional(),
  archived: z.boolean().optional(),
});
export type TTeamUpdate = z.infer<typeof ZTeamUpdate>;

export const ZTeamListQuery = ZListQuery.extend({
  sort: sortParam(['name', 'createdAt']),
  q: z.string().max(200).optional(),
  archived: z.stringbool().optional(),
});
export type TTeamListQuery = z.infer<typeof ZTeamListQuery>;
