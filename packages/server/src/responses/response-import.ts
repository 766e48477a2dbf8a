import {
  ZId,
  notFound,
  NUL_MESSAGE,
  nulPaths,
  validateSubmission,
  type TAttributes,
  type TFieldIssue,
  type TImportActions,
  type TImportFormat,
  type TImportResult,
  type TImportRowError,
  type TSurveyDefinition,
} from '@touchstone/core';
import { recordAudit } from '../audit/audit.repository.js';
import type { TServiceContext } from '../auth/actor.js';
import { csvRowBatches } from '../imports/csv-columns.js';
import { RowError } from '../imports/row-errors.js';
import { withImportTuning } from '../imports/sqlite-import-tuning.js';
import {
  runImport,
  type TBatchOutcome,
  type TImportPlan,
  type TNumbered,
  type TProgressListener,
} from '../imports/import-runner.js';
import { importRowKey } from '../imports/import-row-key.js';
import { trackImport, type TImportRun } from '../imports/import-tracking.js';
import {
  csvRecordBatches,
  ndjsonRowBatches,
  textChunks,
  type TImportSource,
  type TRowInput,
} from '../imports/import-source.js';
import { isUniqueViolation } from '../storage/constraint-violation.js';
import type { TDb } from '../storage/database.js';
import { parseJsonColumn } from '../storage/rows.js';
import { findResponsesByIdempotencyKeys } from './responses.repository.js';
import { type TOrgRuntime, type TSurveyRuntime } from '../surveys/survey-cache.js';
import { ImportColumns, type TColumnMapping, type TImportItem } from './import-columns.js';
import type { TStoredResponse } from '../ingest/stored-response.js';
import { buildNewResponse } from './response-builder.js';
import type { TBulkResponseWriter } from '../ingest/bulk-response-writer.js';
import { ingestEngine } from '../ingest/engine.js';
import { importCustomerReader, type TImportCustomerReader } from './import-customers.js';
import { resolveTouchpoint } from './submission-refs.js';
import { importedRulesQueue, type TImportedRulesQueue } from '../rules/imported-response-rules.js';

/** What to import: the file, its format, and the mapping of its columns (and where it came from). */
export interface TImportInput {
  source: TImportSource;
  format: TImportFormat;
  mapping: { columns: TColumnMapping; field: string };
  /** The client's import id: the same file sent again with it resumes the import. */
  importId?: string | null;
  /** `run`: the responses take rules' actions (open cases, notify); absent or `skip`: none. */
  actions?: TImportActions;
}

/**
 * Rows per write (one transaction each): the first batch, small so that the writer's thread
 * starts early, and the most a batch grows to. Growing from a small first batch beat 10,000
 * throughout, and larger batches (20,000 or 40,000) were slower.
 */
const FIRST_BATCH_SIZE = 2_500;
const BATCH_SIZE = 10_000;

