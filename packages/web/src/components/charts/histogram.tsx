import { linearScale, ticks } from './scale.js';

/** One bar of a histogram: the range [from, to) (to null: open-ended) and its count. */
export interface THistogramBin {
  from: number;
  to: number | null;
  count: number;
}

interface THistogramProps {
  bins: THistogramBin[];
  /** What the chart shows, for screen readers (the bins follow it in the text alternative). */
  label: string;
  /** Formats a bin edge for the axis and the text alternative. */
  formatEdge: (value: number) => string;
  width?: number;
  height?: number;
}

const MARGIN = { top: 10, right: 32, bottom: 34, left: 48 };

/** Vertical bars of counts over adjacent ranges; the last bin may be open ("and above"). */
export function Histogram({ bins, label, formatEdge, width = 720, height = 240 }: THistogramProps) {
  const maxCount = Math.max(1, ...bins.map((b) => b.count));
  const x = linearScale([0, bins.length], [MARGIN.left, width - MARGIN.right]);
  const y = linearScale([0, maxCount], [height - MARGIN.bottom, MARGIN.top]);
  const barWidth = Math.max(1, x(1) - x(0) - 2);
  const describe = (b: THistogramBin) =>
    `${formatEdge(b.from)}${b.to === null ? ' and above' : ` to ${formatEdge(b.to)}`}: ${b.count}`;
  // Label about six edges so the axis stays readable at any bin count.
  const every = Math.max(1, Math.ceil(bins.length / 6));
  return (
    <svg
      className="histogram"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${label}: ${bins.map(describe).join('; ')}`}
    >
      {ticks([0, maxCount], 4).map((t) => (
        <g key={t}>
          <line
            className="histogram-grid"
            x1={MARGIN.left}
            x2={width - MARGIN.right}
            y1={y(t)}
            y2={y(t)}
          />
          <text className="histogram-axis" x={MARGIN.left - 6} y={y(t) + 4} textAnchor="end">
            {t}
          </text>
        </g>
      ))}
      {bins.map((b, i) => (
        <rect
          key={i}
          className={b.to === null ? 'histogram-bar histogram-bar-open' : 'histogram-bar'}
          x={x(i) + 1}
          y={y(b.count)}
          width={barWidth}
          height={Math.max(0, y(0) - y(b.count))}
        >
          <title>{describe(b)}</title>
        </rect>
      ))}
      {bins.map((b, i) => {
        const last = i === bins.length - 1;
        // The last closed bin is labelled at its right edge too, so the axis ends on a value.
        const edges: { at: number; text: string }[] = [];
        if (i % every === 0 || (last && b.to === null)) {
          edges.push(
            b.to === null
              ? { at: x(i + 0.5), text: `${formatEdge(b.from)}+` }
              : { at: x(i), text: formatEdge(b.from) },
          );
        }
        if (last && b.to !== null) edges.push({ at: x(i + 1), text: formatEdge(b.to) });
        return edges.map((edge) => (
          <text
            key={`edge-${edge.at}`}
            className="histogram-axis"
            x={edge.at}
            y={height - MARGIN.bottom + 16}
            textAnchor="middle"
          >
            {edge.text}
          </text>
        ));
      })}
    </svg>
  );
}
