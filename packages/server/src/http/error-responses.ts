import { ZErrorBody } from '@touchstone/core';

/** The error responses every authenticated route may give, for the OpenAPI document. */
export const errorResponses = {
  400: ZErrorBody,
  401: ZErrorBody,
  403: ZErrorBody,
  404: ZErrorBody,
  409: ZErrorBody,
  /** A body over the route's limit. */
  413: ZErrorBody,
  /** A body that is not JSON (or, for imports, not CSV or NDJSON). */
  415: ZErrorBody,
  422: ZErrorBody,
} as const;
