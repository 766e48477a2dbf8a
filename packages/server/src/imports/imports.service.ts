import type { TImportFormat, TImportResult } from '@touchstone/core';
import { loadAttributeSchema } from '../attribute-keys/attribute-keys.service.js';
import type { TAttributeSchema } from '../attribute-keys/attribute-validation.js';
import { recordAudit } from '../audit/audit.repository.js';
import type { TServiceContext } from '../auth/actor.js';
import { touchpointIdsByKey } from '../interactions/interactions.repository.js';
import { csvRowBatches, csvRowReader, type TCsvShape } from './csv-columns.js';
import { CUSTOMER_CSV, prepareCustomer } from './customer-rows.js';
import { customerWriter } from './customer-writer.js';
import {
  runImport,
  type TImportPlan,
  type TNumbered,
  type TProgressListener,
} from './import-runner.js';
import {
  csvRecordBatches,
  ndjsonRowBatches,
  textChunks,
  type TImportSource,
  type TRowInput,
} from './import-source.js';
import { INTERACTION_CSV, prepareInteraction } from './interaction-rows.js';
import { ingestEngine } from '../ingest/engine.js';
import type { TInteractionWriter } from '../ingest/interaction-writer.js';
import { withImportTuning } from './sqlite-import-tuning.js';

export type { TImportSource } from './import-source.js';
export type { TImportProgress, TProgressListener } from './import-runner.js';

/** Rows per transaction: big enough to amortise the commit, small enough to keep locks short. */
const BATCH_SIZE = 5000;
/** Records handed over as objects are numbered and validated in groups of this size. */
const RECORD_GROUP = 1000;

/** Row inputs of a file: CSV (header checked up front) or NDJSON. */
function fileRows(
  source: TImportSource,
  format: TImportFormat,
  shape: TCsvShape,
  schema: TAttributeSchema,
  counter: { bytes: number },
): AsyncIterable<TRowInput[]> {
  const text = textChunks(source, (n) => {
    counter.bytes += n;
  });
  return format === 'csv'
    ? csvRowBatches(csvRecordBatches(text), (header) => csvRowReader(header, shape, schema))
    : ndjsonRowBatches(text);
}

/** Already-parsed records, numbered from 1. */
async function* recordRows(
  records: Iterable<unknown> | AsyncIterable<unknown>,
): AsyncGenerator<TRowInput[]> {
  let group: TRowInput[] = [];
  let row = 0;
  for await (const value of records) {
    group.push({ row: ++row, value });
    if (group.length >= RECORD_GROUP) {
      yield group;
      group = [];
    }
  }
  if (group.length > 0) yield group;
}

/**
 * Runs an import (with SQLite's checkpoint tuning) and records it in the audit log; the
 * import's writer, if it has one, is closed however the import ends (see `withImportTuning`).
 */
async function audited(
  ctx: TServiceContext,
  entity: 'customer' | 'interaction',
  work: () => Promise<TImportResult>,
  writer?: TInteractionWriter,
): Promise<TImportResult> {
  const result = await withImportTuning(ctx.storage, work, writer && (() => writer.close()));
  const { format, rows, created, updated, failed } = result;
  await recordAudit(ctx.storage.db, ctx.actor, {
    action: 'import',
    entity,
    entityId: null,
    details: { format, rows, created, updated, failed },
  });
  return result;
}

async function customerPlan(ctx: TServiceContext) {
  const orgId = ctx.actor.organizationId;
  const schema = await loadAttributeSchema(ctx.storage.db, orgId, 'customer');
  const write = customerWriter(ctx.storage, orgId);
  return { schema, write };
}

async function interactionPlan(ctx: TServiceContext) {
  const orgId = ctx.actor.organizationId;
  const db = ctx.storage.db;
  const schema = await loadAttributeSchema(db, orgId, 'interaction');
  const touchpoints = await touchpointIdsByKey(db, orgId);
  const writer = ingestEngine(ctx.storage).bulkInteractions(orgId);
  return { schema, touchpoints, writer };
}

function plan<Row extends TNumbered>(
  format: TImportFormat,
  parts: Pick<TImportPlan<Row>, 'prepare' | 'write' | 'inFlight'> & { batchSize?: number },
  counter?: { bytes: number },
): TImportPlan<Row> {
  return { format, batchSize: BATCH_SIZE, ...parts, bytesRead: () => counter?.bytes ?? 0 };
}

/**
 * Imports customers from a CSV or NDJSON file, upserting by external id: on an update only the
 * fields the row carries change and attributes are merged. Invalid rows are reported, not stored.
 */
export async function importCustomers(
  ctx: TServiceContext,
  source: TImportSource,
  format: TImportFormat,
  onProgress?: TProgressListener,
): Promise<TImportResult> {
  const { schema, write } = await customerPlan(ctx);
  const counter = { bytes: 0 };
  const rows = fileRows(source, format, CUSTOMER_CSV, schema, counter);
  const prepare = (value: unknown, row: number) => prepareCustomer(schema, value, row);
  return audited(ctx, 'customer', () =>
    runImport(rows, plan(format, { prepare, write }, counter), onProgress),
  );
}

/** Imports customer records given as objects in the `ZCustomerCreate` shape (the demo generator). */
export async function importCustomerRecords(
  ctx: TServiceContext,
  records: Iterable<unknown> | AsyncIterable<unknown>,
  onProgress?: TProgressListener,
): Promise<TImportResult> {
  const { schema, write } = await customerPlan(ctx);
  const prepare = (value: unknown, row: number) => prepareCustomer(schema, value, row);
  return audited(ctx, 'customer', () =>
    runImport(recordRows(records), plan('ndjson', { prepare, write }), onProgress),
  );
}

/**
 * Imports interactions from a CSV or NDJSON file. Customers are referred to by external id and
 * touchpoints by key; a row with an external id replaces the interaction stored under it.
 */
export async function importInteractions(
  ctx: TServiceContext,
  source: TImportSource,
  format: TImportFormat,
  onProgress?: TProgressListener,
): Promise<TImportResult> {
  const { schema, touchpoints, writer } = await interactionPlan(ctx);
  const counter = { bytes: 0 };
  const rows = fileRows(source, format, INTERACTION_CSV, schema, counter);
  const prepare = (value: unknown, row: number) =>
    prepareInteraction({ touchpoints, schema }, value, row);
  const { write, inFlight, batchSize } = writer;
  return audited(
    ctx,
    'interaction',
    () =>
      runImport(rows, plan(format, { prepare, write, inFlight, batchSize }, counter), onProgress),
    writer,
  );
}

/** Imports interaction records given as objects (`ZInteractionImportRow`; the demo generator). */
export async function importInteractionRecords(
  ctx: TServiceContext,
  records: Iterable<unknown> | AsyncIterable<unknown>,
  onProgress?: TProgressListener,
): Promise<TImportResult> {
  const { schema, touchpoints, writer } = await interactionPlan(ctx);
  const prepare = (value: unknown, row: number) =>
    prepareInteraction({ touchpoints, schema }, value, row);
  const { write, inFlight, batchSize } = writer;
  return audited(
    ctx,
    'interaction',
    () =>
      runImport(
        recordRows(records),
        plan('ndjson', { prepare, write, inFlight, batchSize }),
        onProgress,
      ),
    writer,
  );
}
