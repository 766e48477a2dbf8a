import type { ECharts, EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { CsvButton, type TCsvValue } from './csv-download.js';

interface TEChartProps {
  option: EChartsCoreOption;
  /** The chart's accessible name. */
  label: string;
  /** The chart's data, header first, for its CSV download. */
  csvRows: () => readonly (readonly TCsvValue[])[];
  fileName: string;
  height?: number;
  /** A click on a data point: its series and index in that series' data. */
  onPointClick?: (seriesIndex: number, dataIndex: number) => void;
  /** The text alternative (a visually hidden table), kept for screen readers. */
  children?: ReactNode;
}

/**
 * An ECharts chart, loaded on first use (the library is a separate chunk): PNG download from its
 * toolbox, CSV download of its data, and the text alternative beside it.
 */
export function EChart({
  option,
  label,
  csvRows,
  fileName,
  height = 320,
  onPointClick,
  children,
}: TEChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const click = useRef(onPointClick);
  click.current = onPointClick;
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | null = null;
    import('./echarts-setup.js')
      .then(({ echarts }) => {
        if (disposed || !host.current) return;
        const instance = echarts.init(host.current, undefined, { renderer: 'canvas' });
        chart.current = instance;
        instance.on('click', (event) => {
          const e = event as { seriesIndex?: number; dataIndex?: number };
          if (e.seriesIndex !== undefined && e.dataIndex !== undefined) {
            click.current?.(e.seriesIndex, e.dataIndex);
          }
        });
        observer = new ResizeObserver(() => instance.resize());
        observer.observe(host.current);
        instance.setOption(option, true);
      })
      .catch(() => setFailed(true));
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
    // The chart is built once; option changes are applied by the effect below.
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  return (
    <figure className="echart">
      <div
        ref={host}
        className="echart-canvas"
        style={{ height }}
        role="img"
        aria-label={label}
        data-testid="echart"
      />
      {failed && <p className="muted">The chart could not be drawn; its figures are below.</p>}
      <figcaption className="echart-actions">
        <CsvButton fileName={fileName} rows={csvRows} label="Download data (CSV)" />
      </figcaption>
      {children}
    </figure>
  );
}

/** The toolbox every chart has: save as PNG. */
export const SAVE_AS_PNG = {
  feature: { saveAsImage: { type: 'png', title: 'Save as PNG', pixelRatio: 2 } },
  right: 8,
  top: 0,
} as const;
