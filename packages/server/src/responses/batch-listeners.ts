import { rollupBatchListener } from '../analytics/rollup-maintenance.js';
import type { TStorage } from '../storage/database.js';
import { ResponseWriter, type TResponseWriterOptions } from './response-writer.js';

/**
 * A writer with the server's batch listeners (the rollups, in each batch's transaction; the
 * outbox's events are appended by the writer itself). The composition root builds the server's
 * writer; bulk loads on PostgreSQL build their own, with bigger batches.
 */
export function createResponseWriter(
  storage: TStorage,
  options: Omit<TResponseWriterOptions, 'listeners'> = {},
): ResponseWriter {
  return new ResponseWriter(storage, { ...options, listeners: [rollupBatchListener()] });
}
