// Counts per row as a stacked horizontal bar chart (ECharts, loaded with this chunk only: the
// statistics pages — documents' reports, the one-stop desk's — import it lazily). The chart is an
// image for screen readers; the table beside it has the figures.
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** One bar segment: which count of each row (a key of its `counts`), its legend name, colour
 * and stack. */
export interface ChartSeries {
  key: string;
  name: string;
  color: string;
  stack: string;
}

export default function StackedBarChart({
  rows,
  series,
  label,
  animate,
}: {
  rows: { label: string; counts: object }[];
  series: ChartSeries[];
  label: string;
  animate: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) {
      return undefined;
    }
    const chart = echarts.init(el, undefined, { renderer: 'svg' });
    chart.setOption({
      animation: animate,
      aria: { enabled: false },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 8, right: 16, top: 56, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((r) => r.label),
        axisLabel: { width: 160, overflow: 'truncate' },
      },
      series: series.map((s) => ({
        type: 'bar',
        name: s.name,
        stack: s.stack,
        itemStyle: { color: s.color },
        data: rows.map((r) => (r.counts as Record<string, number>)[s.key] ?? 0),
      })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [rows, series, animate]);

  const height = Math.max(220, 64 + rows.length * 44);
  return (
    <div
      ref={ref}
      role="img"
      aria-label={label}
      className="cqdt-chart"
      data-testid="statistics-chart"
      style={{ width: '100%', height }}
    />
  );
}
