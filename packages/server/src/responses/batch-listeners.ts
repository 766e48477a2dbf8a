import { rollupBatchListener } from '../analytics/rollup-maintenance.js';
import type { TStorage } from '../storage/database.js';
import type { TResponseBatchListener } from './response-batch.js';
import { ResponseWriter, type TResponseWriterOptions } from './response-writer.js';

/**
 * The listeners every response writer of the server gets: add a capability's listener here
 * (e.g. analytics rollups) and every write path (API, respondent pages, widget, imports, CLI)
 * maintains it in the same transaction as the responses.
 */
export function defaultBatchListeners(storage: TStorage): TResponseBatchListener[] {
  return [rollupBatchListener(storage)];
}

/** A writer with the server's listeners, for the app and for command-line imports. */
export function createResponseWriter(
  storage: TStorage,
  options: Omit<TResponseWriterOptions, 'listeners'> = {},
): ResponseWriter {
  return new ResponseWriter(storage, { ...options, listeners: defaultBatchListeners(storage) });
}
