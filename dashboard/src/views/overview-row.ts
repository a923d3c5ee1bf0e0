/** One series' row of the overview table, from its overview row as the API gives it. */
import type { OverviewRow } from '../../../service/contract/index.js';
import { sparklineSvg } from '../charts/sparkline.js';
import { formatMonth, formatPct, formatValue, trendClass } from '../format.js';
import { esc } from '../html.js';
import { yearMonthsText } from '../../../common/year-outlook.js';

export function overviewRowHtml(s: OverviewRow): string {
  const fy = s.outlook;
  // Each figure with its label is one unbreakable piece; the cell wraps between pieces, so that a long year
  // to date or full year takes two lines instead of pushing the sparklines off the screen.
  const piece = (html: string): string => `<span class="piece">${html}</span>`;
  // A year to date through a later published total than the latest month says through when.
  const through =
    s.ytd && s.ytd.through !== s.latestMonth
      ? ` ${piece(`<span class="vs">through ${esc(formatMonth(s.ytd.through))}</span>`)}`
      : '';
  const ytd = s.ytd
    ? `${piece(esc(formatValue(s.ytd.value, s.unit)))}${through} ` +
      (s.ytd.lastYear === null
        ? piece('<span class="vs" title="The same months last year are not all known">nothing a year before</span>')
        : piece(
            `<span class="vs">vs ${esc(formatValue(s.ytd.lastYear, s.unit))}</span> <span class="${trendClass(s.ytd.yoyPct)}">${esc(formatPct(s.ytd.yoyPct))}</span>`,
          ))
    : '<span class="na" title="Not every month of this year is known">–</span>';
  // A total resting on months no one published says so where it is read, not only on the series page.
  const estimated = fy?.monthsFilled
    ? ` ${piece(`<span class="vs">·</span> <span class="vs estimated" title="${esc(yearMonthsText(fy))}">${fy.monthsFilled} mo. estimated</span>`)}`
    : '';
  const fyText = fy?.fullYear
    ? `${piece(`${esc(formatValue(fy.fullYear.point, s.unit))} <span class="vs">${fy.year}</span>`)}${estimated}` +
      (fy.fullYearLastYear === null
        ? ''
        : ` ${piece(`<span class="vs">vs ${esc(formatValue(fy.fullYearLastYear, s.unit))}</span> <span class="${trendClass(fy.fullYearYoyPct)}">${esc(formatPct(fy.fullYearYoyPct))}</span>`)}`)
    : !fy && s.forecastNeeds
      ? `<span class="na needs">${esc(s.forecastNeeds)}</span>`
      : '<span class="na">–</span>';
  return `<tr data-series="${esc(s.id)}">
      <th scope="row" data-label="Series"><a href="#/series/${encodeURIComponent(s.id)}">${esc(s.name || s.id)}</a><span class="unit">${esc(s.unit)}${s.conflicts ? ` · <span class="conflict-mark" title="${s.conflicts} month(s) with conflicting figures">${s.conflicts} conflict${s.conflicts > 1 ? 's' : ''}</span>` : ''}</span></th>
      <td data-label="Latest month">${esc(formatMonth(s.latestMonth))}</td>
      <td class="num value" data-label="Value">${esc(formatValue(s.latestValue, s.unit))}</td>
      <td class="num ${trendClass(s.yoyPct)}" data-label="YoY">${esc(formatPct(s.yoyPct))}</td>
      <td class="num pieces" data-label="Year to date">${ytd}</td>
      <td class="num pieces" data-label="Full-year forecast">${fyText}</td>
      <td class="spark-cell" data-label="Last 24 months">${sparklineSvg(s.spark, { label: `${s.name || s.id}, last 24 months` })}</td>
    </tr>`;
}
