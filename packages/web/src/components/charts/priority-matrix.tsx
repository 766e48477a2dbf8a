import { linearScale } from './scale.js';

/** A driver placed by importance (x, share of explained variance) and performance (y, 0..100). */
export interface TMatrixPoint {
  name: string;
  importance: number;
  performance: number;
}

interface TPriorityMatrixProps {
  points: TMatrixPoint[];
  /** Where the quadrants split (the server's, usually the means). */
  importanceSplit: number;
  performanceSplit: number;
  /** Accessible name; the drivers table holds the figures. */
  label: string;
}

const WIDTH = 560;
const HEIGHT = 380;
const M = { top: 24, right: 24, bottom: 48, left: 56 };

/**
 * The priority matrix: quadrants split where the server split them (by default the means). High
 * importance and low performance is where to act first.
 */
export function PriorityMatrix({
  points,
  importanceSplit,
  performanceSplit,
  label,
}: TPriorityMatrixProps) {
  const maxImportance = Math.max(0.01, ...points.map((p) => p.importance)) * 1.1;
  const perf = points.map((p) => p.performance);
  const low = Math.max(0, Math.min(...perf) - 10);
  const high = Math.min(100, Math.max(...perf) + 10);
  const x = linearScale([0, maxImportance], [M.left, WIDTH - M.right]);
  const y = linearScale([low, high], [HEIGHT - M.bottom, M.top]);
  const meanX = importanceSplit;
  const meanY = performanceSplit;
  const quadrants = [
    { text: 'Fix first', qx: WIDTH - M.right - 6, qy: HEIGHT - M.bottom - 8, anchor: 'end' },
    { text: 'Keep up', qx: WIDTH - M.right - 6, qy: M.top + 14, anchor: 'end' },
    { text: 'Monitor', qx: M.left + 6, qy: HEIGHT - M.bottom - 8, anchor: 'start' },
    { text: 'Possible overkill', qx: M.left + 6, qy: M.top + 14, anchor: 'start' },
  ] as const;
  return (
    <svg
      className="priority-matrix"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={label}
    >
      <rect
        className="quadrant-fix"
        x={x(meanX)}
        y={y(meanY)}
        width={WIDTH - M.right - x(meanX)}
        height={HEIGHT - M.bottom - y(meanY)}
      />
      <rect
        className="chart-frame"
        x={M.left}
        y={M.top}
        width={WIDTH - M.left - M.right}
        height={HEIGHT - M.top - M.bottom}
      />
      <line
        className="quadrant-line"
        x1={x(meanX)}
        x2={x(meanX)}
        y1={M.top}
        y2={HEIGHT - M.bottom}
      />
      <line
        className="quadrant-line"
        x1={M.left}
        x2={WIDTH - M.right}
        y1={y(meanY)}
        y2={y(meanY)}
      />
      {quadrants.map((q) => (
        <text key={q.text} className="quadrant-label" x={q.qx} y={q.qy} textAnchor={q.anchor}>
          {q.text}
        </text>
      ))}
      {points.map((p) => (
        <g key={p.name}>
          <circle className="matrix-dot" cx={x(p.importance)} cy={y(p.performance)} r={5} />
          <text className="matrix-label" x={x(p.importance) + 8} y={y(p.performance)} dy="0.35em">
            {p.name}
          </text>
        </g>
      ))}
      <text
        className="chart-axis-title"
        x={(M.left + WIDTH - M.right) / 2}
        y={HEIGHT - 12}
        textAnchor="middle"
      >
        Importance (share of explained variance) →
      </text>
      <text
        className="chart-axis-title"
        transform={`translate(16 ${(M.top + HEIGHT - M.bottom) / 2}) rotate(-90)`}
        textAnchor="middle"
      >
        Performance (0–100) →
      </text>
    </svg>
  );
}
