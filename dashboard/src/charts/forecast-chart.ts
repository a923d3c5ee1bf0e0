/**
 * Actuals and forecast on one uPlot chart: the 95 % and 80 % bands, the forecast line, last year's
 * line for comparison, and the actuals with their gaps left as gaps, with the series' alerts
 * marked over it (alert-overlay.ts). Hovering reports the month index so the view can show where
 * the figure came from.
 */
import uPlot from 'uplot';
import { monthToSeconds } from '../../../common/month.js';
import { formatCompact } from '../format.js';
import type { ChartMarks } from '../views/alert-marks.js';
import { alertOverlay, type AlertOverlay } from './alert-overlay.js';
import { chartColors } from './theme.js';

export interface ForecastChartData {
  readonly months: readonly string[];
  readonly actual: readonly (number | null)[];
  readonly lastYear: readonly (number | null)[];
  readonly point: readonly (number | null)[];
  readonly lo80: readonly (number | null)[];
  readonly hi80: readonly (number | null)[];
  readonly lo95: readonly (number | null)[];
  readonly hi95: readonly (number | null)[];
}

export interface ChartHandle {
  update(data: ForecastChartData): void;
  /** Replaces the alert marks drawn over the chart. */
  mark(marks: ChartMarks): void;
  destroy(): void;
}

function aligned(d: ForecastChartData): uPlot.AlignedData {
  return [
    d.months.map(monthToSeconds),
    [...d.actual],
    [...d.lastYear],
    [...d.hi95],
    [...d.lo95],
    [...d.hi80],
    [...d.lo80],
    [...d.point],
  ] as uPlot.AlignedData;
}

export function forecastChart(
  el: HTMLElement,
  data: ForecastChartData,
  options: { onHover: (idx: number | null, left: number, top: number) => void },
): ChartHandle {
  const c = chartColors();
  // Built once the chart exists; the draw hook places its marks from then on.
  let overlay: AlertOverlay | null = null;
  const band = { points: { show: false }, width: 0, stroke: 'transparent' };
  const opts: uPlot.Options = {
    width: Math.max(280, el.clientWidth),
    height: el.clientWidth < 500 ? 240 : 320,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    cursor: { points: { size: 8 }, drag: { x: false, y: false } },
    legend: { show: true, live: false },
    scales: { x: { time: true } },
    axes: [
      { stroke: c.text, grid: { stroke: c.grid }, ticks: { stroke: c.grid } },
      {
        stroke: c.text,
        grid: { stroke: c.grid },
        ticks: { stroke: c.grid },
        size: 70,
        values: (_u, splits) => splits.map(formatCompact),
      },
    ],
    series: [
      {},
      { label: 'Actual', stroke: c.actual, width: 2, points: { show: true, size: 6, fill: c.actual }, spanGaps: false },
      { label: 'Last year', stroke: c.lastYear, width: 1.5, dash: [4, 4], points: { show: false }, spanGaps: false },
      { label: '95 % high', ...band },
      { label: '95 % low', ...band },
      { label: '80 % high', ...band },
      { label: '80 % low', ...band },
      {
        label: 'Forecast',
        stroke: c.forecast,
        width: 2,
        dash: [6, 3],
        points: { show: true, size: 4, fill: c.forecast },
      },
    ],
    bands: [
      { series: [3, 4], fill: c.band95 },
      { series: [5, 6], fill: c.band80 },
    ],
    hooks: {
      draw: [() => overlay?.place()],
      setCursor: [
        (u) => {
          const idx = u.cursor.idx;
          options.onHover(idx === null || idx === undefined ? null : idx, u.cursor.left ?? 0, u.cursor.top ?? 0);
        },
      ],
    },
  };
  const chart = new uPlot(opts, aligned(data), el);
  overlay = alertOverlay(chart);
  // The band edges carry no meaning of their own in the legend: the bands are named in the caption.
  chart.root.querySelectorAll<HTMLElement>('.u-legend .u-series').forEach((el) => {
    if (/ (high|low)$/.test(el.textContent?.trim() ?? '')) el.classList.add('u-off-legend');
  });
  const resize = new ResizeObserver(() =>
    chart.setSize({ width: Math.max(280, el.clientWidth), height: el.clientWidth < 500 ? 240 : 320 }),
  );
  resize.observe(el);
  return {
    update: (next) => chart.setData(aligned(next)),
    mark: (marks) => overlay!.set(marks),
    destroy: () => {
      resize.disconnect();
      chart.destroy();
    },
  };
}
