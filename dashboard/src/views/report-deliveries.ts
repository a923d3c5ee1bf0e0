/**
 * Failed report emails: one line per report whose latest send failed (from GET /api/v1/reports),
 * kept current by the `report:NAME` job results of the live channel. Hidden when every report's
 * latest send went out (or is under way).
 */
import type { Report, RunRecord } from '../../../service/contract/index.js';
import { formatDateTime } from '../format.js';
import { esc } from '../html.js';

/** A report's latest send as this panel needs it. */
export interface Delivery {
  readonly report: string;
  readonly state: 'sending' | 'sent' | 'failed';
  readonly code: string | null;
  readonly message: string | null;
  /** ISO instant of the latest change. */
  readonly at: string;
}

const REPORT_JOB = /^report:(.+)$/;

/** The delivery a live job result describes, or null when the result is not a report send. */
export function deliveryOfRun(record: RunRecord): Delivery | null {
  const match = REPORT_JOB.exec(record.job);
  if (!match) return null;
  const state =
    record.status === 'ok'
      ? 'sent'
      : record.status === 'failed'
        ? 'failed'
        : record.status === 'running'
          ? 'sending'
          : null;
  if (state === null) return null;
  const error = record.errors[0];
  return {
    report: match[1]!,
    state,
    code: error?.code ?? null,
    message: error?.message ?? (state === 'failed' ? record.message : null),
    at: record.finishedAt ?? record.startedAt,
  };
}

/** The delivery a report listing shows, or null when the report was never sent. */
export function deliveryOfListing(r: Report): Delivery | null {
  const s = r.lastSend;
  return s
    ? {
        report: r.name,
        state: s.state,
        code: s.error?.code ?? null,
        message: s.error?.message ?? null,
        at: s.updatedAt,
      }
    : null;
}

export class ReportDeliveries {
  private readonly latest = new Map<string, Delivery>();

  constructor(
    private readonly el: HTMLElement,
    private readonly load: () => Promise<Report[]>,
  ) {}

  /** Reads every report's latest send; a failure to read leaves the panel as it was. */
  async refresh(): Promise<void> {
    try {
      const reports = await this.load();
      this.latest.clear();
      for (const r of reports) {
        const d = deliveryOfListing(r);
        if (d) this.latest.set(d.report, d);
      }
      this.render();
    } catch {
      // Reports may be switched off on this service; the panel stays hidden.
    }
  }

  /** Applies a live job result; ignores jobs other than report sends. */
  apply(record: RunRecord): void {
    const d = deliveryOfRun(record);
    if (!d) return;
    const known = this.latest.get(d.report);
    // Events of one send can arrive after a newer send's listing: keep the newer.
    if (known && Date.parse(known.at) > Date.parse(d.at)) return;
    this.latest.set(d.report, d);
    this.render();
  }

  private render(): void {
    const failed = [...this.latest.values()]
      .filter((d) => d.state === 'failed')
      .sort((a, b) => a.report.localeCompare(b.report));
    this.el.hidden = failed.length === 0;
    this.el.innerHTML = failed.length
      ? `<h2 id="report-alerts-title">${failed.length === 1 ? 'A report email was not delivered' : `${failed.length} report emails were not delivered`}</h2>
         <ul>${failed
           .map(
             (d) =>
               `<li data-report="${esc(d.report)}"><strong>${esc(d.report)}</strong>: failed ${esc(formatDateTime(d.at))}` +
               `${d.message ? ` — <span class="report-error">${esc(d.message)}</span>` : ''}${d.code ? ` <code>${esc(d.code)}</code>` : ''}</li>`,
           )
           .join('')}</ul>`
      : '';
  }
}
