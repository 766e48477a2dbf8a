import { z } from 'zod';
import { ZAttributes, ZId, ZKey, ZListQuery, ZTimestamp, sortParam } from './common.js';
import { ZExternalId } from './customer.js';

export const ZCurrency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR');

/** Something that happened to a customer at a touchpoint; a transaction when it has an amount. */
export const ZInteraction = z.object({
  id: ZId,
  externalId: z.string().nullable(),
  customerId: ZId,
  touchpointId: ZId,
  occurredAt: ZTimestamp,
  /** What happened: `booking`, `check-in`, `call`, `visit` ... */
  type: z.string(),
  amount: z.number().nullable(),
  currency: z.string().nullable(),
  attributes: ZAttributes,
  createdAt: ZTimestamp,
});
export type TInteraction = z.infer<typeof ZInteraction>;

const ZAmount = z.number().finite().min(-1e12).max(1e12);

const interactionFields = {
  externalId: ZExternalId.nullable().default(null),
  customerId: ZId,
  touchpointId: ZId,
  occurredAt: ZTimestamp,
  type: ZKey,
  amount: ZAmount.nullable().default(null),
  currency: ZCurrency.nullable().default(null),
  attributes: ZAttributes.default({}),
};

const amountNeedsCurrency = (i: { amount?: number | null; currency?: string | null }) =>
  (i.amount === null || i.amount === undefined) ===
  (i.currency === null || i.currency === undefined);
const amountIssue = { message: 'amount and currency go together', path: ['currency'] };

export const ZInteractionCreate = z
  .strictObject(interactionFields)
  .refine(amountNeedsCurrency, amountIssue);
export type TInteractionCreate = z.infer<typeof ZInteractionCreate>;

export const ZInteractionUpdate = z.strictObject({
  touchpointId: ZId.optional(),
  occurredAt: ZTimestamp.optional(),
  type: ZKey.optional(),
  amount: ZAmount.nullable().optional(),
  currency: ZCurrency.nullable().optional(),
  attributes: ZAttributes.optional(),
});
export type TInteractionUpdate = z.infer<typeof ZInteractionUpdate>;

export const ZInteractionListQuery = ZListQuery.extend({
  sort: sortParam(['-occurredAt', 'occurredAt', 'createdAt']),
  customerId: ZId.optional(),
  touchpointId: ZId.optional(),
  type: z.string().max(64).optional(),
  from: ZTimestamp.optional(),
  to: ZTimestamp.optional(),
});
export type TInteractionListQuery = z.infer<typeof ZInteractionListQuery>;

/** One interaction as it arrives in an import file: people refer to things by their keys. */
export const ZInteractionImportRow = z
  .strictObject({
    externalId: ZExternalId.nullable().default(null),
    customerExternalId: ZExternalId,
    /** The touchpoint's key. */
    touchpoint: ZKey,
    occurredAt: ZTimestamp,
    type: ZKey,
    amount: ZAmount.nullable().default(null),
    currency: ZCurrency.nullable().default(null),
    attributes: ZAttributes.default({}),
  })
  .refine(amountNeedsCurrency, amountIssue);
export type TInteractionImportRow = z.infer<typeof ZInteractionImportRow>;
