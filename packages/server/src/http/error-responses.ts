import { ZErrorBody } from '@touchstone/core';

/** The error responses every authenticated route may give, for the OpenAPI document. */
export const errorResponses = {
  400: ZErrorBody,
  401: ZErrorBody,
  403: ZErrorBody,
  404: ZErrorBody,
  409: ZErrorBody,
  422: ZErrorBody,
} as const;
