/** Past forecasts against what happened: accuracy by months ahead, and each scored forecast. */
import type { OutcomesView } from '../../../service/contract/index.js';
import { formatDateTime, formatMonth, formatPct, formatShare, formatValue } from '../format.js';
import { esc } from '../html.js';

export function outcomesHtml(view: OutcomesView, unit: string): string {
  if (view.outcomes.length === 0) {
    return `<h2>Past forecasts against actuals</h2>
      <p class="hint">No forecast month has reached its actual yet: this fills in as new figures arrive.</p>`;
  }
  const byH = view.byHorizon
    .map(
      (h) =>
        `<tr><th scope="row">${h.h}</th><td class="num">${h.n}</td>
          <td class="num">${h.mapePct === null ? '–' : esc(h.mapePct.toFixed(1))} %</td>
          <td class="num">${esc(formatShare(h.within80))}</td><td class="num">${esc(formatShare(h.within95))}</td>
          </tr>`,
    )
    .join('');
  const rows = [...view.outcomes]
    .reverse()
    .slice(0, 60)
    .map(
      (o) =>
        `<tr><th scope="row">${esc(formatMonth(o.month))}</th><td>${esc(formatDateTime(o.fittedAt))}</td>
          <td class="num">${o.h}</td><td class="num">${esc(formatValue(o.point, unit))}</td>
          <td class="num">${esc(formatValue(o.actual, unit))}</td>
          <td class="num">${esc(formatPct(o.apePct === null ? null : (o.error / Math.abs(o.actual)) * 100))}</td>
          <td>${o.within80 ? 'yes' : 'no'} / ${o.within95 ? 'yes' : 'no'}</td></tr>`,
    )
    .join('');
  return `<h2>Past forecasts against actuals</h2>
    <table class="compact"><caption>Accuracy by months ahead</caption><thead><tr><th scope="col">Months ahead</th>
      <th scope="col" class="num">Forecasts</th><th scope="col" class="num">Mean abs. % error</th>
      <th scope="col" class="num">Inside 80 %</th><th scope="col" class="num">Inside 95 %</th></tr></thead>
      <tbody>${byH}</tbody></table>
    <div class="table-wrap"><table><caption>Each forecast month once its actual arrived (newest first)</caption>
      <thead><tr><th scope="col">Month</th><th scope="col">Forecast made</th>
      <th scope="col" class="num">Months ahead</th><th scope="col" class="num">Forecast</th>
      <th scope="col" class="num">Actual</th><th scope="col" class="num">Actual vs forecast</th>
      <th scope="col">Inside 80 % / 95 %</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}
