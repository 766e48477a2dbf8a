/**
 * Cross-product moments as stored (`rollup_cross_products.moments_json`, a JSON array). Plain
 * JavaScript so that the bulk writer's thread (`responses/response-bulk-batch.mjs`) shares it
 * with the writer on the server's thread (`rollups.repository.ts`). Types in `moments.d.mts`.
 */

/** The moments of a cell after a delta: the delta plus what was stored (none: the delta). */
export function addStoredMoments(delta, storedJson) {
  const moments = Array.from(delta);
  if (storedJson === undefined) return moments;
  const stored = JSON.parse(storedJson);
  for (let i = 0; i < moments.length; i++) moments[i] = (moments[i] ?? 0) + (stored[i] ?? 0);
  return moments;
}
