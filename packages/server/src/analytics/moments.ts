/**
 * Cross-product moments as stored (`rollup_cross_products.moments_json`, a JSON array), shared by
 * the writer on the server's thread (`rollups.repository.ts`) and the bulk writer's thread
 * (`responses/response-bulk-batch.ts`).
 */

/** The moments of a cell after a delta: the delta plus what was stored (none: the delta). */
export function addStoredMoments(
  delta: ArrayLike<number>,
  storedJson: string | undefined,
): number[] {
  const moments = Array.from(delta);
  if (storedJson === undefined) return moments;
  const stored = JSON.parse(storedJson) as (number | undefined)[];
  for (let i = 0; i < moments.length; i++) moments[i] = (moments[i] ?? 0) + (stored[i] ?? 0);
  return moments;
}
