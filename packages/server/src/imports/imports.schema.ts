import { IMPORT_ID_RULE } from '@touchstone/core';
import { z } from 'zod';

/**
 * The `Import-Id` header, documented; its value is checked by `parseImportId` (a 400 naming the
 * header, not the 422 of a schema).
 */
export const ZImportIdHeaders = z.object({
  'import-id': z
    .string()
    .optional()
    .describe(
      `The client's id for this import (${IMPORT_ID_RULE}). The same file sent again with the ` +
        'same id resumes the import: rows it already did are passed over, and rows without a key ' +
        'of their own get the key import:<import id>:<row>, so none is stored twice. ' +
        'The id the server gave an import (importId) names it too.',
    ),
});
