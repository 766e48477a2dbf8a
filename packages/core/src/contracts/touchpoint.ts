import { z } from 'zod';
import { ZDescription, ZId, ZKey, ZListQuery, ZName, ZTimestamp, sortParam } from './common.js';

export const CHANNELS = [
  'web',
  'app',
  'store',
  'phone',
  'email',
  'chat',
  'social',
  'event',
  'on-site',
  'kiosk',
  'mail',
] as const;
export const ZChannel = z.enum(CHANNELS);

/** Schmitt's experience providers: the means through which experiences are created. */
export const PROVIDER_TYPES = [
  'communications',
  'visual-verbal-identity',
  'product-presence',
  'co-branding',
  'spatial-environment',
  'electronic-media',
  'people',
] as const;
export const ZProviderType = z.enum(PROVIDER_TYPES);

export const SENSES = ['sight', 'sound', 'smell', 'taste', 'touch'] as const;
export const ZSense = z.enum(SENSES);

export const ZTouchpoint = z.object({
  id: ZId,
  /** Stable key used in imports, links and QR codes. */
  key: z.string(),
  name: z.string(),
  description: z.string(),
  journeyId: ZId,
  stageId: ZId,
  channel: ZChannel,
  providerType: ZProviderType,
  senses: z.array(ZSense),
  ownerTeamId: ZId.nullable(),
  archived: z.boolean(),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
});
export type TTouchpoint = z.infer<typeof ZTouchpoint>;

export const ZTouchpointCreate = z.strictObject({
  key: ZKey,
  name: ZName,
  description: ZDescription.default(''),
  stageId: ZId,
  channel: ZChannel,
  providerType: ZProviderType,
  senses: z.array(ZSense).max(5).default([]),
  ownerTeamId: ZId.nullable().default(null),
});
export type TTouchpointCreate = z.infer<typeof ZTouchpointCreate>;

export const ZTouchpointUpdate = z.strictObject({
  key: ZKey.optional(),
  name: ZName.optional(),
  description: ZDescription.optional(),
  stageId: ZId.optional(),
  channel: ZChannel.optional(),
  providerType: ZProviderType.optional(),
  senses: z.array(ZSense).max(5).optional(),
  ownerTeamId: ZId.nullable().optional(),
  archived: z.boolean().optional(),
});
export type TTouchpointUpdate = z.infer<typeof ZTouchpointUpdate>;

export const ZTouchpointListQuery = ZListQuery.extend({
  sort: sortParam(['name', 'key', 'createdAt']),
  journeyId: ZId.optional(),
  stageId: ZId.optional(),
  channel: ZChannel.optional(),
  providerType: ZProviderType.optional(),
  ownerTeamId: ZId.optional(),
  archived: z.stringbool().optional(),
  q: z.string().max(200).optional(),
});
export type TTouchpointListQuery = z.infer<typeof ZTouchpointListQuery>;
