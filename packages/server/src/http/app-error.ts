import type { TErrorCode, TFieldIssue } from '@touchstone/core';

/** The one error type of the server: a string code (mapped to HTTP in one place), a message, details. */
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
