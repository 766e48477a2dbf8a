import { z } from 'zod';

export const IMPORT_FORMATS = ['csv', 'ndjson'] as const;
export const ZImportFormat = z.enum(IMPORT_FORMATS);
export type TImportFormat = z.infer<typeof ZImportFormat>;

/** One rejected row of an import: its number (1 = first data row), the field and why. */
export const ZImportRowError = z.object({
  row: z.number().int(),
  field: z.string(),
  reason: z.string(),
});
export type TImportRowError = z.infer<typeof ZImportRowError>;

/** What an import did: valid rows are stored, invalid rows are reported and not stored. */
export const ZImportResult = z.object({
  format: ZImportFormat,
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  /** Rows stored already as they are (a file imported again): not written a second time. */
  unchanged: z.number().int(),
  failed: z.number().int(),
  errors: z.array(ZImportRowError),
  /** True when more rows failed than are listed in `errors`. */
  errorsTruncated: z.boolean(),
});
export type TImportResult = z.infer<typeof ZImportResult>;
