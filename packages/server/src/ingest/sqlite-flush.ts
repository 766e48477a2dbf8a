import type SqliteDatabase from 'better-sqlite3';
import type { TStorage } from '../storage/database.js';
import {
  allFailed,
  allOk,
  applyListeners,
  isRowLevelError,
  staleResponse,
  writtenResponses,
  type TFlush,
  type TUnitResult,
  type TWriteUnit,
} from './write-units.js';
import type { TResponseBatchListener } from './stored-response.js';
import type { TAppendResponseEvents } from './outbox.js';
import { INSERT_RESPONSE, responseRowValues, toResponseRow } from './response-rows.js';
import { PreparedStatements, sqliteWriteTx } from './write-tx.js';

/** Continues a partial response; a response that is complete already is left alone. */
const UPDATE_PARTIAL = `UPDATE responses SET language = ?, status = ?, answers_json = ?, hidden_json = ?,
  values_json = ?, submitted_at = ?, day = ?, updated_at = ? WHERE id = ? AND organization_id = ? AND status = 'partial'`;

function writeUnit(prepared: PreparedStatements, unit: TWriteUnit): void {
  const insertResponse = prepared.get(INSERT_RESPONSE);
  for (const response of unit) {
    if (response.change === 'created') {
      insertResponse.run([...responseRowValues(response), response.organizationId]);
    } else {
      const row = toResponseRow(response);
      const { changes } = prepared
        .get(UPDATE_PARTIAL)
        .run(
          row.language,
          row.status,
          row.answers_json,
          row.hidden_json,
          row.values_json,
          row.submitted_at,
          row.day,
          row.updated_at,
          row.id,
          row.organization_id,
        );
      if (changes !== 1) throw staleResponse(row.id);
    }
  }
}

function rollbackQuietly(sqlite: SqliteDatabase.Database): void {
  if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
}

/**
 * Group commit on SQLite: the batch is written with prepared statements on the raw handle in one
 * `BEGIN IMMEDIATE ... COMMIT` (WAL with synchronous=FULL: on disk when COMMIT returns), while
 * Kysely's connection lock is held, so no other query interleaves with the transaction.
 */
export function sqliteFlush(
  storage: TStorage,
  listeners: readonly TResponseBatchListener[],
  appendResponseEvents: TAppendResponseEvents,
): TFlush {
  const sqlite = storage.sqlite;
  if (sqlite === null) throw new Error('sqliteFlush needs a SQLite database');
  const prepared = new PreparedStatements(sqlite);
  return (units) =>
    storage.db.connection().execute(async (db) => {
      const tx = sqliteWriteTx(prepared, db);
      try {
        sqlite.exec('BEGIN IMMEDIATE');
        for (const unit of units) writeUnit(prepared, unit);
        await applyListeners(listeners, units.flat(), tx);
        await appendResponseEvents(tx, units.flat());
        sqlite.exec('COMMIT');
        return allOk(units);
      } catch (error) {
        rollbackQuietly(sqlite);
        if (units.length === 1 || !isRowLevelError(error)) return allFailed(units, error);
      }
      // One unit broke a constraint: write them again one by one, each behind a savepoint, so
      // that only the offender fails; still one transaction and one sync to disk.
      const results: TUnitResult[] = [];
      const retry = sqliteWriteTx(prepared, db);
      try {
        sqlite.exec('BEGIN IMMEDIATE');
        for (const unit of units) {
          sqlite.exec('SAVEPOINT unit');
          try {
            writeUnit(prepared, unit);
            sqlite.exec('RELEASE unit');
            results.push({ ok: true });
          } catch (error) {
            sqlite.exec('ROLLBACK TO unit');
            sqlite.exec('RELEASE unit');
            results.push({ ok: false, error });
          }
        }
        const written = writtenResponses(units, results);
        await applyListeners(listeners, written, retry);
        await appendResponseEvents(retry, written);
        sqlite.exec('COMMIT');
        return results;
      } catch (error) {
        rollbackQuietly(sqlite);
        return allFailed(units, error);
      }
    });
}
