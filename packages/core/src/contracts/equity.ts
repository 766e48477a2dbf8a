import { z } from 'zod';
import { ZId } from './common.js';

/** Horizon and discounting shared by the equity queries. */
const ZValueOptions = z.object({
  /** Weeks of future value, 1 to 520. */
  horizonWeeks: z.coerce.number().int().min(1).max(520).default(52),
  /** Annual discount rate, 0 to 1 (0.1 = 10% a year), applied weekly as (1 + rate)^(1/52). */
  discountRate: z.coerce.number().min(0).max(1).default(0.1),
});

/** `GET /api/equity`. */
export const ZEquityQuery = ZValueOptions.extend({
  /** Share of detractors assumed moved to passives in `detractorsToPassives`, 0 to 1. */
  detractorShare: z.coerce.number().min(0).max(1).default(0.25),
  /** Customer attribute key to break equity down by (default: the first declared one). */
  segment: z.string().min(1).max(100).optional(),
});
export type TEquityQuery = z.infer<typeof ZEquityQuery>;

/** `GET /api/customers/:id/value`. */
export const ZCustomerValueQuery = ZValueOptions;
export type TCustomerValueQuery = z.infer<typeof ZCustomerValueQuery>;

/** The fitted BG/NBD (purchases and dropout) and Gamma-Gamma (spend) parameters. */
export const ZEquityModel = z.object({
  bgnbd: z.object({ r: z.number(), alpha: z.number(), a: z.number(), b: z.number() }),
  gammaGamma: z.object({ p: z.number(), q: z.number(), v: z.number() }),
  /** Customers the BG/NBD model was fitted on, and those with a repeat purchase (Gamma-Gamma). */
  customers: z.number().int(),
  repeatCustomers: z.number().int(),
  /** Last day of the calibration period: the day of the organization's last revenue interaction. */
  calibrationEnd: z.string(),
});
export type TEquityModel = z.infer<typeof ZEquityModel>;

/** Customers of one group and the value they hold. */
export const ZEquityGroup = z.object({
  key: z.string(),
  customers: z.number().int(),
  equity: z.number(),
  meanClv: z.number(),
  meanPAlive: z.number(),
  meanExpectedPurchases: z.number(),
});
export type TEquityGroup = z.infer<typeof ZEquityGroup>;

/** A bin of the CLV distribution; `to` is null for the open last bin. */
export const ZClvBin = z.object({
  from: z.number(),
  to: z.number().nullable(),
  customers: z.number().int(),
  equity: z.number(),
});
export type TClvBin = z.infer<typeof ZClvBin>;

const ZRiskGroup = z.object({ customers: z.number().int(), clv: z.number() });

export const ZEquityOk = z.object({
  status: z.literal('ok'),
  horizonWeeks: z.number().int(),
  discountRate: z.number(),
  /** The most frequent currency of the revenue interactions (null when none is recorded). */
  currency: z.string().nullable(),
  model: ZEquityModel,
  /** Sum of every customer's CLV over the horizon. */
  totalEquity: z.number(),
  customers: z.number().int(),
  /** Revenue interactions with a zero or negative amount, left out of the fit. */
  droppedTransactions: z.number().int(),
  distribution: z.array(ZClvBin),
  /** Promoter, passive, detractor (by the customer's latest NPS answer) and "no answer". */
  byNpsCategory: z.array(ZEquityGroup),
  /** Null when the organization declares no customer attribute. */
  bySegment: z.object({ attribute: z.string(), groups: z.array(ZEquityGroup) }).nullable(),
  /**
   * CLV of detractors (latest NPS answer 0-6) and of customers with a recent negative experience
   * (an NPS answer 0-6 or a CSAT answer in the bottom two points of its scale, submitted on or
   * after 89 days before the calibration end); `total` counts each customer once.
   */
  revenueAtRisk: z.object({
    detractors: ZRiskGroup,
    recentNegative: ZRiskGroup,
    total: ZRiskGroup.extend({ shareOfEquity: z.number() }),
  }),
  /**
   * Gain in equity if `share` of the detractors became passives: each moved detractor's CLV
   * scaled to the passives' mean, share x detractors x (passives' mean CLV - detractors' mean
   * CLV); negative when detractors are worth more. Null (with `reason`) without detractors or
   * passives.
   */
  detractorsToPassives: z.object({
    share: z.number(),
    detractorsMoved: z.number(),
    passiveMeanClv: z.number().nullable(),
    detractorMeanClv: z.number().nullable(),
    gain: z.number().nullable(),
    reason: z.string().nullable(),
  }),
});

export const ZEquityMissing = z.object({
  status: z.literal('insufficient-data'),
  horizonWeeks: z.number().int(),
  discountRate: z.number(),
  /** Why there is no fit, e.g. too few customers with revenue. */
  message: z.string(),
  customers: z.number().int(),
});

export const ZEquityResponse = z.discriminatedUnion('status', [ZEquityOk, ZEquityMissing]);
export type TEquityResponse = z.infer<typeof ZEquityResponse>;

/** `GET /api/customers/:id/value`: the customer's summary and what the models expect of them. */
export const ZCustomerValue = z.object({
  customerId: ZId,
  /** ok; no-purchases: the customer has no revenue interaction up to the calibration end; insufficient-data: no model. */
  status: z.enum(['ok', 'no-purchases', 'insufficient-data']),
  message: z.string().nullable(),
  horizonWeeks: z.number().int(),
  discountRate: z.number(),
  calibrationEnd: z.string().nullable(),
  /** The most frequent currency of the organization's revenue interactions. */
  currency: z.string().nullable(),
  value: z
    .object({
      x: z.number().int(),
      tx: z.number(),
      T: z.number(),
      monetary: z.number(),
      pAlive: z.number(),
      expectedPurchases: z.number(),
      expectedSpend: z.number(),
      clv: z.number(),
    })
    .nullable(),
});
export type TCustomerValue = z.infer<typeof ZCustomerValue>;
