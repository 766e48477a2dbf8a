import { api, type TQuery } from '../../api/client.js';
import type { TQueryParams } from '../../api/openapi-types.js';

/** The customer-equity endpoints the dashboard reads. */
export const equityEndpoints = {
  equity: (query: TQueryParams<'get', '/api/equity'>) => api.get('/api/equity', { query }),
  customerValue: (id: string, query: TQueryParams<'get', '/api/customers/{id}/value'> = {}) =>
    api.get('/api/customers/{id}/value', { params: { id }, query }),
};

/** react-query keys of the equity queries. */
export const equityKeys = {
  equity: (query: TQuery) => ['equity', query] as const,
  customerValue: (id: string, query: TQuery) => ['equity', 'customer', id, query] as const,
};

/** An amount in the organization's currency (or a plain number when it has none). */
export function formatMoney(value: number, currency: string | null, digits = 0): string {
  try {
    return new Intl.NumberFormat(undefined, {
      style: currency === null ? 'decimal' : 'currency',
      ...(currency !== null && { currency }),
      maximumFractionDigits: digits,
      minimumFractionDigits: digits,
    }).format(value);
  } catch {
    return `${value.toFixed(digits)}${currency === null ? '' : ` ${currency}`}`;
  }
}

/** A share 0..1 as a percentage. */
export function formatShare(share: number, digits = 0): string {
  return `${(share * 100).toFixed(digits)}%`;
}
