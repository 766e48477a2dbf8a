import { z } from 'zod';
import { ZId, ZKey, ZName, ZTimestamp } from './common.js';

export const ZOrganization = z.object({
  id: ZId,
  name: z.string(),
  slug: z.string(),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
});
export type TOrganization = z.infer<typeof ZOrganization>;

export const ZOrganizationCreate = z.strictObject({ name: ZName, slug: ZKey.optional() });
export type TOrganizationCreate = z.infer<typeof ZOrganizationCreate>;

export const ZOrganizationUpdate = z.strictObject({ name: ZName.optional() });
export type TOrganizationUpdate = z.infer<typeof ZOrganizationUpdate>;
