import { z } from 'zod';
import { ZAttributes, ZId, ZListQuery, ZName, ZTimestamp, sortParam } from './common.js';

/** The organization's own identifier of a customer (CRM id, loyalty number ...). */
export const ZExternalId = z.string().trim().min(1).max(200);
export const ZLocale = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag such as en or pt-BR');
export const ZPhone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()./-]{4,30}$/, 'a phone number of digits, optionally starting with +');

export const ZCustomer = z.object({
  id: ZId,
  externalId: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  locale: z.string().nullable(),
  /** The customer agreed to be contacted by e-mail. */
  emailConsent: z.boolean(),
  /** When the customer opted out of all surveys and messages; null while not opted out. */
  optedOutAt: ZTimestamp.nullable(),
  attributes: ZAttributes,
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
});
export type TCustomer = z.infer<typeof ZCustomer>;

/**
 * One customer as its page reads it: with the first time the organization saw them, the
 * earliest of their record, their first interaction and their first response (a customer
 * imported today with years of history has been a customer for years).
 */
export const ZCustomerDetail = ZCustomer.extend({ firstSeenAt: ZTimestamp });
export type TCustomerDetail = z.infer<typeof ZCustomerDetail>;

export const ZCustomerCreate = z.strictObject({
  externalId: ZExternalId,
  name: ZName.nullable().default(null),
  email: z.email().max(320).nullable().default(null),
  phone: ZPhone.nullable().default(null),
  locale: ZLocale.nullable().default(null),
  emailConsent: z.boolean().default(false),
  optedOut: z.boolean().default(false),
  attributes: ZAttributes.default({}),
});
export type TCustomerCreate = z.infer<typeof ZCustomerCreate>;

export const ZCustomerUpdate = z.strictObject({
  externalId: ZExternalId.optional(),
  name: ZName.nullable().optional(),
  email: z.email().max(320).nullable().optional(),
  phone: ZPhone.nullable().optional(),
  locale: ZLocale.nullable().optional(),
  emailConsent: z.boolean().optional(),
  optedOut: z.boolean().optional(),
  /** Merged into the stored attributes; a key set to null is removed. */
  attributes: ZAttributes.optional(),
});
export type TCustomerUpdate = z.infer<typeof ZCustomerUpdate>;

/** `attr=tier:gold` (repeatable): customers whose attribute equals the value. */
const ZAttrFilter = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]))
  .pipe(
    z.array(z.string().regex(/^[a-z0-9][a-z0-9_-]*:.*$/, 'attr filters are written key:value')),
  );

export const ZCustomerListQuery = ZListQuery.extend({
  sort: sortParam(['externalId', 'name', 'createdAt', 'updatedAt']),
  q: z.string().max(200).optional(),
  attr: ZAttrFilter.optional(),
  optedOut: z.stringbool().optional(),
});
export type TCustomerListQuery = z.infer<typeof ZCustomerListQuery>;

export const ZExternalIdParams = z.object({ externalId: ZExternalId });
