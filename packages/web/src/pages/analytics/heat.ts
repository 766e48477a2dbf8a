/**
 * A light background for a 0..100 performance: red through amber to green, kept pale enough that
 * dark text passes WCAG AA on every shade. Colour is never the only cue: cells print their value.
 */
export function heatColor(performance: number | null): string {
  if (performance === null) return 'var(--surface)';
  const t = Math.max(0, Math.min(100, performance)) / 100;
  const hue = Math.round(t * 130);
  return `hsl(${hue} 70% 86%)`;
}

/** A word for the band a performance falls in, printed beside the colour. */
export function heatBand(performance: number | null): string {
  if (performance === null) return 'no score';
  if (performance < 40) return 'low';
  if (performance < 65) return 'middle';
  return 'high';
}
