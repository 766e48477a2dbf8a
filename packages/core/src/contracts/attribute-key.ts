import { z } from 'zod';
import { ZId, ZKey, ZName, ZTimestamp } from './common.js';

export const ATTRIBUTE_ENTITIES = ['customer', 'interaction'] as const;
export const ZAttributeEntity = z.enum(ATTRIBUTE_ENTITIES);
export type TAttributeEntity = z.infer<typeof ZAttributeEntity>;
export const ATTRIBUTE_TYPES = ['string', 'number', 'boolean', 'date', 'enum'] as const;
export const ZAttributeType = z.enum(ATTRIBUTE_TYPES);
export type TAttributeType = z.infer<typeof ZAttributeType>;

/** A declared attribute: customers and interactions may only carry declared keys, of their type. */
export const ZAttributeKey = z.object({
  id: ZId,
  entity: ZAttributeEntity,
  key: z.string(),
  label: z.string(),
  type: ZAttributeType,
  /** The allowed values of an `enum` attribute; empty for other types. */
  options: z.array(z.string()),
  createdAt: ZTimestamp,
});
export type TAttributeKey = z.infer<typeof ZAttributeKey>;

export const ZAttributeKeyCreate = z
  .strictObject({
    entity: ZAttributeEntity,
    key: ZKey,
    label: ZName,
    type: ZAttributeType,
    options: z.array(z.string().trim().min(1).max(100)).max(200).default([]),
  })
  .refine((k) => k.type !== 'enum' || k.options.length > 0, {
    message: 'an enum attribute needs at least one option',
    path: ['options'],
  });
export type TAttributeKeyCreate = z.infer<typeof ZAttributeKeyCreate>;

export const ZAttributeKeyUpdate = z.strictObject({
  label: ZName.optional(),
  /** Options may be added; removing one still in use is refused. */
  options: z.array(z.string().trim().min(1).max(100)).max(200).optional(),
});
export type TAttributeKeyUpdate = z.infer<typeof ZAttributeKeyUpdate>;

export const ZAttributeKeyListQuery = z.object({ entity: ZAttributeEntity.optional() });
