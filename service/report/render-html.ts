/**
 * The report email's HTML body, in the layout every pulsecast email shares (`email-layout.ts`).
 * Charts are `cid:` images the message carries. Pure: model in, string out.
 */
import type { ForecastPoint } from '../../forecasting/types.js';
import { addMonths } from '../../common/month.js';
import { isAdditiveUnit } from '../../common/units.js';
import { yearMonthsText } from '../../common/year-outlook.js';
import { CHART_HEIGHT, CHART_WIDTH, COLORS } from './chart-svg.js';
import { DOWN, emailDocument, esc, MUTED, NUM, row, RULE, table, td, TEXT, UP } from './email-layout.js';
import { fullNumber, monthLabel, share, signedPct } from './format.js';
import { noBacktest, noForecast, type Change, type ReportModel, type SeriesSection } from './report-model.js';

export interface HtmlOptions {
  /** Content-ID of a series' chart image, without the angle brackets. */
  readonly chartCid: (seriesId: string) => string;
  /** File name of the CSV attachment, named in the footer. */
  readonly csvName: string;
}

export function renderHtml(model: ReportModel, options: HtmlOptions): string {
  const body = [
    header(model),
    overview(model),
    ...model.sections.map((s) => section(s, options)),
    footer(model, options),
  ].join('\n');
  return emailDocument(model.subject, body);
}

function header(model: ReportModel): string {
  const when = model.asOf ? `Actuals through ${monthLabel(model.asOf)}` : 'No actuals yet';
  return row(
    `<div style="font-size:12px;letter-spacing:.08em;text-transform:uppercase;color:${MUTED};">pulsecast · forecast report</div>
<h1 style="margin:6px 0 4px;font-size:22px;line-height:1.3;font-weight:600;">${esc(model.title)}</h1>
<div style="font-size:14px;color:${MUTED};">${esc(when)} · forecasts for the next ${model.horizon} months · ${model.sections.length} series</div>`,
    `padding:24px 28px 12px;border-bottom:3px solid ${COLORS.actual};`,
  );
}

function overview(model: ReportModel): string {
  const head = ['Series', 'Latest month', 'YoY', 'Year to date', 'YoY', 'Full-year forecast', 'YoY'];
  const rows = model.sections.map((s) => {
    const fy = s.fullYear;
    return `<tr>${td(`<b>${esc(s.name)}</b><br><span style="color:${MUTED};font-size:12px;">${esc(s.unit)}</span>`)}
${td(s.latest ? `${fullNumber(s.latest.value, s.unit)}<br><span style="color:${MUTED};font-size:12px;">${monthLabel(s.latest.month)}</span>` : 'n/a', NUM)}
${td(growth(s.latest?.yoyPct ?? null), NUM)}
${td(s.ytd ? `${fullNumber(s.ytd.value, s.unit)}<br><span style="color:${MUTED};font-size:12px;">Jan–${monthLabel(s.ytd.through)}</span>` : `<span style="color:#8a94a3;">${isAdditiveUnit(s.unit) ? 'incomplete' : 'n/a'}</span>`, NUM)}
${td(growth(s.ytd?.yoyPct ?? null), NUM)}
${td(fy ? `${fullNumber(fy.point, s.unit)}<br><span style="color:${MUTED};font-size:12px;">${fy.year}${fy.monthsFilled ? ` · ${fy.monthsFilled} mo. estimated` : ''}</span>` : s.forecastNeeds ? `<span style="color:${MUTED};font-size:12px;">${esc(s.forecastNeeds)}</span>` : 'n/a', NUM)}
${td(growth(fy?.yoyPct ?? null), NUM)}</tr>`;
  });
  return row(`<h2 style="margin:0 0 10px;font-size:16px;">At a glance</h2>
${table(head, rows.join('\n'))}`);
}

