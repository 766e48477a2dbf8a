/** Error codes shared by the API and its clients, and the HTTP status of each. */
export const ERROR_STATUS = {
  bad_request: 400,
  validation_failed: 422,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  /** The path exists, not with this method; the answer's `Allow` header lists those it has. */
  method_not_allowed: 405,
  conflict: 409,
  /** The resource existed but is no longer available (a closed survey). */
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<string, number>;

export type TErrorCode = keyof typeof ERROR_STATUS;

/** One problem with one field of a request, as returned in `error.details`. */
export interface TFieldIssue {
  /** Dotted path of the field at fault, e.g. `body.stages.2.name` or `row 14: email`. */
  field: string;
  message: string;
}

/** The one error type: a string code (mapped to HTTP by `ERROR_STATUS`), a message, details. */
export class AppError extends Error {
  constructor(
    readonly code: TErrorCode,
    message: string,
    readonly details?: TFieldIssue[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** A missing row, named by kind and id. */
export function notFound(kind: string, id: string): AppError {
  return new AppError('not_found', `${kind} ${id} was not found`);
}

/** A request that is well-formed but wrong about one field. */
export function invalidField(field: string, message: string): AppError {
  return new AppError('validation_failed', `${field}: ${message}`, [{ field, message }]);
}
