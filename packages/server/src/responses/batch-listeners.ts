import { rollupBatchListener } from '../analytics/rollup-maintenance.js';
import type { TStorage } from '../storage/database.js';
import type { TResponseBatchListener } from './response-batch.js';
import { ResponseWriter, type TResponseWriterOptions } from './response-writer.js';

/**
 * The listeners every response writer of the server gets: add a capability's listener here
 * (e.g. analytics rollups) and every write path (API, respondent pages, widget, imports, CLI)
 * maintains it in the same transaction as the responses.
 */
export function defaultBatchListeners(
  storage: TStorage,
  rollups: TResponseBatchListener = rollupBatchListener(storage),
): TResponseBatchListener[] {
  return [rollups];
}

/**
 * A writer with the server's listeners, for the app and for command-line imports. A bulk load
 * may bring its own rollup listener (one that sums many batches before writing).
 */
export function createResponseWriter(
  storage: TStorage,
  options: Omit<TResponseWriterOptions, 'listeners'> & { rollups?: TResponseBatchListener } = {},
): ResponseWriter {
  const { rollups, ...writerOptions } = options;
  return new ResponseWriter(storage, {
    ...writerOptions,
    listeners: defaultBatchListeners(storage, rollups),
  });
}
