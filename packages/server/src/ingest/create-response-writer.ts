import type { TStorage } from '../storage/database.js';
import { ingestEngine, type TEventGrain } from './engine.js';
import { ResponseWriter, type TResponseWriterOptions } from './response-writer.js';
import { rollupBatchListener } from './rollup-writes.js';

/**
 * A group-commit writer on the database's engine, with the rollups maintained in each batch's
 * transaction and the batch's events appended (one a response, or one a batch for bulk loads).
 * The composition root builds the server's writer.
 */
export function createResponseWriter(
  storage: TStorage,
  options: TResponseWriterOptions & { events?: TEventGrain } = {},
): ResponseWriter {
  const { events, ...writerOptions } = options;
  const flush = ingestEngine(storage).flush([rollupBatchListener()], events ?? 'response');
  return new ResponseWriter(flush, writerOptions);
}
