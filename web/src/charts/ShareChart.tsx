/**
 * Shares and members by period: ECharts 6 through echarts/core with only the pieces used, in its
 * own chunk (the home page renders without it). Values stay integer fen; labels are formatted
 * with formatYuan, so no money is turned into a float. `aria` describes the chart to screen readers.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format/use-format';

echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

interface Point { announcedOn: string; shareFen: number; sharingMembers: number }

/** `labels` are message keys (the home page's by default; the operator's outlook passes its own). */
export default function ShareChart({ periods, labels = { chart: 'home.chart', share: 'home.chartShare', members: 'home.chartMembers' } }: { periods: readonly Point[]; labels?: { chart: string; share: string; members: string } }) {
  const { t } = useTranslation();
  const f = useFormat();
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { renderer: 'svg' });
    const share = t(labels.share);
    const members = t(labels.members);
    chart.setOption({
      aria: { enabled: true, label: { description: `${t(labels.chart)}: ` + periods.map((p) => `${f.day(p.announcedOn)} ${f.yuan(p.shareFen)}, ${f.count(p.sharingMembers)}`).join('; ') } },
      color: ['#0b5cad', '#c25e00'],
      tooltip: { trigger: 'axis', valueFormatter: undefined },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: periods.map((p) => p.announcedOn.slice(5)) },
      yAxis: [
        { type: 'value', axisLabel: { formatter: (v: number) => f.yuan(Math.round(v)) } },
        { type: 'value', axisLabel: { formatter: (v: number) => f.count(v) } },
      ],
      series: [
        { name: share, type: 'line', data: periods.map((p) => p.shareFen), tooltip: { valueFormatter: (v: unknown) => f.yuan(Math.round(Number(v))) } },
        { name: members, type: 'bar', yAxisIndex: 1, data: periods.map((p) => p.sharingMembers), itemStyle: { opacity: 0.35 } },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => { window.removeEventListener('resize', resize); chart.dispose(); };
  }, [periods, t, f.locale, labels.chart, labels.share, labels.members]);
  return <div ref={el} className="chart" data-testid="share-chart" />;
}
