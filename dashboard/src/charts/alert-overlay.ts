/**
 * Alert marks drawn over the forecast chart, as elements in uPlot's overlay so each can be found
 * by month and read by a screen reader (the chart's own tooltip says what it is): a surprise is a ring on the actual with the 95 % and
 * 80 % bands its forecast had as a bracket beside it; an expected month not yet in is a dashed,
 * hollow slot labelled with the day it was expected by. Placed again on every redraw and resize.
 */
import type uPlot from 'uplot';
import { monthToSeconds } from '../../../common/month.js';
import { esc } from '../html.js';
import { NO_MARKS, type ChartMarks } from '../views/alert-marks.js';

const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });

export interface AlertOverlay {
  set(marks: ChartMarks): void;
  /** Positions the marks for the chart's current scales (its `draw` hook). */
  place(): void;
}

export function alertOverlay(chart: uPlot): AlertOverlay {
  const layer = document.createElement('div');
  layer.className = 'alert-marks';
  chart.over.appendChild(layer);
  let marks = NO_MARKS;

  const render = () => {
    layer.innerHTML =
      marks.surprises
        .map(
          (m) =>
            `<div class="mark-surprise mark-${esc(m.status)} mark-${esc(m.severity)}" data-month="${esc(m.month)}" title="${esc(m.title)}" role="img" aria-label="${esc(m.title)}"><span class="whisker w95"></span><span class="whisker w80"></span><span class="ring"></span></div>`,
        )
        .join('') +
      marks.missing
        .map((m) => {
          // Due at the end of its day: the instant is midnight after it.
          const label = `expected by ${dayFormat.format(new Date(Date.parse(m.expectedBy) - 1))}`;
          return `<div class="mark-missing" data-month="${esc(m.month)}" title="${esc(`${m.title} (${label})`)}"><span class="slot"></span><span class="slot-label">${esc(label)}</span></div>`;
        })
        .join('');
  };

  const y = (v: number) => chart.valToPos(v, 'y');
  const place = () => {
    const x = (month: string) => chart.valToPos(monthToSeconds(month), 'x');
    marks.surprises.forEach((m, i) => {
      const el = layer.children[i] as HTMLElement | undefined;
      if (!el) return;
      el.style.left = `${x(m.month)}px`;
      const [w95, w80, ring] = [...el.children] as HTMLElement[];
      span(w95!, y(m.hi95), y(m.lo95));
      span(w80!, y(m.hi80), y(m.lo80));
      ring!.style.top = `${y(m.actual)}px`;
    });
    marks.missing.forEach((m, i) => {
      const el = layer.children[marks.surprises.length + i] as HTMLElement | undefined;
      if (el) el.style.left = `${x(m.month)}px`;
    });
  };

  return {
    set(next) {
      marks = next;
      render();
      place();
    },
    place,
  };
}

/** A vertical bracket from `top` to `bottom` (px), kept inside the plot. */
function span(el: HTMLElement, top: number, bottom: number): void {
  el.style.top = `${Math.max(0, Math.min(top, bottom))}px`;
  el.style.height = `${Math.max(2, Math.abs(bottom - top))}px`;
}