/** A row that passed the survey engine, waiting for its customer and the write. */
interface TReadyRow extends TNumbered {
  answers: TStoredResponse['answers'];
  hidden: Record<string, string>;
  touchpointId: string | null;
  language: string;
  at: string;
  customerExternalId: string | null;
  idempotencyKey: string | null;
  /** The import's key for a row without id or idempotency key, in an import the client named. */
  rowKey: string | null;
  /** The response id the row came with (a Touchstone export), kept as the stored id. */
  id: string | null;
  /** The file's columns by target, to name them in errors found while writing. */
  sources: ReadonlyMap<string, string>;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The first issue of a row, named by the file's own column where the row came from a column. */
function rowError(row: number, item: TImportItem, issue: TFieldIssue): RowError {
  const key = issue.field.replace(/^answers\./, '');
  return new RowError(row, item.sources.get(key) ?? issue.field, issue.message);
}

function prepareRow(
  survey: TSurveyRuntime,
  def: TSurveyDefinition,
  org: TOrgRuntime,
  item: TImportItem,
  row: number,
  rowKey: ((row: number) => string) | null,
): TReadyRow | RowError {
  const nul = nulPaths(item.fields, '', 1)[0] ?? nulPaths(item.hidden, 'hidden', 1)[0];
  const nulAnswer = nulPaths(item.answers, 'answers', 1)[0];
  const nulField = nul ?? nulAnswer;
  if (nulField !== undefined) {
    return rowError(row, item, { field: nulField, message: NUL_MESSAGE });
  }
  const checked = validateSubmission(
    def,
    { answers: item.answers as never, hidden: item.hidden as never },
    { partial: false },
  );
  const issues: TFieldIssue[] = [...checked.issues];
  const touchpointKey = text(item.fields.touchpointKey);
  const touchpointId = resolveTouchpoint(
    { touchpointKey, hidden: item.hidden as Record<string, string> },
    survey,
    org,
    '',
    issues,
  );
  const language = text(item.fields.language) ?? def.defaultLanguage;
  if (!def.languages.includes(language)) {
    issues.push({ field: 'language', message: `the survey is in ${def.languages.join(', ')}` });
  }
  const given = text(item.fields.submittedAt);
  const time = given === undefined ? Date.now() : Date.parse(given);
  if (Number.isNaN(time)) {
    issues.push({ field: 'submittedAt', message: 'must be an ISO 8601 instant' });
  }
  const id = text(item.fields.id) ?? null;
  if (id !== null && !ZId.safeParse(id).success) {
    issues.push({
      field: 'id',
      message: 'must be a response id (a UUID) from a Touchstone export',
    });
  }
  const first = issues[0];
  if (first !== undefined) return rowError(row, item, first);
  const idempotencyKey = text(item.fields.idempotencyKey) ?? null;
  return {
    row,
    id,
    rowKey: id === null && idempotencyKey === null && rowKey !== null ? rowKey(row) : null,
    answers: checked.answers,
    hidden: item.hidden as Record<string, string>,
    touchpointId,
    language,
    at: new Date(time).toISOString(),
    customerExternalId: text(item.fields.customerExternalId) ?? null,
    idempotencyKey,
    sources: item.sources,
  };
}

/** Why the writer refused a row, in words for the row's error. */
function writeFailure(row: TReadyRow, error: unknown): TImportRowError {
  if (isUniqueViolation(error) && row.idempotencyKey !== null) {
    const field = row.sources.get('idempotencyKey') ?? 'idempotencyKey';
    return { row: row.row, field, reason: 'a response with this key is stored' };
  }
  const reason = error instanceof Error ? error.message : 'could not be stored';
  return { row: row.row, field: '(row)', reason };
}

/** Stores a batch of checked rows: their customers in one query, responses through the writer. */
async function writeRows(
  db: TDb,
  customerReader: TImportCustomerReader,
  writer: TBulkResponseWriter,
  survey: TSurveyRuntime,
  org: TOrgRuntime,
  rows: TReadyRow[],
  queueActions: TImportedRulesQueue | null,
): Promise<TBatchOutcome> {
  const orgId = survey.organizationId;
  const externalIds = [
    ...new Set(rows.flatMap((r) => (r.customerExternalId ? [r.customerExternalId] : []))),
  ];
  const customers = new Map(
    (await customerReader.find(externalIds)).map((c) => [
      c.external_id,
      { id: c.id, attributes: parseJsonColumn<TAttributes>(c.attributes_json) },
    ]),
  );
  const errors: TImportRowError[] = [];
  const ready: { row: TReadyRow; stored: TStoredResponse }[] = [];
  // A row keeps the id it came with: one this survey holds already (the file imported again) is
  // done. An id stored elsewhere (the export imported into another survey or organization) gets
  // a new id with the source id in its idempotency key, which makes that import idempotent too.
  const storedIds = await customerReader.stored(rows.flatMap((r) => (r.id ? [r.id] : [])));
  const elsewhere = (row: TReadyRow) => row.id !== null && storedIds.has(row.id);
  const keyOf = (row: TReadyRow) =>
    row.idempotencyKey ?? row.rowKey ?? (elsewhere(row) ? `import:${survey.id}:${row.id}` : null);
  const keys = rows.flatMap((r) => {
    const key = keyOf(r);
    return key === null ? [] : [key];
  });
  const storedKeys = await findResponsesByIdempotencyKeys(db, orgId, keys);
  let unchanged = 0;
  for (const row of rows) {
    const holder = row.id === null ? undefined : storedIds.get(row.id);
    const key = keyOf(row);
    const here = holder?.organizationId === orgId && holder.surveyId === survey.id;
    if (here || (key !== null && storedKeys.has(key) && row.idempotencyKey === null)) {
      unchanged += 1;
      continue;
    }
    const customer = row.customerExternalId === null ? null : customers.get(row.customerExternalId);
    if (customer === undefined) {
      errors.push({
        row: row.row,
        field: row.sources.get('customerExternalId') ?? 'customerExternalId',
        reason: `no customer has the external id ${row.customerExternalId ?? ''}`,
      });
      continue;
    }
    const stored = buildNewResponse({
      organizationId: orgId,
      surveyId: survey.id,
      surveyVersion: survey.version,
      definition: survey.definition,
      org,
      touchpointId: row.touchpointId,
      customer,
      interactionId: null,
      channel: 'import',
      language: row.language,
      complete: true,
      answers: row.answers,
      hidden: row.hidden,
      idempotencyKey: keyOf(row),
      resumeTokenHash: null,
      at: row.at,
    });
    if (row.id !== null && holder === undefined) stored.id = row.id;
    ready.push({ row, stored });
  }
  // The actions' jobs exist before the rows do, so a process that dies once the batch is
  // stored cannot lose them; a refused row's id is in a job that finds nothing to act on.
  const held =
    queueActions === null ? null : await queueActions.hold(ready.map((r) => r.stored.id));
  const failures = await writer.write(ready.map((r) => r.stored));
  for (const { index, error } of failures) {
    const entry = ready[index];
    if (entry !== undefined) errors.push(writeFailure(entry.row, error));
  }
  if (queueActions !== null && held !== null) await queueActions.release(held);
  return { created: ready.length - failures.length, updated: 0, unchanged, errors };
}

/**
 * Imports responses to a survey's current version from CSV or NDJSON, streamed: each row is
 * checked by the survey engine (invalid rows are reported as `{ row, field, reason }` and not
 * stored), valid rows go through the bulk response writer in big batches (on a SQLite file, its
 * thread stores a batch while this one checks the next), with channel `import`. Rules act on
 * them only with `actions: 'run'`, paced (see `importedRulesQueue`).
 */
export async function importResponses(
  ctx: TServiceContext,
  surveyId: string,
  open: () => TImportInput,
  onProgress?: TProgressListener,
): Promise<TImportResult> {
  const orgId = ctx.actor.organizationId;
  const cache = ctx.services.surveys;
  const survey = await cache.surveyById(orgId, surveyId);
  if (!survey) throw notFound('survey', surveyId);
  // Opened after the survey is found: a missing survey is a 404 whatever the request carries.
  const input = open();
  const { format, mapping } = input;
  const def = survey.definition;
  const org = await cache.org(orgId);
  const columns = new ImportColumns(def, mapping.columns, mapping.field);
  const counter = { bytes: 0 };
  const start = {
    kind: 'responses' as const,
    surveyId,
    format,
    clientImportId: input.importId ?? null,
    ...(input.actions !== undefined && { actions: input.actions }),
  };
  const result = await trackImport(ctx, start, (run) => {
    const writer = ingestEngine(ctx.storage).bulkResponses();
    const customerReader = importCustomerReader(ctx.storage, orgId);
    const rowKey = run.named ? (row: number) => importRowKey(run.importId, row) : null;
    const queueActions =
      run.actions === 'run' ? importedRulesQueue(ctx.storage.db, orgId, run.importId) : null;
    const plan: TImportPlan<TReadyRow> = {
      format,
      batchSize: BATCH_SIZE,
      firstBatchSize: FIRST_BATCH_SIZE,
      inFlight: writer.inFlight,
      bytesRead: () => counter.bytes,
      skipThrough: run.skipThrough,
      onStored: run.onStored,
      prepare: (value, row) => prepareRow(survey, def, org, value as TImportItem, row, rowKey),
      write: (rows) =>
        writeRows(ctx.storage.db, customerReader, writer, survey, org, rows, queueActions),
    };
    // SQLite checkpoints less often while the import runs, and the writer's thread copies the
    // import's pages into the database after it returns (see withImportTuning).
    return withImportTuning(
      ctx.storage,
      () =>
        runImport(fileInputs(run, input, columns, counter), plan, onProgress).finally(() =>
          customerReader.close(),
        ),
      () => writer.close(),
    );
  });
  await recordAudit(ctx.storage.db, ctx.actor, {
    action: 'import',
    entity: 'response',
    entityId: surveyId,
    details: {
      format,
      rows: result.rows,
      created: result.created,
      failed: result.failed,
      importId: result.importId,
    },
  });
  return result;
}

/** The file's rows as import items, its first bytes checked for a resumed import. */
function fileInputs(
  run: TImportRun,
  input: TImportInput,
  columns: ImportColumns,
  counter: { bytes: number },
): AsyncIterable<TRowInput[]> {
  const chunks = textChunks(run.source(input.source), (n) => {
    counter.bytes += n;
  });
  return input.format === 'csv'
    ? csvRowBatches(csvRecordBatches(chunks), (header) => columns.csvReader(header))
    : ndjsonLines(ndjsonRowBatches(chunks), columns);
}

/** NDJSON lines read into import items (or the row's error). */
async function* ndjsonLines(
  batches: AsyncIterable<TRowInput[]>,
  columns: ImportColumns,
): AsyncGenerator<TRowInput[]> {
  for await (const batch of batches) {
    yield batch.map((input) => {
      if ('error' in input) return input;
      const read = columns.ndjsonItem(input.value);
      return 'item' in read
        ? { row: input.row, value: read.item }
        : { row: input.row, error: read.error };
    });
  }
}
