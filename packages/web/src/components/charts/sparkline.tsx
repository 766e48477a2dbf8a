import { extent, linePath, linearScale } from './scale.js';

interface TSparklineProps {
  /** Oldest first; null where a period has no number (drawn as a gap, never as 0). */
  values: (number | null)[];
  /** What the line shows, for screen readers. */
  label: string;
  width?: number;
  height?: number;
}

/** A small trend line; its text alternative is `label`. */
export function Sparkline({ values, label, width = 160, height = 36 }: TSparklineProps) {
  const known = values.filter((v): v is number => v !== null);
  const x = linearScale([0, Math.max(values.length - 1, 1)], [2, width - 2]);
  const y = linearScale(extent(known, 0.15), [height - 3, 3]);
  const points = values.map((v, i) => ({ x: x(i), y: v === null ? null : y(v) }));
  const last = points.findLast((p) => p.y !== null);
  return (
    <svg
      className="sparkline"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="img"
      aria-label={label}
    >
      <path className="sparkline-line" d={linePath(points)} />
      {last && last.y !== null && (
        <circle className="sparkline-dot" cx={last.x} cy={last.y} r={2.5} />
      )}
    </svg>
  );
}
