/** A linear map from a domain onto a pixel range. */
export function linearScale(
  [d0, d1]: [number, number],
  [r0, r1]: [number, number],
): (value: number) => number {
  const span = d1 - d0 || 1;
  return (value) => r0 + ((value - d0) / span) * (r1 - r0);
}

/** The smallest and largest of the numbers, padded so a flat series still has a height. */
export function extent(values: number[], pad = 0.08): [number, number] {
  if (values.length === 0) return [0, 1];
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (low === high) {
    low -= 1;
    high += 1;
  }
  const margin = (high - low) * pad;
  return [low - margin, high + margin];
}

/** About `count` round tick values across the domain. */
export function ticks([low, high]: [number, number], count = 5): number[] {
  const raw = (high - low) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(low / step) * step; v <= high + 1e-9; v += step) {
    out.push(Number(v.toFixed(10)));
  }
  return out;
}

/** SVG path through the points; a null value breaks the line. */
export function linePath(points: { x: number; y: number | null }[]): string {
  let path = '';
  let drawing = false;
  for (const p of points) {
    if (p.y === null) {
      drawing = false;
      continue;
    }
    path += `${drawing ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`;
    drawing = true;
  }
  return path;
}
