/**
 * A report model becomes one email: HTML with a chart per series as an inline PNG (`cid:`), the
 * plain-text alternative, and the forecast table as a CSV attachment. The Message-ID is derived
 * from the report and its slot, so a resend of the same slot carries the same Message-ID and mail
 * systems can drop the duplicate.
 */
import { chartSvg } from './chart-svg.js';
import { svgToPng } from './chart-png.js';
import type { OutgoingMail } from './mailer.js';
import { renderCsv } from './render-csv.js';
import { renderHtml } from './render-html.js';
import { renderText } from './render-text.js';
import type { ReportModel } from './report-model.js';

export interface ComposeOptions {
  readonly from: string;
  readonly to: readonly string[];
  /** The send's key: a schedule slot's ISO instant or `manual-<ISO instant>`. */
  readonly sendKey: string;
  /** Message date (ms): the first attempt's, on a resend. */
  readonly date: number;
}

/** `<report.example.2025-07-05T01-00-00-000Z@example.com>`: the report, the slot and the sender's domain. */
export function reportMessageId(report: string, sendKey: string, from: string): string {
  return `<report.${report}.${sendKey.replace(/[^A-Za-z0-9-]/g, '-')}@${senderDomain(from)}>`;
}

/** The domain of a From address (`pulsecast <reports@example.com>`: `example.com`), which ends our Message-IDs. */
export function senderDomain(from: string): string {
  return /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'pulsecast.localhost';
}

export function chartCid(report: string, seriesId: string): string {
  return `chart.${seriesId}.${report}@pulsecast`;
}

export function csvFileName(model: ReportModel): string {
  return `${model.name}-forecast-${model.asOf ?? 'none'}.csv`;
}

export function composeReport(model: ReportModel, options: ComposeOptions): OutgoingMail {
  const csvName = csvFileName(model);
  const charts = model.sections.map((s) => ({
    filename: `${s.id}.png`,
    content: svgToPng(chartSvg({ title: s.name, unit: s.unit, actuals: s.history, forecast: s.forecast })),
    contentType: 'image/png',
    cid: chartCid(model.name, s.id),
  }));
  return {
    from: options.from,
    to: options.to,
    subject: model.subject,
    html: renderHtml(model, { chartCid: (id) => chartCid(model.name, id), csvName }),
    text: renderText(model, csvName),
    messageId: reportMessageId(model.name, options.sendKey, options.from),
    date: options.date,
    attachments: [...charts, { filename: csvName, content: renderCsv(model), contentType: 'text/csv; charset=utf-8' }],
    headers: { 'X-Pulsecast-Report': model.name, 'X-Pulsecast-Send': options.sendKey },
  };
}

/** The HTML with each `cid:` image replaced by a data: URL, so a browser shows it as a mail client would. */
export function inlineImages(mail: OutgoingMail): string {
  let html = mail.html;
  for (const a of mail.attachments) {
    if (a.cid)
      html = html
        .split(`cid:${a.cid}`)
        .join(`data:${a.contentType};base64,${Buffer.from(a.content).toString('base64')}`);
  }
  return html;
}
