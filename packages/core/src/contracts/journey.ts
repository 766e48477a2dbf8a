import { z } from 'zod';
import { ZDescription, ZId, ZListQuery, ZName, ZTimestamp, sortParam } from './common.js';

/** Where a stage sits in the customer relationship (Schmitt's customer interface). */
export const JOURNEY_PHASES = ['pre-sales', 'sales', 'after-sales'] as const;
export const ZJourneyPhase = z.enum(JOURNEY_PHASES);

export const ZStage = z.object({
  id: ZId,
  name: z.string(),
  description: z.string(),
  phase: ZJourneyPhase,
  position: z.number().int(),
});
export type TStage = z.infer<typeof ZStage>;

export const ZJourney = z.object({
  id: ZId,
  brandId: ZId.nullable(),
  name: z.string(),
  description: z.string(),
  /** In journey order. */
  stages: z.array(ZStage),
  archived: z.boolean(),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
});
export type TJourney = z.infer<typeof ZJourney>;

const ZStageInput = z.strictObject({
  /** Given to keep an existing stage (and its touchpoints); left out to add a new one. */
  id: ZId.optional(),
  name: ZName,
  description: ZDescription.default(''),
  phase: ZJourneyPhase.default('sales'),
});

export const ZJourneyCreate = z.strictObject({
  name: ZName,
  description: ZDescription.default(''),
  brandId: ZId.nullable().default(null),
  stages: z
    .array(ZStageInput.omit({ id: true }))
    .min(1)
    .max(50),
});
export type TJourneyCreate = z.infer<typeof ZJourneyCreate>;

export const ZJourneyUpdate = z.strictObject({
  name: ZName.optional(),
  description: ZDescription.optional(),
  brandId: ZId.nullable().optional(),
  /** The full ordered list of stages; a stage left out is removed (refused while it has touchpoints). */
  stages: z.array(ZStageInput).min(1).max(50).optional(),
  archived: z.boolean().optional(),
});
export type TJourneyUpdate = z.infer<typeof ZJourneyUpdate>;

export const ZJourneyListQuery = ZListQuery.extend({
  sort: sortParam(['name', 'createdAt']),
  brandId: ZId.optional(),
  archived: z.stringbool().optional(),
  q: z.string().max(200).optional(),
});
export type TJourneyListQuery = z.infer<typeof ZJourneyListQuery>;
