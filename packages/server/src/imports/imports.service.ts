import type { TImportFormat, TImportKind, TImportResult } from '@touchstone/core';
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
  type TImportOutcome,
  type TImportPlan,
  type TNumbered,
  type TProgressListener,
} from './import-runner.js';
import { trackImport, type TImportRun } from './import-tracking.js';
import {
  csvRecordBatches,
  ndjsonRowBatches,
  textChunks,
  type TImportSource,
  type TRowInput,
} from './import-source.js';
import { INTERACTION_CSV, prepareInteraction, type TReadyInteraction } from './interaction-rows.js';
import { importRowKey } from './import-row-key.js';
import { RowError } from './row-errors.js';
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

/** Options of an import request. */
export interface TImportOptions {
  /** The client's import id: the same file sent again with it resumes the import. */
  importId?: string | null;
}

/**
 * Runs an import as a resource (see `trackImport`), with SQLite's checkpoint tuning, and records
 * it in the audit log; the import's writer, if it has one, is closed however the import ends
 * (see `withImportTuning`).
 */
async function audited(
  ctx: TServiceContext,
  start: { kind: TImportKind; format: TImportFormat; importId: string | null | undefined },
  work: (run: TImportRun) => Promise<TImportOutcome>,
  writer?: TInteractionWriter,
): Promise<TImportResult> {
  const result = await trackImport(
    ctx,
    {
      kind: start.kind,
      surveyId: null,
      format: start.format,
      clientImportId: start.importId ?? null,
    },
    (run) => withImportTuning(ctx.storage, () => work(run), writer && (() => writer.close())),
  );
  const { format, rows, created, updated, failed, importId } = result;
  await recordAudit(ctx.storage.db, ctx.actor, {
    action: 'import',
    entity: start.kind === 'customers' ? 'customer' : 'interaction',
    entityId: null,
    details: { format, rows, created, updated, failed, importId },
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
  run: TImportRun,
  counter?: { bytes: number },
): TImportPlan<Row> {
  return {
    format,
    ...parts,
    // A writer without a size of its own (PostgreSQL's) gets BATCH_SIZE, not one batch per file.
    batchSize: parts.batchSize ?? BATCH_SIZE,
    bytesRead: () => counter?.bytes ?? 0,
    skipThrough: run.skipThrough,
    onStored: run.onStored,
  };
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
  options: TImportOptions = {},
): Promise<TImportResult> {
  const { schema, write } = await customerPlan(ctx);
  const counter = { bytes: 0 };
  const prepare = (value: unknown, row: number) => prepareCustomer(schema, value, row);
  return audited(ctx, { kind: 'customers', format, importId: options.importId }, (run) => {
    const rows = fileRows(run.source(source), format, CUSTOMER_CSV, schema, counter);
    return runImport(rows, plan(format, { prepare, write }, run, counter), onProgress);
  });
}

/** Imports customer records given as objects in the `ZCustomerCreate` shape (the demo generator). */
export async function importCustomerRecords(
  ctx: TServiceContext,
  records: Iterable<unknown> | AsyncIterable<unknown>,
  onProgress?: TProgressListener,
): Promise<TImportResult> {
  const { schema, write } = await customerPlan(ctx);
  const prepare = (value: unknown, row: number) => prepareCustomer(schema, value, row);
  return audited(ctx, { kind: 'customers', format: 'ndjson', importId: null }, (run) =>
    runImport(recordRows(records), plan('ndjson', { prepare, write }, run), onProgress),
  );
}

/**
 * A row without an external id, in an import the client named (`Import-Id`), gets the import's
 * key for its row: sent again to resume, the row replaces itself instead of adding a copy.
 */
function withRowKeys(
  prepare: (value: unknown, row: number) => TReadyInteraction | RowError,
  run: TImportRun,
): (value: unknown, row: number) => TReadyInteraction | RowError {
  if (!run.named) return prepare;
  return (value, row) => {
    const ready = prepare(value, row);
    if (!(ready instanceof RowError) && ready.externalId === null) {
      ready.externalId = importRowKey(run.importId, row);
    }
    return ready;
  };
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
  options: TImportOptions = {},
): Promise<TImportResult> {
  const { schema, touchpoints, writer } = await interactionPlan(ctx);
  const counter = { bytes: 0 };
  const validate = (value: unknown, row: number) =>
    prepareInteraction({ touchpoints, schema }, value, row);
  const { write, inFlight, batchSize } = writer;
  return audited(
    ctx,
    { kind: 'interactions', format, importId: options.importId },
    (run) => {
      const rows = fileRows(run.source(source), format, INTERACTION_CSV, schema, counter);
      const prepare = withRowKeys(validate, run);
      return runImport(
        rows,
        plan(format, { prepare, write, inFlight, batchSize }, run, counter),
        onProgress,
      );
    },
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
    { kind: 'interactions', format: 'ndjson', importId: null },
    (run) =>
      runImport(
        recordRows(records),
        plan('ndjson', { prepare, write, inFlight, batchSize }, run),
        onProgress,
      ),
    writer,
  );
}
