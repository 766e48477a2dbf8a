import { extent, linePath, linearScale, ticks } from './scale.js';

/** One period of a trend: its value and interval (null when it has no number). */
export interface TTrendDatum {
  label: string;
  value: number | null;
  low: number | null;
  high: number | null;
  /** A significant change from the previous period. */
  flagged: boolean;
}

export interface TTrendSeries {
  name: string;
  points: TTrendDatum[];
}

interface TTrendChartProps {
  series: TTrendSeries[];
  /** Formats a value for the axis. */
  format: (value: number) => string;
  /** The chart's accessible name; the table beside it carries the figures. */
  label: string;
}

const WIDTH = 760;
const HEIGHT = 300;
const M = { top: 16, right: 20, bottom: 42, left: 56 };

/**
 * Lines over time with their interval as a shaded band; significant changes are marked with a
 * ring and a triangle (not colour alone). Decorative for assistive technology: the table is the
 * text alternative.
 */
export function TrendChart({ series, format, label }: TTrendChartProps) {
  const labels = series[0]?.points.map((p) => p.label) ?? [];
  const values = series.flatMap((s) =>
    s.points.flatMap((p) => [p.value, p.low, p.high].filter((v): v is number => v !== null)),
  );
  const domain = extent(values);
  const x = linearScale([0, Math.max(labels.length - 1, 1)], [M.left, WIDTH - M.right]);
  const y = linearScale(domain, [HEIGHT - M.bottom, M.top]);
  const every = Math.max(1, Math.ceil(labels.length / 12));
  return (
    <svg className="trend-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
      {ticks(domain).map((t) => (
        <g key={t}>
          <line className="chart-gridline" x1={M.left} x2={WIDTH - M.right} y1={y(t)} y2={y(t)} />
          <text className="chart-tick" x={M.left - 6} y={y(t)} textAnchor="end" dy="0.35em">
            {format(t)}
          </text>
        </g>
      ))}
      {labels.map((l, i) =>
        i % every === 0 ? (
          <text
            key={l}
            className="chart-tick"
            x={x(i)}
            y={HEIGHT - M.bottom + 18}
            textAnchor="middle"
          >
            {l}
          </text>
        ) : null,
      )}
      {series.map((s, si) => (
        <g key={s.name} className={`series series-${si % 4}`}>
          {bandPaths(s.points, x, y).map((d, bi) => (
            <path key={bi} className="trend-band" d={d} />
          ))}
          <path
            className="trend-line"
            d={linePath(
              s.points.map((p, i) => ({ x: x(i), y: p.value === null ? null : y(p.value) })),
            )}
          />
          {s.points.map((p, i) =>
            p.value === null ? null : (
              <g key={i}>
                <circle className="trend-dot" cx={x(i)} cy={y(p.value)} r={3} />
                {p.flagged && (
                  <>
                    <circle className="trend-flag" cx={x(i)} cy={y(p.value)} r={8} />
                    <path
                      className="trend-flag-mark"
                      d={`M${x(i) - 5},${y(p.value) - 14}h10l-5,-8z`}
                    />
                  </>
                )}
              </g>
            ),
          )}
        </g>
      ))}
    </svg>
  );
}

/** The interval band as closed areas, one per run of periods that have an interval. */
function bandPaths(
  points: TTrendDatum[],
  x: (v: number) => number,
  y: (v: number) => number,
): string[] {
  const runs: { i: number; low: number; high: number }[][] = [];
  let run: { i: number; low: number; high: number }[] = [];
  points.forEach((p, i) => {
    if (p.low === null || p.high === null) {
      if (run.length > 0) runs.push(run);
      run = [];
    } else run.push({ i, low: p.low, high: p.high });
  });
  if (run.length > 0) runs.push(run);
  return runs.map((r) => {
    const top = r.map((p) => `${x(p.i).toFixed(1)},${y(p.high).toFixed(1)}`);
    const bottom = r.map((p) => `${x(p.i).toFixed(1)},${y(p.low).toFixed(1)}`).reverse();
    // A single period gets a short vertical bar instead of an invisible zero-width area.
    if (r.length === 1) {
      const p = r[0]!;
      return `M${x(p.i) - 3},${y(p.high)}h6V${y(p.low)}h-6Z`;
    }
    return `M${top.join('L')}L${bottom.join('L')}Z`;
  });
}
