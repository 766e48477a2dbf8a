import SqliteDatabase from 'better-sqlite3';
import { SQLITE_BUSY_TIMEOUT_MS, type TStorage } from '../storage/database.js';
import { findCustomersForResponses, findResponseOrganizations } from './responses.repository.js';

/** A customer an import row names, with what its response's segment is built from. */
export interface TImportCustomer {
  id: string;
  external_id: string;
  attributes_json: string;
}

/** Where a stored response is. */
export interface TStoredResponseHolder {
  organizationId: string;
  surveyId: string;
}

/** Looks up the customers of an import's batches by external id; `close` when the import ends. */
export interface TImportCustomerReader {
  find(externalIds: string[]): Promise<TImportCustomer[]>;
  /** Of these response ids, those stored already, with their organization and survey. */
  stored(responseIds: string[]): Promise<Map<string, TStoredResponseHolder>>;
  close(): void;
}

const SQLITE_LOOKUP = `SELECT id, external_id, attributes_json FROM customers
  WHERE organization_id = ? AND external_id IN (SELECT value FROM json_each(?))`;
const SQLITE_STORED = `SELECT id, organization_id, survey_id FROM responses
  WHERE id IN (SELECT value FROM json_each(?))`;

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
      stored: (ids) => findResponseOrganizations(storage.db, ids),
      close: () => undefined,
    };
  }
  let reader: SqliteDatabase.Database | null = null;
  const open = () => {
    if (reader === null) {
      reader = new SqliteDatabase(sqlite.name, { readonly: true, fileMustExist: true });
      reader.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    }
    return reader;
  };
  const settle = <T>(read: () => T): Promise<T> => {
    try {
      return Promise.resolve(read());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };
  return {
    find(externalIds) {
      if (externalIds.length === 0) return Promise.resolve([]);
      return settle(() =>
        open()
          .prepare<[string, string], TImportCustomer>(SQLITE_LOOKUP)
          .all(orgId, JSON.stringify(externalIds)),
      );
    },
    stored(ids) {
      if (ids.length === 0) return Promise.resolve(new Map<string, TStoredResponseHolder>());
      return settle(() => {
        const rows = open()
          .prepare<[string], { id: string; organization_id: string; survey_id: string }>(
            SQLITE_STORED,
          )
          .all(JSON.stringify(ids));
        return new Map(
          rows.map((r) => [r.id, { organizationId: r.organization_id, surveyId: r.survey_id }]),
        );
      });
    },
    close() {
      reader?.close();
      reader = null;
    },
  };
}
