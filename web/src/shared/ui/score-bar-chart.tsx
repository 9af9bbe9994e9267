// Scores against their maxima as a horizontal bar chart (ECharts, loaded with this chunk only:
// pages import it lazily, as they do stacked-bar-chart.tsx): each row a pale bar as long as its
// maximum with the score drawn over it, and the score written at its end. The chart is an image for
// screen readers (its `label` summarises it); a table on the page has every figure.
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** One row: its name, score (null: none, drawn as 0), maximum and the text written at its end. */
export interface ScoreBar {
  label: string;
  value: number | null;
  max: number;
  text: string;
}

const SCORE_COLOR = '#0958d9';
const MAX_COLOR = '#d9d9d9';
const TEXT_COLOR = 'rgba(0, 0, 0, 0.88)';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export default function ScoreBarChart({
  bars,
  label,
  scoreName,
  maxName,
  animate,
  testId,
}: {
  bars: ScoreBar[];
  /** What a screen reader reads instead of the picture. */
  label: string;
  /** The legend's names of the two bars. */
  scoreName: string;
  maxName: string;
  animate: boolean;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) {
      return undefined;
    }
    const chart = echarts.init(el, undefined, { renderer: 'svg' });
    const draw = () => {
      // Names take at most a third of a phone's width, more on a wide screen.
      const labelWidth = Math.round(Math.min(220, Math.max(90, el.clientWidth * 0.34)));
      chart.setOption(
        {
          animation: animate,
          aria: { enabled: false },
          tooltip: {
            trigger: 'axis',
            axisPointer: { type: 'shadow' },
            formatter: (items: { dataIndex: number }[]) => {
              const bar = bars[items[0]?.dataIndex ?? -1];
              return bar ? `${escapeHtml(bar.label)}<br/>${escapeHtml(bar.text)}` : '';
            },
          },
          legend: { top: 0, data: [scoreName, maxName] },
          grid: { left: 8, right: 72, top: 36, bottom: 8, containLabel: true },
          xAxis: {
            type: 'value',
            min: 0,
            max: Math.max(1, ...bars.map((b) => b.max)),
          },
          yAxis: {
            type: 'category',
            inverse: true,
            data: bars.map((b) => b.label),
            axisLabel: { width: labelWidth, overflow: 'truncate', color: TEXT_COLOR },
          },
          series: [
            {
              type: 'bar',
              name: maxName,
              barGap: '-100%',
              barMaxWidth: 22,
              itemStyle: { color: MAX_COLOR },
              label: {
                show: true,
                position: 'right',
                color: TEXT_COLOR,
                formatter: ({ dataIndex }: { dataIndex: number }) => bars[dataIndex]?.text ?? '',
              },
              data: bars.map((b) => b.max),
            },
            {
              type: 'bar',
              name: scoreName,
              barGap: '-100%',
              barMaxWidth: 22,
              itemStyle: { color: SCORE_COLOR },
              data: bars.map((b) => b.value ?? 0),
            },
          ],
        },
        true,
      );
    };
    draw();
    // Follows the width of its box (a rotated phone, a resized window), not only the window's.
    const observer = new ResizeObserver(() => {
      chart.resize();
      draw();
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [bars, scoreName, maxName, animate]);

  const height = Math.max(160, 56 + bars.length * 32);
  return (
    <div
      ref={ref}
      role="img"
      aria-label={label}
      className="cqdt-chart"
      data-testid={testId}
      style={{ width: '100%', height }}
    />
  );
}
