import { EXPERIENTIAL_MODULES, type TExperientialPromise } from '@touchstone/core';
import { humanize } from '../../components/page.js';

const SIZE = 240;
const CENTER = SIZE / 2;
const RADIUS = 84;

/** The point of module `index` at `value` (0-100), clockwise from the top. */
function point(index: number, value: number): [number, number] {
  const angle = -Math.PI / 2 + (index * 2 * Math.PI) / EXPERIENTIAL_MODULES.length;
  const r = (RADIUS * value) / 100;
  return [CENTER + r * Math.cos(angle), CENTER + r * Math.sin(angle)];
}

function polygon(values: number[]): string {
  return values
    .map((v, i) =>
      point(i, v)
        .map((n) => n.toFixed(1))
        .join(','),
    )
    .join(' ');
}

/** A radar chart of the experiential promise over SENSE, FEEL, THINK, ACT and RELATE. */
export function PromiseChart({ promise }: { promise: TExperientialPromise }) {
  const values = EXPERIENTIAL_MODULES.map((m) => promise[m]);
  const summary = EXPERIENTIAL_MODULES.map((m) => `${humanize(m)} ${promise[m]}`).join(', ');
  return (
    <svg
      className="promise-chart"
      viewBox={`0 0 ${SIZE} ${SIZE}`}
      role="img"
      aria-label={`Experiential promise: ${summary}`}
    >
      {[25, 50, 75, 100].map((ring) => (
        <polygon key={ring} className="chart-grid" points={polygon(values.map(() => ring))} />
      ))}
      {EXPERIENTIAL_MODULES.map((m, i) => {
        const [x, y] = point(i, 100);
        return <line key={m} className="chart-axis" x1={CENTER} y1={CENTER} x2={x} y2={y} />;
      })}
      <polygon className="chart-area" points={polygon(values)} />
      {values.map((v, i) => {
        const [x, y] = point(i, v);
        return <circle key={EXPERIENTIAL_MODULES[i]} className="chart-dot" cx={x} cy={y} r={3} />;
      })}
      {EXPERIENTIAL_MODULES.map((m, i) => {
        const [x, y] = point(i, 122);
        return (
          <text key={m} className="chart-label" x={x} y={y} textAnchor="middle" dy="0.35em">
            {m.toUpperCase()}
          </text>
        );
      })}
    </svg>
  );
}
