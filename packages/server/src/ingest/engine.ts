/**
 * The one write path's engines. Every durable write of responses and interactions (single
 * submissions by group commit, bulk loads of responses and interactions) goes through the engine
 * of its database, which also writes the rows' rollups and domain events in the same
 * transaction. `ingest.case.test.ts` runs the same contract over every engine.
 */
import type { TStorage } from '../storage/database.js';
import {
  sqliteFileBulkResponses,
  sqliteMemoryBulkResponses,
  type TBulkResponseWriter,
  type TBulkWriterOptions,
} from './bulk-response-writer.js';
import {
  postgresWriter,
  sqliteInlineWriter,
  sqliteThreadWriter,
  type TInteractionWriter,
} from './interaction-writer.js';
import { appendImportEvents, appendResponseEvents } from './outbox.js';
import { postgresBulkResponses } from './postgres-bulk-responses.js';
import { postgresFlush } from './postgres-flush.js';
import { sqliteFlush } from './sqlite-flush.js';
import type { TResponseBatchListener } from './stored-response.js';
import type { TFlush } from './write-units.js';

/** How a writer records its batches in the outbox: an event a response, or one a batch. */
export type TEventGrain = 'response' | 'batch';

export interface TIngestEngine {
  readonly kind: 'sqlite-file' | 'sqlite-memory' | 'postgres';
  /**
   * The group commit's transaction: writes units of responses (each all or nothing), runs the
   * listeners (rollups) and appends the events, then commits; reports each unit's fate.
   */
  flush(listeners: readonly TResponseBatchListener[], events: TEventGrain): TFlush;
  /** A writer of big batches of new responses (imports, the demo). */
  bulkResponses(options?: TBulkWriterOptions): TBulkResponseWriter;
  /** A writer of batches of one organization's interactions (imports). */
  bulkInteractions(orgId: string): TInteractionWriter;
}

const eventsOf = (grain: TEventGrain) =>
  grain === 'batch' ? appendImportEvents : appendResponseEvents;

/** The engine of an open database. */
export function ingestEngine(storage: TStorage): TIngestEngine {
  const sqlite = storage.sqlite;
  if (sqlite === null) {
    return {
      kind: 'postgres',
      flush: (listeners, events) => postgresFlush(storage, listeners, eventsOf(events)),
      bulkResponses: () => postgresBulkResponses(storage),
      bulkInteractions: (orgId) => postgresWriter(storage, orgId),
    };
  }
  if (sqlite.memory) {
    return {
      kind: 'sqlite-memory',
      flush: (listeners, events) => sqliteFlush(storage, listeners, eventsOf(events)),
      bulkResponses: (options) => sqliteMemoryBulkResponses(storage, sqlite, options),
      bulkInteractions: (orgId) => sqliteInlineWriter(storage, sqlite, orgId),
    };
  }
  return {
    kind: 'sqlite-file',
    flush: (listeners, events) => sqliteFlush(storage, listeners, eventsOf(events)),
    bulkResponses: (options) => sqliteFileBulkResponses(storage, sqlite, options),
    bulkInteractions: (orgId) => sqliteThreadWriter(storage, sqlite, orgId),
  };
}
