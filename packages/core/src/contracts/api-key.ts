import { z } from 'zod';
import { ZId, ZListQuery, ZName, ZTimestamp, sortParam } from './common.js';
import { ZRole } from './user.js';

export const ZApiKey = z.object({
  id: ZId,
  name: z.string(),
  role: ZRole,
  /** The first characters of the key, enough to recognise it; the rest is never stored. */
  prefix: z.string(),
  createdAt: ZTimestamp,
  lastUsedAt: ZTimestamp.nullable(),
  revokedAt: ZTimestamp.nullable(),
});
export type TApiKey = z.infer<typeof ZApiKey>;

export const ZApiKeyCreate = z.strictObject({ name: ZName, role: ZRole });
export type TApiKeyCreate = z.infer<typeof ZApiKeyCreate>;

/** Returned once, at creation: the secret is not stored and cannot be shown again. */
export const ZApiKeyCreated = ZApiKey.extend({ secret: z.string() });

export const ZApiKeyListQuery = ZListQuery.extend({
  sort: sortParam(['createdAt', 'name']),
  revoked: z.stringbool().optional(),
});
