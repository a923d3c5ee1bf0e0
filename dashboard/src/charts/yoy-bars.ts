/** YoY growth per month as bars: actual months in one colour, forecast months in another. */
import uPlot from 'uplot';
import { monthToSeconds } from '../../../common/month.js';
import { formatPct } from '../format.js';
import { chartColors } from './theme.js';
import type { ChartHandle } from './forecast-chart.js';

export interface YoyBarsData {
  readonly months: readonly string[];
  readonly actual: readonly (number | null)[];
  readonly forecast: readonly (number | null)[];
}

const AXIS_FONT = '12px system-ui, -apple-system, sans-serif';
/** uPlot's tick length and label gap, with room to spare. */
const TICK_AND_GAP = 20;
let measuring: CanvasRenderingContext2D | null = null;

function textWidth(text: string): number {
  measuring ??= document.createElement('canvas').getContext('2d');
  if (measuring === null) return text.length * 8;
  measuring.font = AXIS_FONT;
  return measuring.measureText(text).width;
}

function aligned(d: YoyBarsData): uPlot.AlignedData {
  return [d.months.map(monthToSeconds), [...d.actual], [...d.forecast]] as uPlot.AlignedData;
}

export function yoyBars(
  el: HTMLElement,
  data: YoyBarsData,
): Omit<ChartHandle, 'update' | 'mark'> & { update(d: YoyBarsData): void } {
  const c = chartColors();
  const bars = uPlot.paths.bars!({ size: [0.7, 40], gap: 1 });
  const opts: uPlot.Options = {
    width: Math.max(280, el.clientWidth),
    height: 200,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    cursor: { drag: { x: false, y: false } },
    legend: { show: true, live: false },
    // Bars grow from zero: a range that left zero out would make +8 % look like nothing.
    scales: {
      y: {
        range: (_u, min, max) => {
          const lo = Math.min(0, min);
          const hi = Math.max(0, max);
          const pad = (hi - lo) * 0.08 || 1;
          return [lo < 0 ? lo - pad : 0, hi > 0 ? hi + pad : 0];
        },
      },
    },
    axes: [
      { stroke: c.text, grid: { show: false }, ticks: { stroke: c.grid } },
      {
        stroke: c.text,
        grid: { stroke: c.grid },
        ticks: { stroke: c.grid },
        font: AXIS_FONT,
        // As wide as its longest label: growth runs to +1,234.5 % where a series starts from little.
        size: (_u, values) => TICK_AND_GAP + Math.ceil(Math.max(0, ...(values ?? []).map(textWidth))),
        values: (_u, splits) => splits.map((v) => formatPct(v)),
      },
    ],
    series: [
      {},
      { label: 'YoY, actual', fill: c.actual, stroke: c.actual, paths: bars, points: { show: false } },
      { label: 'YoY, forecast', fill: c.band80, stroke: c.forecast, paths: bars, points: { show: false } },
    ],
  };
  const chart = new uPlot(opts, aligned(data), el);
  const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(280, el.clientWidth), height: 200 }));
  resize.observe(el);
  return {
    update: (next) => chart.setData(aligned(next)),
    destroy: () => {
      resize.disconnect();
      chart.destroy();
    },
  };
}
