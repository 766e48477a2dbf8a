/** One axis of the radar: a name and up to two values on 0..100 (null: no number). */
export interface TRadarAxis {
  name: string;
  target: number | null;
  actual: number | null;
}

interface TRadarChartProps {
  axes: TRadarAxis[];
  /** Names of the two polygons, shown in the legend. */
  targetName: string;
  actualName: string;
  /** Accessible name; the table beside the chart holds the figures. */
  label: string;
}

const SIZE = 320;
const CENTER = SIZE / 2;
const RADIUS = 110;

function point(index: number, count: number, value: number): [number, number] {
  const angle = -Math.PI / 2 + (index * 2 * Math.PI) / count;
  const r = (RADIUS * Math.max(0, Math.min(100, value))) / 100;
  return [CENTER + r * Math.cos(angle), CENTER + r * Math.sin(angle)];
}

function polygon(values: number[]): string {
  return values
    .map((v, i) =>
      point(i, values.length, v)
        .map((n) => n.toFixed(1))
        .join(','),
    )
    .join(' ');
}

/**
 * A radar of actual scores against a target profile. The target is dashed and the actual solid,
 * so the two are told apart without colour; an axis without a number is drawn at the centre.
 */
export function RadarChart({ axes, targetName, actualName, label }: TRadarChartProps) {
  const count = axes.length;
  return (
    <figure className="radar">
      <svg className="radar-chart" viewBox={`0 0 ${SIZE} ${SIZE}`} role="img" aria-label={label}>
        {[25, 50, 75, 100].map((ring) => (
          <polygon key={ring} className="chart-grid" points={polygon(axes.map(() => ring))} />
        ))}
        {axes.map((a, i) => {
          const [x, y] = point(i, count, 100);
          return <line key={a.name} className="chart-axis" x1={CENTER} y1={CENTER} x2={x} y2={y} />;
        })}
        <polygon className="radar-target" points={polygon(axes.map((a) => a.target ?? 0))} />
        <polygon className="radar-actual" points={polygon(axes.map((a) => a.actual ?? 0))} />
        {axes.map((a, i) => {
          if (a.actual === null) return null;
          const [x, y] = point(i, count, a.actual);
          return <circle key={a.name} className="radar-dot" cx={x} cy={y} r={3.5} />;
        })}
        {axes.map((a, i) => {
          const [x, y] = point(i, count, 124);
          return (
            <text key={a.name} className="chart-label" x={x} y={y} textAnchor="middle" dy="0.35em">
              {a.name.toUpperCase()}
            </text>
          );
        })}
      </svg>
      <figcaption className="chart-legend">
        <span className="legend-item">
          <svg width="28" height="10" aria-hidden="true">
            <line className="legend-target" x1="0" y1="5" x2="28" y2="5" />
          </svg>
          {targetName}
        </span>
        <span className="legend-item">
          <svg width="28" height="10" aria-hidden="true">
            <line className="legend-actual" x1="0" y1="5" x2="28" y2="5" />
          </svg>
          {actualName}
        </span>
      </figcaption>
    </figure>
  );
}
