/**
 * The send log: one record per report and send (a schedule slot, or a send on request), kept in
 * InfluxDB beside the job records so that it survives restarts. A record is written in state
 * `sending` before the first SMTP attempt; finding one in that state later means a previous process
 * stopped mid-send, and the message may or may not have reached the server.
 */
import type { InfluxDB, IPoint } from 'influx';
import { ident, MEASUREMENT, TAG } from '../storage/schema.js';
import type { ReportSnapshot } from './report-model.js';

export type SendState = 'sending' | 'sent' | 'failed';

export interface SendRecord {
  readonly report: string;
  /** The slot's ISO instant, or `manual-<ISO instant>` for a send on request. */
  readonly send: string;
  /** The slot (or request) instant, ms. */
  readonly at: number;
  readonly state: SendState;
  /** True for a schedule slot, false for a send on request. */
  readonly scheduled: boolean;
  /** Sent after its slot had passed (caught up on start-up). */
  readonly late: boolean;
  readonly messageId: string;
  readonly subject: string;
  readonly recipients: readonly string[];
  /** SMTP attempts so far, over all processes. */
  readonly attempts: number;
  /** Times the send was started again after a process stopped mid-send. */
  readonly resends: number;
  readonly firstAttemptAt: number;
  readonly updatedAt: number;
  readonly sentAt: number | null;
  /** The server's final reply on success. */
  readonly response: string;
  readonly error: { readonly code: string; readonly message: string; readonly responseCode: number | null } | null;
  /** Plain words for a person reading the log, e.g. why it was resent. */
  readonly note: string;
  /** Forecast runs the email showed. */
  readonly runs: readonly string[];
  /** What the email showed, for the next report's "since the previous report". */
  readonly snapshot: ReportSnapshot | null;
}

/** The port the sender uses. */
export interface SendLog {
  get(report: string, send: string): Promise<SendRecord | null>;
  put(record: SendRecord): Promise<void>;
  /** Newest first. */
  list(report: string, options?: { limit?: number; before?: number }): Promise<SendRecord[]>;
}

// InfluxDB 1.x keeps strings up to 64 KiB; a larger snapshot is dropped rather than failing the write.
const MAX_SNAPSHOT_CHARS = 60_000;

export class InfluxSendLog implements SendLog {
  constructor(private readonly client: InfluxDB) {}

  async get(report: string, send: string): Promise<SendRecord | null> {
    const rows = await this.client.query<Record<string, unknown>>(
      `SELECT * FROM ${ident(MEASUREMENT.reportSend)} WHERE ${ident(TAG.report)} = $report AND ${ident(TAG.send)} = $send`,
      { placeholders: { report, send } },
    );
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async put(record: SendRecord): Promise<void> {
    // Every field on every write: InfluxDB merges the field sets of two writes to one point.
    const snapshot = record.snapshot ? JSON.stringify(record.snapshot) : '';
    const point: IPoint = {
      measurement: MEASUREMENT.reportSend,
      tags: { [TAG.report]: record.report, [TAG.send]: record.send },
      fields: {
        state: record.state,
        scheduled: record.scheduled,
        late: record.late,
        message_id: record.messageId,
        subject: record.subject,
        recipients: record.recipients.join(', '),
        attempts: record.attempts,
        resends: record.resends,
        first_attempt_at: record.firstAttemptAt,
        updated_at: record.updatedAt,
        sent_at: record.sentAt ?? 0,
        response: record.response,
        error_code: record.error?.code ?? '',
        error_message: record.error?.message ?? '',
        response_code: record.error?.responseCode ?? 0,
        note: record.note,
        runs: record.runs.join(','),
        snapshot: snapshot.length <= MAX_SNAPSHOT_CHARS ? snapshot : '',
      },
      timestamp: new Date(record.at),
    };
    await this.client.writePoints([point], { precision: 'ms' });
  }

  async list(report: string, options: { limit?: number; before?: number } = {}): Promise<SendRecord[]> {
    const placeholders: Record<string, string> = { report };
    // A whole number we clamp ourselves, so it can stand in the query text.
    const limit = Math.max(1, Math.min(1000, Math.trunc(options.limit ?? 50)));
    let where = `${ident(TAG.report)} = $report`;
    if (options.before !== undefined) {
      placeholders['before'] = new Date(options.before).toISOString();
      where += ' AND time < $before';
    }
    const rows = await this.client.query<Record<string, unknown>>(
      `SELECT * FROM ${ident(MEASUREMENT.reportSend)} WHERE ${where} ORDER BY time DESC LIMIT ${limit}`,
      { placeholders },
    );
    return rows.map(fromRow);
  }
}

function fromRow(r: Record<string, unknown>): SendRecord {
  const errorCode = String(r['error_code'] ?? '');
  const snapshot = String(r['snapshot'] ?? '');
  const list = (v: unknown, sep: string) =>
    String(v ?? '')
      .split(sep)
      .map((s) => s.trim())
      .filter((s) => s !== '');
  return {
    report: String(r[TAG.report]),
    send: String(r[TAG.send]),
    at: (r['time'] as Date).getTime(),
    state: String(r['state']) as SendState,
    scheduled: r['scheduled'] === true,
    late: r['late'] === true,
    messageId: String(r['message_id'] ?? ''),
    subject: String(r['subject'] ?? ''),
    recipients: list(r['recipients'], ','),
    attempts: Number(r['attempts'] ?? 0),
    resends: Number(r['resends'] ?? 0),
    firstAttemptAt: Number(r['first_attempt_at'] ?? 0),
    updatedAt: Number(r['updated_at'] ?? 0),
    sentAt: Number(r['sent_at'] ?? 0) || null,
    response: String(r['response'] ?? ''),
    error: errorCode
      ? {
          code: errorCode,
          message: String(r['error_message'] ?? ''),
          responseCode: Number(r['response_code'] ?? 0) || null,
        }
      : null,
    note: String(r['note'] ?? ''),
    runs: list(r['runs'], ','),
    snapshot: snapshot ? (JSON.parse(snapshot) as ReportSnapshot) : null,
  };
}
