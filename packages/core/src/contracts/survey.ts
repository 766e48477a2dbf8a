import { z } from 'zod';
import { ZId, ZListQuery, ZName, ZTimestamp, sortParam } from './common.js';
import { ZSurveyDefinition } from './survey-definition.js';

export const SURVEY_STATUSES = ['draft', 'live', 'closed'] as const;
export const ZSurveyStatus = z.enum(SURVEY_STATUSES);

/** What the survey is for; decides how analyses use it. */
export const SURVEY_KINDS = [
  'relationship',
  'transactional',
  'employee',
  'case-follow-up',
  'custom',
] as const;
export const ZSurveyKind = z.enum(SURVEY_KINDS);

/** Public link slug: `/s/<slug>`; random by default, unique across the installation. */
export const ZSurveySlug = z
  .string()
  .min(3)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and -');

export const ZSurvey = z.object({
  id: ZId,
  name: z.string(),
  slug: z.string(),
  kind: ZSurveyKind,
  status: ZSurveyStatus,
  /** Touchpoints the survey is attached to (transactional surveys name theirs). */
  touchpointIds: z.array(ZId),
  brandId: ZId.nullable(),
  /** The current version; editing a survey that has responses makes a new one. */
  version: z.number().int().min(1),
  definition: ZSurveyDefinition,
  responseCount: z.number().int(),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
});
export type TSurvey = z.infer<typeof ZSurvey>;

export const ZSurveyCreate = z.strictObject({
  name: ZName,
  slug: ZSurveySlug.optional(),
  kind: ZSurveyKind.default('custom'),
  touchpointIds: z.array(ZId).max(200).default([]),
  brandId: ZId.nullable().default(null),
  definition: ZSurveyDefinition,
});
export type TSurveyCreate = z.infer<typeof ZSurveyCreate>;

export const ZSurveyUpdate = z.strictObject({
  name: ZName.optional(),
  slug: ZSurveySlug.optional(),
  kind: ZSurveyKind.optional(),
  status: ZSurveyStatus.optional(),
  touchpointIds: z.array(ZId).max(200).optional(),
  brandId: ZId.nullable().optional(),
  definition: ZSurveyDefinition.optional(),
});
export type TSurveyUpdate = z.infer<typeof ZSurveyUpdate>;

export const ZSurveyListQuery = ZListQuery.extend({
  sort: sortParam(['name', 'createdAt', 'updatedAt']),
  status: ZSurveyStatus.optional(),
  kind: ZSurveyKind.optional(),
  touchpointId: ZId.optional(),
  q: z.string().max(200).optional(),
});
export type TSurveyListQuery = z.infer<typeof ZSurveyListQuery>;

export const ZSurveyVersion = z.object({
  version: z.number().int(),
  definition: ZSurveyDefinition,
  createdAt: ZTimestamp,
});
