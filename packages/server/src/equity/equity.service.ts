// Customer equity of the actor's organization: BG/NBD and Gamma-Gamma fitted on its revenue
// interactions (cached while they are unchanged), every customer valued, and the figures broken
// down by what customers said and by segment.
import {
  invalidField,
  notFound,
  valueCustomer,
  type ClvCustomerValue,
  type TCustomerValue,
  type TCustomerValueQuery,
  type TEquityQuery,
  type TEquityResponse,
} from '@touchstone/core';
import { findRollupVersion } from '../analytics/rollups.repository.js';
import type { TServiceContext } from '../auth/actor.js';
import { experienceKeys, experienceOf } from './equity-experience.js';
import { fitEquity, type TEquityFit } from './equity-fit.js';
import { buildEquityReport } from './equity-report.js';
import {
  customerExists,
  findRevenueSignature,
  listCustomerAnswers,
  listCustomerAttribute,
  listCustomerAttributeKeys,
  listRevenueRows,
} from './equity.repository.js';

type TFitted = Extract<TEquityFit, { status: 'ok' }>;

async function currentFit(ctx: TServiceContext): Promise<TEquityFit> {
  const { db } = ctx.storage;
  const orgId = ctx.actor.organizationId;
  const signature = await findRevenueSignature(db, orgId);
  return ctx.services.equity.fit(orgId, signature, async () =>
    fitEquity(await listRevenueRows(db, orgId)),
  );
}

function valuesOf(
  ctx: TServiceContext,
  fit: TFitted,
  query: TCustomerValueQuery,
): ClvCustomerValue[] {
  const options = { horizonWeeks: query.horizonWeeks, discountRate: query.discountRate };
  return ctx.services.equity.valuation(fit, `${query.horizonWeeks}|${query.discountRate}`, () =>
    [...fit.summaries.values()].map((summary) => valueCustomer(fit.models, summary, options)),
  );
}

/** `GET /api/equity`. */
export async function getEquity(
  ctx: TServiceContext,
  query: TEquityQuery,
): Promise<TEquityResponse> {
  const fit = await currentFit(ctx);
  const { horizonWeeks, discountRate } = query;
  if (fit.status !== 'ok') {
    return {
      status: 'insufficient-data',
      horizonWeeks,
      discountRate,
      message: fit.message,
      customers: fit.customers,
    };
  }
  const { db } = ctx.storage;
  const orgId = ctx.actor.organizationId;
  const values = valuesOf(ctx, fit, query);
  // Answers change with the rollup version; which keys hold NPS and CSAT, with the surveys.
  const catalog = await ctx.services.catalogs.of(db, orgId);
  const keys = experienceKeys(catalog);
  const signature = `${await findRollupVersion(db, orgId)}|${keys.join(',')}`;
  const experience = await ctx.services.equity.experience(orgId, signature, async () =>
    experienceOf(await listCustomerAnswers(db, orgId, keys), catalog),
  );
  const attributeKeys = await listCustomerAttributeKeys(db, orgId);
  if (query.segment !== undefined && !attributeKeys.includes(query.segment)) {
    throw invalidField('query.segment', `no customer attribute "${query.segment}" is declared`);
  }
  const attribute = query.segment ?? attributeKeys[0];
  const segment =
    attribute === undefined
      ? null
      : { attribute, values: await listCustomerAttribute(db, orgId, attribute) };
  const { bgnbd, gammaGamma } = fit.models;
  return {
    status: 'ok',
    horizonWeeks,
    discountRate,
    currency: fit.currency,
    model: {
      bgnbd: { ...bgnbd.parameters },
      gammaGamma: { ...gammaGamma.parameters },
      customers: fit.summaries.size,
      repeatCustomers: gammaGamma.customers,
      calibrationEnd: fit.calibrationEnd,
    },
    droppedTransactions: fit.droppedTransactions,
    ...buildEquityReport(values, {
      experience,
      segment,
      calibrationEnd: fit.calibrationEnd,
      detractorShare: query.detractorShare,
    }),
  };
}

/** `GET /api/customers/:id/value`; not_found when the customer is not in the organization. */
export async function getCustomerValue(
  ctx: TServiceContext,
  customerId: string,
  query: TCustomerValueQuery,
): Promise<TCustomerValue> {
  if (!(await customerExists(ctx.storage.db, ctx.actor.organizationId, customerId))) {
    throw notFound('customer', customerId);
  }
  const fit = await currentFit(ctx);
  const base = { customerId, horizonWeeks: query.horizonWeeks, discountRate: query.discountRate };
  if (fit.status !== 'ok') {
    return {
      ...base,
      status: 'insufficient-data',
      message: fit.message,
      calibrationEnd: null,
      currency: null,
      value: null,
    };
  }
  const summary = fit.summaries.get(customerId);
  if (summary === undefined) {
    return {
      ...base,
      status: 'no-purchases',
      message: `no revenue interaction of this customer up to ${fit.calibrationEnd}`,
      calibrationEnd: fit.calibrationEnd,
      currency: fit.currency,
      value: null,
    };
  }
  const value = valueCustomer(fit.models, summary, query);
  return {
    ...base,
    status: 'ok',
    message: null,
    calibrationEnd: fit.calibrationEnd,
    currency: fit.currency,
    value: {
      x: value.x,
      tx: value.tx,
      T: value.T,
      monetary: value.monetary,
      pAlive: value.pAlive,
      expectedPurchases: value.expectedPurchases,
      expectedSpend: value.expectedSpend,
      clv: value.clv,
    },
  };
}
