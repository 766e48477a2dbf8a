import type { EChartsCoreOption } from 'echarts/core';
import { useMemo, type ReactNode } from 'react';
import { EChart, SAVE_AS_PNG } from './echart.js';

/** One period of a series: value, interval and n (value null when it has no number). */
export interface TTrendPoint {
  period: string;
  value: number | null;
  low: number | null;
  high: number | null;
  n: number;
  /** A significant change from the previous period: -1 fall, 1 rise, 0 none. */
  change: -1 | 0 | 1;
}

export interface TTrendLine {
  name: string;
  points: TTrendPoint[];
}

interface TTrendEChartProps {
  lines: TTrendLine[];
  /** Series drawn at first; the others are in the legend, one click away. */
  visible: ReadonlySet<string>;
  format: (value: number) => string;
  label: string;
  fileName: string;
  onPointClick?: (line: TTrendLine, point: TTrendPoint) => void;
  /** A period marked with a vertical line (an alert's first week after the change). */
  markPeriod?: string | undefined;
  children?: ReactNode;
}

/**
 * A metric over periods: one line per series, the interval as a band when one series is drawn,
 * significant changes marked ▲/▼, tooltips with n and interval, legend toggling series.
 */
export function TrendEChart({
  lines,
  visible,
  format,
  label,
  fileName,
  onPointClick,
  markPeriod,
  children,
}: TTrendEChartProps) {
  const option = useMemo<EChartsCoreOption>(() => {
    const periods = lines[0]?.points.map((p) => p.period) ?? [];
    const single = lines.length === 1;
    const band = single
      ? [
          {
            name: 'interval-low',
            type: 'line',
            data: lines[0]?.points.map((p) => p.low),
            lineStyle: { opacity: 0 },
            stack: 'band',
            symbol: 'none',
            silent: true,
            tooltip: { show: false },
          },
          {
            name: '95% interval',
            type: 'line',
            data: lines[0]?.points.map((p) =>
              p.low === null || p.high === null ? null : p.high - p.low,
            ),
            lineStyle: { opacity: 0 },
            areaStyle: { color: 'rgba(37, 99, 235, 0.15)' },
            stack: 'band',
            symbol: 'none',
            silent: true,
          },
        ]
      : [];
    return {
      toolbox: SAVE_AS_PNG,
      legend: {
        type: 'scroll',
        top: 0,
        left: 0,
        right: 110,
        data: lines.map((l) => l.name),
        selected: Object.fromEntries(lines.map((l) => [l.name, visible.has(l.name)])),
      },
      grid: { left: 12, right: 24, top: 48, bottom: 12, containLabel: true },
      xAxis: { type: 'category', data: periods, axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', scale: true, axisLabel: { formatter: format } },
      tooltip: {
        trigger: 'axis',
        formatter: (items: { seriesName: string; dataIndex: number }[]) => {
          const index = items[0]?.dataIndex ?? 0;
          const rows = items
            .map((item) => lines.find((l) => l.name === item.seriesName))
            .filter((l) => l !== undefined)
            .map((l) => {
              const p = l.points[index];
              if (!p || p.value === null) return `${l.name}: no figure (n ${p?.n ?? 0})`;
              const interval =
                p.low === null || p.high === null
                  ? ''
                  : ` (95% CI ${format(p.low)} to ${format(p.high)})`;
              const mark = p.change === 1 ? ' ▲' : p.change === -1 ? ' ▼' : '';
              return `${l.name}: ${format(p.value)}${interval}, n ${p.n}${mark}`;
            });
          return [periods[index] ?? '', ...rows].join('<br/>');
        },
      },
      series: [
        ...band,
        ...lines.map((l, i) => ({
          name: l.name,
          type: 'line',
          connectNulls: false,
          ...(i === 0 && markPeriod !== undefined
            ? {
                markLine: {
                  silent: true,
                  symbol: 'none',
                  label: { formatter: 'change' },
                  lineStyle: { type: 'dashed', color: '#b45309' },
                  data: [{ xAxis: markPeriod }],
                },
              }
            : {}),
          data: l.points.map((p) => ({
            value: p.value,
            symbol: p.change === 0 ? 'circle' : 'triangle',
            symbolSize: p.change === 0 ? 6 : 12,
            symbolRotate: p.change === -1 ? 180 : 0,
          })),
        })),
      ],
    };
  }, [lines, visible, format, markPeriod]);
  const bandSeries = lines.length === 1 ? 2 : 0;
  return (
    <EChart
      option={option}
      label={label}
      fileName={fileName}
      csvRows={() => [
        ['series', 'period', 'value', 'low', 'high', 'n', 'significant change'],
        ...lines.flatMap((l) =>
          l.points.map((p) => [
            l.name,
            p.period,
            p.value,
            p.low,
            p.high,
            p.n,
            p.change === 1 ? 'rise' : p.change === -1 ? 'fall' : '',
          ]),
        ),
      ]}
      onPointClick={(seriesIndex, dataIndex) => {
        const line = lines[seriesIndex - bandSeries];
        const point = line?.points[dataIndex];
        if (line && point) onPointClick?.(line, point);
      }}
    >
      {children}
    </EChart>
  );
}
