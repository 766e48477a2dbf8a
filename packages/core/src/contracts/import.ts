import { z } from 'zod';
import { ZId, ZListQuery, ZTimestamp, sortParam } from './common.js';

export const IMPORT_FORMATS = ['csv', 'ndjson'] as const;
export const ZImportFormat = z.enum(IMPORT_FORMATS);
export type TImportFormat = z.infer<typeof ZImportFormat>;

/** What an import brings in. */
export const IMPORT_KINDS = ['customers', 'interactions', 'responses'] as const;
export const ZImportKind = z.enum(IMPORT_KINDS);
export type TImportKind = z.infer<typeof ZImportKind>;

/**
 * Where an import stands: `running` while a request reads its file; `completed` once the whole
 * file was read; `interrupted` when the file stopped early (the client went away, the body passed
 * the size limit, the process died), so sending it again resumes; `failed` when the file or the
 * server refused it (an unknown column, a write that failed).
 */
export const IMPORT_STATUSES = ['running', 'completed', 'failed', 'interrupted'] as const;
export const ZImportStatus = z.enum(IMPORT_STATUSES);
export type TImportStatus = z.infer<typeof ZImportStatus>;

/**
 * Whether an import's responses take rules' actions (open cases, notify): imported history does
 * not act unless asked. `skip` is the default and what customer and interaction imports record;
 * `run` asks a response import to act as if its responses had just been submitted. Analytics,
 * comment analysis and the `responses.imported` event come either way.
 */
export const IMPORT_ACTIONS = ['skip', 'run'] as const;
export const ZImportActions = z.enum(IMPORT_ACTIONS);
export type TImportActions = z.infer<typeof ZImportActions>;

/** The client's import id: what it sends (header `Import-Id`) to resume the same file. */
export const IMPORT_ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;
export const IMPORT_ID_RULE = '1 to 100 characters: letters, digits and . _ : -';

/** One rejected row of an import: its number (1 = first data row), the field and why. */
export const ZImportRowError = z.object({
  row: z.number().int(),
  field: z.string(),
  reason: z.string(),
});
export type TImportRowError = z.infer<typeof ZImportRowError>;

/** What one import request did: valid rows are stored, invalid rows are reported and not stored. */
export const ZImportResult = z.object({
  /** The import resource (`GET /api/imports/{id}`) this request ran. */
  importId: ZId,
  format: ZImportFormat,
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  /** Rows stored already as they are (a file imported again): not written a second time. */
  unchanged: z.number().int(),
  /** Rows an earlier request of the same import id had done: passed over, not read again. */
  skipped: z.number().int(),
  failed: z.number().int(),
  errors: z.array(ZImportRowError),
  /** True when more rows failed than are listed in `errors`. */
  errorsTruncated: z.boolean(),
});
export type TImportResult = z.infer<typeof ZImportResult>;

/**
 * An import as a resource: every request that ran it (the first and those that resumed it with
 * the same import id) adds to its counts, so that `rows = stored + unchanged + failed` over the
 * part of the file done, and `throughRow` is the last row of that part.
 */
export const ZImport = z.object({
  id: ZId,
  kind: ZImportKind,
  /** The survey of a response import. */
  surveyId: ZId.nullable(),
  /** The id the client gave (`Import-Id`), null when it gave none. */
  clientImportId: z.string().nullable(),
  status: ZImportStatus,
  format: ZImportFormat,
  /** Whether its responses take rules' actions (`run`) or not (`skip`, the default). */
  actions: ZImportActions,
  /** Who started it: `user:<id>`, `apikey:<id>`, `cli` or `system`. */
  startedBy: z.string(),
  /** Rows done: stored, unchanged or failed. */
  rows: z.number().int(),
  /** The last row done; a resumed request passes over the rows up to it. */
  throughRow: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  /** Rows written (created or updated). */
  stored: z.number().int(),
  unchanged: z.number().int(),
  failed: z.number().int(),
  /** The first rejected rows, in file order. */
  errors: z.array(ZImportRowError),
  errorsTruncated: z.boolean(),
  /** Why it stopped, when it did not complete. */
  message: z.string().nullable(),
  /** Requests that ran it. */
  attempts: z.number().int(),
  /** SHA-256 (hex) of the file's first bytes, checked when the import is resumed. */
  sourceDigest: z.string().nullable(),
  startedAt: ZTimestamp,
  updatedAt: ZTimestamp,
  finishedAt: ZTimestamp.nullable(),
});
export type TImport = z.infer<typeof ZImport>;

export const ZImportListQuery = ZListQuery.extend({
  sort: sortParam(['-startedAt', 'startedAt']),
  kind: ZImportKind.optional(),
  status: ZImportStatus.optional(),
});
export type TImportListQuery = z.infer<typeof ZImportListQuery>;
