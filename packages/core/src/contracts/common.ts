import { z } from 'zod';

/** Identifier of any stored row (UUID v7). */
export const ZId = z.uuid();

/** An ISO 8601 instant in UTC, as stored and returned everywhere (`2026-01-31T12:00:00.000Z`). */
export const ZTimestamp = z.iso.datetime({ offset: true });

/** Query parameters shared by every list endpoint; `sort` is `field` or `-field` (descending). */
export const ZListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
});
export type TListQuery = z.infer<typeof ZListQuery>;

/** Builds the `sort` parameter of a list endpoint from the fields it may be sorted by. */
export function sortParam<const F extends readonly [string, ...string[]]>(fields: F) {
  const values = fields.flatMap((f) => [f, `-${f}`]) as [string, ...string[]];
  return z.enum(values).default(fields[0]);
}

/** A page of a list: the items and the cursor of the next page, null on the last one. */
export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** The one error shape every endpoint returns. */
export const ZErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  }),
});
export type TErrorBody = z.infer<typeof ZErrorBody>;

/** Path parameter `:id`. */
export const ZIdParams = z.object({ id: ZId });

/** A short human name: trimmed, 1-200 characters. */
export const ZName = z.string().trim().min(1).max(200);

/** Free text of moderate length. */
export const ZDescription = z.string().max(5000);

/** Values a typed attribute may take. */
export const ZAttributeValue = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);
export const ZAttributes = z.record(z.string().max(64), ZAttributeValue);
export type TAttributes = z.infer<typeof ZAttributes>;

/** A stable, URL-safe key chosen by people (`lounge-bar`, `traveller_type`). */
export const ZKey = z
  .string()
  .min(1)
  .max(64)
  .regex(
    /^[a-z0-9][a-z0-9_-]*$/,
    'lower-case letters, digits, "-" and "_", starting with a letter or digit',
  );
