import SqliteDatabase from 'better-sqlite3';
import { SQLITE_BUSY_TIMEOUT_MS, type TStorage } from '../storage/database.js';
import { findCustomersForResponses } from './responses.repository.js';

/** A customer an import row names, with what its response's segment is built from. */
export interface TImportCustomer {
  id: string;
  external_id: string;
  attributes_json: string;
}

/** Looks up the customers of an import's batches by external id; `close` when the import ends. */
export interface TImportCustomerReader {
  find(externalIds: string[]): Promise<TImportCustomer[]>;
  close(): void;
}

const SQLITE_LOOKUP = `SELECT id, external_id, attributes_json FROM customers
  WHERE organization_id = ? AND external_id IN (SELECT value FROM json_each(?))`;

/**
 * The customer lookup of a response import. On a SQLite file it reads through a read-only
 * connection of its own: the process's connection is held by the bulk writer while its thread
 * stores a batch, so a lookup through it waited for that write, and the next batch could not be
 * prepared meanwhile: an import of responses that each name a customer spent much of its time
 * in lookups waiting. In WAL mode a reader never waits for the writer and sees only committed
 * customers, as before; one erased after the lookup still fails its row on the foreign key.
 * PostgreSQL and an in-memory database (which has one connection) look up through Kysely.
 */
export function importCustomerReader(storage: TStorage, orgId: string): TImportCustomerReader {
  const sqlite = storage.sqlite;
  if (sqlite === null || sqlite.memory) {
    return {
      find: (externalIds) => findCustomersForResponses(storage.db, orgId, externalIds),
      close: () => undefined,
    };
  }
  let reader: SqliteDatabase.Database | null = null;
  let lookup: SqliteDatabase.Statement<[string, string], TImportCustomer> | null = null;
  return {
    find(externalIds) {
      if (externalIds.length === 0) return Promise.resolve([]);
      if (lookup === null) {
        reader = new SqliteDatabase(sqlite.name, { readonly: true, fileMustExist: true });
        reader.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
        lookup = reader.prepare<[string, string], TImportCustomer>(SQLITE_LOOKUP);
      }
      try {
        return Promise.resolve(lookup.all(orgId, JSON.stringify(externalIds)));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    close() {
      reader?.close();
      reader = null;
      lookup = null;
    },
  };
}
