/**
 * The plain-text alternative of the report email, for clients that do not show HTML and for
 * people who read mail in a terminal. Same numbers, same formatting as the HTML.
 */
import { isAdditiveUnit } from '../../common/units.js';
import { yearMonthsText } from '../../common/year-outlook.js';
import { fullNumber, monthLabel, share, signedPct } from './format.js';
import { noBacktest, noForecast, type ReportModel, type SeriesSection } from './report-model.js';
import { describeChanges, instant } from './render-html.js';

export function renderText(model: ReportModel, csvName: string): string {
  const lines: string[] = [
    model.title,
    '='.repeat(Math.min(model.title.length, 72)),
    `${model.asOf ? `Actuals through ${monthLabel(model.asOf)}` : 'No actuals yet'}; forecasts for the next ${model.horizon} months.`,
    '',
  ];
  for (const s of model.sections) lines.push(...sectionText(s), '');
  lines.push(
    'Forecasts are central estimates; the 80 % interval is the range the model expects the actual to fall in four times out of five.',
    `The full forecast table is attached as ${csvName}.`,
    `Report ${model.name} · ${model.slot ? `scheduled for ${instant(model.slot)}` : 'sent on request'} · generated ${instant(model.generatedAt)} · forecast run ${model.runIds.join(', ') || 'none'}`,
  );
  return lines.join('\n') + '\n';
}

function sectionText(s: SeriesSection): string[] {
  const u = s.unit;
  const out = [`${s.name} · ${u}`, '-'.repeat(Math.min(s.name.length + u.length + 3, 72))];
  out.push(
    s.latest
      ? `Latest month  ${monthLabel(s.latest.month)}: ${fullNumber(s.latest.value, u)}, ${signedPct(s.latest.yoyPct)} YoY (a year before: ${fullNumber(s.latest.lastYear, u)})`
      : 'Latest month  n/a',
  );
  out.push(
    s.ytd
      ? `Year to date  Jan–${monthLabel(s.ytd.through)}: ${fullNumber(s.ytd.value, u)}, ` +
          (s.ytd.lastYear === null
            ? 'no YoY (the same months last year are not all known)'
            : `${signedPct(s.ytd.yoyPct)} YoY (last year: ${fullNumber(s.ytd.lastYear, u)})`) +
          (s.ytd.basis === 'published' ? ', from published year-to-date totals' : '')
      : isAdditiveUnit(u)
        ? 'Year to date  incomplete (a month of this year is missing)'
        : 'Year to date  n/a (a share or rate has no year-to-date total)',
  );
  if (s.fullYear) {
    const fy = s.fullYear;
    out.push(
      `Full year     ${fy.year} forecast: ${fullNumber(fy.point, u)} (80 %: ${fullNumber(fy.lo80, u)} – ${fullNumber(fy.hi80, u)}), ${signedPct(fy.yoyPct)} YoY (last year: ${fullNumber(fy.lastYear, u)}); ${yearMonthsText(fy)}`,
    );
  }
  if (s.forecast.length > 0) {
    out.push(
      '',
      `  ${'Month'.padEnd(10)}${'Forecast'.padStart(14)}${'80 % interval'.padStart(28)}${'YoY'.padStart(10)}`,
    );
    for (const p of s.forecast) {
      out.push(
        `  ${monthLabel(p.month).padEnd(10)}${fullNumber(p.point, u).padStart(14)}${`${fullNumber(p.lo80, u)} – ${fullNumber(p.hi80, u)}`.padStart(28)}${signedPct(p.yoyPct).padStart(10)}`,
      );
    }
  } else {
    out.push(noForecast(s));
  }
  if (s.model) {
    const bt = s.model.backtest;
    out.push('', `Model: ${s.model.name}. ${s.model.reason}`);
    out.push(
      bt
        ? `Backtest over ${bt.origins} origins: sMAPE ${bt.smape.toFixed(1)} %, MASE ${bt.mase.toFixed(2)}, 80 % intervals held ${share(bt.coverage80)} of outcomes.`
        : noBacktest(s.model.noBacktest),
    );
  }
  if (s.changes.length > 0) {
    out.push('', 'Since the previous report:');
    for (const line of describeChanges(s.changes, u)) out.push(`  * ${line}`);
  }
  return out;
}
