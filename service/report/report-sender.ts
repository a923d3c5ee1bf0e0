/**
 * Builds and sends one report exactly once per send key (a schedule slot, or a send on request).
 *
 * The send log is written before the first SMTP attempt (state `sending`) and after the outcome
 * (`sent` or `failed`). A slot already `sent` is never sent again; sends of one key are serialised
 * in this process, so two triggers racing for a slot deliver it once. The one window no mail
 * system closes: a process that stops after the server accepted the message but before `sent` was
 * recorded leaves `sending` behind; the next attempt resends with the same Message-ID (mail
 * systems drop the duplicate) and the record says so (`resends`, `note`).
 */
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { composeReport, reportMessageId } from './compose.js';
import { MAIL_PERMANENT, type Mailer, type OutgoingMail } from './mailer.js';
import type { ReportConfig } from './report-config.js';
import { buildReportModel, snapshotOf, type ReportModel, type SeriesInput } from './report-model.js';
import { sendWithRetry, type RetryPolicy } from './retry.js';
import type { SendLog, SendRecord } from './send-log.js';

/** Where a report's numbers come from: the API's series summaries and the stored forecast runs. */
export interface ReportSource {
  inputs(report: ReportConfig): Promise<SeriesInput[]>;
}

export interface SenderDeps {
  readonly clock: Clock;
  readonly log: SendLog;
  readonly mailer: Mailer;
  readonly source: ReportSource;
  /** The From address, e.g. `pulsecast <reports@example.com>`. */
  readonly from: string;
  readonly retry: RetryPolicy;
  /** Waits between attempts; a timer by default. */
  readonly wait?: (ms: number) => Promise<void>;
  readonly logger: Logger;
  /** Told about every record written (live channel, dashboard). */
  readonly onRecord?: (record: SendRecord) => void;
}

export const RESEND_NOTE =
  'resent with the same Message-ID: an earlier attempt stopped mid-send, so that attempt may have been delivered';

export class ReportSender {
  private readonly inFlight = new Map<string, Promise<SendRecord>>();

  constructor(private readonly deps: SenderDeps) {}

  /** Sends a schedule slot (ms) of a report unless the log says it was sent. */
  sendSlot(report: ReportConfig, slot: number, options: { late: boolean }): Promise<SendRecord> {
    const key = new Date(slot).toISOString();
    return this.serialised(`${report.name}\u0000${key}`, () => this.deliver(report, key, slot, true, options.late));
  }

  /** Sends the report now, outside its schedule (CLI `--send`, API send-now); `key` defaults to `manual-<now>`. */
  sendNow(report: ReportConfig, key?: string): Promise<SendRecord> {
    const now = this.deps.clock.now();
    const send = key ?? `manual-${new Date(now).toISOString()}`;
    return this.serialised(`${report.name}\u0000${send}`, () => this.deliver(report, send, now, false, false));
  }

  /** The email as it would go out now, without sending or logging it (dry runs, previews). */
  async preview(report: ReportConfig): Promise<{ model: ReportModel; mail: OutgoingMail }> {
    const now = this.deps.clock.now();
    const key = `preview-${new Date(now).toISOString()}`;
    const model = await this.model(report, now, null);
    return {
      model,
      mail: composeReport(model, { from: this.deps.from, to: report.recipients, sendKey: key, date: now }),
    };
  }

  private async serialised(key: string, work: () => Promise<SendRecord>): Promise<SendRecord> {
    // Chain behind a send of the same key in progress, so the second one finds it recorded.
    const before = this.inFlight.get(key) ?? Promise.resolve(null);
    const mine = before.catch(() => null).then(work);
    this.inFlight.set(key, mine);
    try {
      return await mine;
    } finally {
      if (this.inFlight.get(key) === mine) this.inFlight.delete(key);
    }
  }

  private async model(report: ReportConfig, at: number, slot: number | null): Promise<ReportModel> {
    const earlier = await this.deps.log.list(report.name, { before: at, limit: 20 });
    const previous = earlier.find((r) => r.state === 'sent' && r.snapshot !== null)?.snapshot ?? null;
    const inputs = await this.deps.source.inputs(report);
    return buildReportModel({ report, inputs, previous, slot, now: this.deps.clock.now() });
  }

  private async deliver(
    report: ReportConfig,
    key: string,
    at: number,
    scheduled: boolean,
    late: boolean,
  ): Promise<SendRecord> {
    const { clock, log, logger, from } = this.deps;
    const existing = await log.get(report.name, key);
    if (
      existing &&
      (existing.state === 'sent' || (existing.state === 'failed' && existing.error?.code === MAIL_PERMANENT))
    )
      return existing;
    const interrupted = existing?.state === 'sending';
    const now = clock.now();
    const model = await this.model(report, at, scheduled ? at : null);
    const firstAttemptAt = existing?.firstAttemptAt || now;
    const messageId = existing?.messageId || reportMessageId(report.name, key, from);
    const mail = {
      ...composeReport(model, { from, to: report.recipients, sendKey: key, date: firstAttemptAt }),
      messageId,
    };
    let record: SendRecord = {
      report: report.name,
      send: key,
      at,
      state: 'sending',
      scheduled,
      late: late || (existing?.late ?? false),
      messageId,
      subject: mail.subject,
      recipients: report.recipients,
      attempts: existing?.attempts ?? 0,
      resends: (existing?.resends ?? 0) + (interrupted ? 1 : 0),
      firstAttemptAt,
      updatedAt: now,
      sentAt: null,
      response: '',
      error: null,
      note: interrupted ? RESEND_NOTE : (existing?.note ?? ''),
      runs: model.runIds,
      snapshot: snapshotOf(model),
    };
    const put = async (next: SendRecord) => {
      record = next;
      await log.put(record);
      this.deps.onRecord?.(record);
    };
    await put(record);
    const log1 = logger.child({ report: report.name, send: key, messageId });
    if (interrupted) log1.warn({ resends: record.resends }, RESEND_NOTE);
    const outcome = await sendWithRetry(this.deps.mailer, mail, this.deps.retry, {
      ...(this.deps.wait ? { wait: this.deps.wait } : {}),
      onFailure: async (error, attempt, nextDelayMs) => {
        log1.warn(
          { code: error.code, responseCode: error.responseCode, attempt, nextDelayMs },
          `report send attempt failed: ${error.message}`,
        );
        await put({
          ...record,
          attempts: record.attempts + 1,
          updatedAt: clock.now(),
          error: { code: error.code, message: error.message, responseCode: error.responseCode },
        });
      },
    });
    if (outcome.ok) {
      await put({
        ...record,
        state: 'sent',
        attempts: record.attempts + 1,
        updatedAt: clock.now(),
        sentAt: clock.now(),
        response: outcome.receipt.response,
        error: null,
      });
      log1.info({ attempts: record.attempts, rejected: outcome.receipt.rejected, late: record.late }, 'report sent');
    } else {
      await put({ ...record, state: 'failed', updatedAt: clock.now() });
      log1.error({ code: outcome.error.code, attempts: record.attempts }, 'report not sent');
    }
    return record;
  }
}