function section(s: SeriesSection, options: HtmlOptions): string {
  const parts = [
    `<h2 style="margin:0 0 2px;font-size:18px;">${esc(s.name)}</h2><div style="font-size:12px;color:${MUTED};margin-bottom:12px;">${esc(s.id)} · ${esc(s.unit)}</div>`,
    kpis(s),
    `<img src="cid:${esc(options.chartCid(s.id))}" width="${CHART_WIDTH - 16}" height="${Math.round((CHART_HEIGHT * (CHART_WIDTH - 16)) / CHART_WIDTH)}" alt="${esc(`Chart of ${s.name}: actuals, forecast and 80 % / 95 % intervals`)}" style="display:block;width:100%;max-width:${CHART_WIDTH - 16}px;height:auto;margin:12px 0;border:0;">`,
    forecastTable(s),
    modelLine(s),
    changes(s),
  ];
  return row(parts.join('\n'), `padding:22px 28px;border-top:1px solid ${RULE};`);
}

function kpis(s: SeriesSection): string {
  const u = s.unit;
  const { latest, ytd, fullYear: fy } = s;
  const tiles = [
    latest
      ? tile(
          monthLabel(latest.month),
          fullNumber(latest.value, u),
          latest.lastYear === null
            ? `no figure for ${monthLabel(addMonths(latest.month, -12))} to compare with`
            : `${growth(latest.yoyPct)} on ${fullNumber(latest.lastYear, u)} a year before`,
        )
      : tile('Latest month', 'n/a', 'no figures yet'),
    ytd
      ? tile(
          `Year to date (Jan–${monthLabel(ytd.through).slice(0, 3)})`,
          fullNumber(ytd.value, u),
          (ytd.lastYear === null
            ? 'the same months last year are not all known'
            : `${growth(ytd.yoyPct)} on ${fullNumber(ytd.lastYear, u)} last year`) +
            (ytd.basis === 'published' ? '<br>from published year-to-date totals' : ''),
        )
      : tile(
          'Year to date',
          'n/a',
          isAdditiveUnit(u) ? 'a month of this year is missing' : 'a share or rate has no year-to-date total',
        ),
    fy
      ? tile(
          `Full year ${fy.year} (forecast)`,
          fullNumber(fy.point, u),
          `${fy.lastYear === null ? `${fy.year - 1} has gaps: no total to compare with` : `${growth(fy.yoyPct)} on ${fullNumber(fy.lastYear, u)} in ${fy.year - 1}`}<br>80 %: ${fullNumber(fy.lo80, u)} – ${fullNumber(fy.hi80, u)}<br>${esc(yearMonthsText(fy))}`,
        )
      : tile('Full year', 'n/a', 'the forecast does not reach December'),
  ];
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr>${tiles.join('')}</tr></table>`;
}

function tile(label: string, value: string, note: string): string {
  return `<td width="33%" valign="top" style="padding:10px 12px;background:#f6f8fb;border:4px solid #ffffff;border-radius:6px;">
<div style="font-size:12px;color:${MUTED};">${esc(label)}</div>
<div style="font-size:20px;font-weight:600;margin:2px 0;${NUM}text-align:left;">${value}</div>
<div style="font-size:12px;color:${MUTED};">${note}</div></td>`;
}

function forecastTable(s: SeriesSection): string {
  if (s.forecast.length === 0) return `<p style="font-size:14px;color:${MUTED};">${esc(noForecast(s))}</p>`;
  const rows = s.forecast.map(
    (p: ForecastPoint) =>
      `<tr>${td(monthLabel(p.month))}${td(fullNumber(p.point, s.unit), NUM + 'font-weight:600;')}${td(`${fullNumber(p.lo80, s.unit)} – ${fullNumber(p.hi80, s.unit)}`, NUM + `color:${MUTED};`)}${td(growth(p.yoyPct) + (p.yoyBasis === 'forecast' ? '<sup style="color:#8a94a3;">f</sup>' : ''), NUM)}</tr>`,
  );
  return table(['Month', 'Forecast', '80 % interval', 'YoY'], rows.join('\n'));
}

function modelLine(s: SeriesSection): string {
  if (!s.model) return '';
  const bt = s.model.backtest;
  const accuracy = bt
    ? `Backtest over ${bt.origins} origins: sMAPE ${bt.smape.toFixed(1)} %, MASE ${bt.mase.toFixed(2)}, 80 % intervals held ${share(bt.coverage80)} of outcomes.`
    : noBacktest(s.model.noBacktest);
  return `<p style="font-size:13px;line-height:1.5;color:${MUTED};margin:12px 0 0;"><b style="color:${TEXT};">Model:</b> ${esc(s.model.name)}. ${esc(s.model.reason)} ${esc(accuracy)}</p>`;
}

function changes(s: SeriesSection): string {
  if (s.changes.length === 0) return '';
  const items = describeChanges(s.changes, s.unit).map((line) => `<li style="margin:2px 0;">${esc(line)}</li>`);
  return `<div style="margin-top:12px;padding:10px 14px;background:#fff8e6;border-left:3px solid #e0a800;font-size:13px;"><b>Since the previous report</b><ul style="margin:6px 0 0;padding-left:18px;">${items.join('')}</ul></div>`;
}

/**
 * The changes in words, shared with the plain-text body. Three or more moved forecasts read as one
 * line (first and last month, the first move), so a re-based forecast does not fill the email.
 */
export function describeChanges(changes: readonly Change[], unit: string): string[] {
  const moved = changes.filter((c) => c.kind === 'forecast-moved');
  if (moved.length < 3) return changes.map((c) => describeChange(c, unit));
  const first = moved[0]!;
  const last = moved[moved.length - 1]!;
  return [
    ...changes.filter((c) => c.kind !== 'forecast-moved').map((c) => describeChange(c, unit)),
    `Forecasts for ${moved.length} months (${monthLabel(first.month)} – ${monthLabel(last.month)}) moved outside their previous 80 % intervals; ${monthLabel(first.month)}: ${fullNumber(first.previous, unit)} → ${fullNumber(first.value, unit)}`,
  ];
}

/** One change in words. */
export function describeChange(c: Change, unit: string): string {
  switch (c.kind) {
    case 'new-actual':
      return `New actual for ${monthLabel(c.month)}: ${fullNumber(c.value, unit)}${c.forecastWas === null ? '' : ` (the previous forecast was ${fullNumber(c.forecastWas, unit)})`}`;
    case 'revised':
      return `${monthLabel(c.month)} revised from ${fullNumber(c.previous, unit)} to ${fullNumber(c.value, unit)}`;
    case 'forecast-moved':
      return `Forecast for ${monthLabel(c.month)} moved from ${fullNumber(c.previous, unit)} to ${fullNumber(c.value, unit)}, outside its previous 80 % interval (${fullNumber(c.previousLo80, unit)} – ${fullNumber(c.previousHi80, unit)})`;
  }
}

function footer(model: ReportModel, options: HtmlOptions): string {
  return row(
    `<p style="margin:0 0 6px;">Forecasts are central estimates; the 80 % interval is the range the model expects the actual to fall in four times out of five. YoY compares with the same month a year before (<sup>f</sup>: last year's month is itself a forecast). The full forecast table is attached as <b>${esc(options.csvName)}</b>.</p>
<p style="margin:0;">Report <b>${esc(model.name)}</b> · ${model.slot ? `scheduled for ${esc(instant(model.slot))}` : 'sent on request'} · generated ${esc(instant(model.generatedAt))} · forecast run ${esc(model.runIds.join(', ') || 'none')}</p>`,
    `padding:16px 28px 22px;border-top:1px solid ${RULE};font-size:12px;line-height:1.5;color:${MUTED};background:#fafbfc;border-radius:0 0 6px 6px;`,
  );
}

/** `2025-07-05 01:00 UTC`: unambiguous for readers in any time zone. */
export function instant(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function growth(pct: number | null): string {
  if (pct === null || !Number.isFinite(pct)) return `<span style="color:#8a94a3;">n/a</span>`;
  const color = pct > 0 ? UP : pct < 0 ? DOWN : MUTED;
  return `<span style="color:${color};">${signedPct(pct)}</span>`;
}
