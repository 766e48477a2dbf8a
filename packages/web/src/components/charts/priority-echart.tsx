import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { EChart, SAVE_AS_PNG } from './echart.js';

/** A driver placed by importance (share of R², %) and performance (0..100). */
export interface TPriorityPoint {
  key: string;
  /** The driver's question text. */
  name: string;
  importance: number;
  performance: number;
  quadrant: string;
}

interface TPriorityEChartProps {
  points: TPriorityPoint[];
  importanceSplit: number;
  performanceSplit: number;
  label: string;
  onPointClick?: (point: TPriorityPoint) => void;
}

/**
 * The priority matrix as a scatter: importance across, performance up, split where the server
 * split it. Labels that would collide are moved apart or hidden (the tooltip and the table name
 * every driver), so names never overlap into one unreadable cluster.
 */
export function PriorityEChart({
  points,
  importanceSplit,
  performanceSplit,
  label,
  onPointClick,
}: TPriorityEChartProps) {
  const option = useMemo<EChartsCoreOption>(
    () => ({
      toolbox: SAVE_AS_PNG,
      grid: { left: 12, right: 32, top: 40, bottom: 28, containLabel: true },
      xAxis: {
        type: 'value',
        name: 'Importance (share of R², %)',
        nameLocation: 'middle',
        nameGap: 28,
        min: 0,
      },
      yAxis: {
        type: 'value',
        name: 'Performance (0–100)',
        nameLocation: 'middle',
        nameGap: 40,
        scale: true,
      },
      tooltip: {
        trigger: 'item',
        formatter: (item: { dataIndex: number }) => {
          const p = points[item.dataIndex];
          return p
            ? `${p.name}<br/>Importance ${p.importance.toFixed(1)}% · performance ${p.performance.toFixed(1)}<br/>${p.quadrant}`
            : '';
        },
      },
      series: [
        {
          type: 'scatter',
          symbolSize: 12,
          data: points.map((p) => [p.importance, p.performance]),
          label: {
            show: true,
            position: 'right',
            formatter: (item: { dataIndex: number }) => shorten(points[item.dataIndex]?.name ?? ''),
          },
          labelLayout: { moveOverlap: 'shiftY', hideOverlap: true },
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { type: 'dashed', color: '#6b7280' },
            label: { show: false },
            data: [{ xAxis: importanceSplit }, { yAxis: performanceSplit }],
          },
        },
      ],
    }),
    [points, importanceSplit, performanceSplit],
  );
  return (
    <EChart
      option={option}
      label={label}
      fileName="priority-matrix"
      height={420}
      csvRows={() => [
        ['driver', 'importance', 'performance', 'quadrant'],
        ...points.map((p) => [p.name, p.importance, p.performance, p.quadrant]),
      ]}
      onPointClick={(_, index) => {
        const point = points[index];
        if (point) onPointClick?.(point);
      }}
    />
  );
}

/** Long question texts cut for a label; the tooltip and table keep them whole. */
function shorten(text: string): string {
  return text.length > 32 ? `${text.slice(0, 30)}…` : text;
}
