import { AppError } from '@touchstone/core';
import { constraintViolation } from '../storage/constraint-violation.js';
import type { TResponseBatchListener, TStoredResponse, TWriteTx } from './stored-response.js';

/** A set of responses stored together or not at all: one submission, or one API batch request. */
export type TWriteUnit = readonly TStoredResponse[];

/** What happened to one unit of a batch. */
export type TUnitResult = { ok: true } | { ok: false; error: unknown };

/** Writes units in one transaction and reports each unit's fate; resolves after COMMIT. */
export type TFlush = (units: readonly TWriteUnit[]) => Promise<TUnitResult[]>;

/** A listener's failure: it fails the whole batch, and is never blamed on one row. */
export class ListenerError extends Error {
  constructor(listener: string, cause: unknown) {
    super(
      `response batch listener ${listener} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'ListenerError';
  }
}

/** A partial response was completed (or erased) by someone else between reading and writing it. */
export function staleResponse(id: string): AppError {
  return new AppError('conflict', `response ${id} was completed or removed meanwhile`, [
    { field: 'response', message: 'no longer a partial response' },
  ]);
}

/**
 * True for an error that belongs to one row (a unique key, a reference removed meanwhile, a
 * stale partial response): the batch is then retried row by row so that only that unit fails.
 */
export function isRowLevelError(error: unknown): boolean {
  if (error instanceof ListenerError) return false;
  return error instanceof AppError || constraintViolation(error) !== null;
}

export async function applyListeners(
  listeners: readonly TResponseBatchListener[],
  batch: readonly TStoredResponse[],
  tx: TWriteTx,
): Promise<void> {
  if (batch.length === 0) return;
  for (const listener of listeners) {
    try {
      await listener.apply(batch, tx);
    } catch (error) {
      throw new ListenerError(listener.name, error);
    }
  }
}

export const allOk = (units: readonly TWriteUnit[]): TUnitResult[] =>
  units.map(() => ({ ok: true }));

export const allFailed = (units: readonly TWriteUnit[], error: unknown): TUnitResult[] =>
  units.map(() => ({ ok: false, error }));

/** The responses of the units that were written. */
export function writtenResponses(
  units: readonly TWriteUnit[],
  results: readonly TUnitResult[],
): TStoredResponse[] {
  return units.filter((_, i) => results[i]?.ok === true).flat();
}
