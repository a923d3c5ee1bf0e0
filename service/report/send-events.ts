/**
 * A send record as a job result on the live channel, so the dashboard's job panel shows report
 * sends (a permanent failure included) through the typed contract it already has.
 */
import type { RunRecord } from '../contract/index.js';
import type { SendRecord } from './send-log.js';

export function sendAsJobResult(r: SendRecord): RunRecord {
  const finished = r.state !== 'sending';
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    id: `${r.report}/${r.send}`,
    job: `report:${r.report}`,
    trigger: r.scheduled ? (r.late ? 'catch-up' : 'schedule') : 'manual',
    status: r.state === 'sent' ? 'ok' : r.state === 'failed' ? 'failed' : 'running',
    slot: r.scheduled ? iso(r.at) : null,
    startedAt: iso(r.firstAttemptAt),
    finishedAt: finished ? iso(r.updatedAt) : null,
    durationMs: finished ? r.updatedAt - r.firstAttemptAt : null,
    seriesTotal: r.recipients.length,
    seriesFitted: r.state === 'sent' ? r.recipients.length : 0,
    errors: r.error ? [{ series: r.report, code: r.error.code, message: r.error.message }] : [],
    message:
      r.state === 'sent'
        ? `report emailed to ${r.recipients.length} recipients (${r.messageId})${r.late ? ', late' : ''}${r.resends ? `; ${r.note}` : ''}`
        : r.state === 'failed'
          ? `report not sent after ${r.attempts} attempts: ${r.error?.message ?? 'unknown error'}`
          : `sending the report (attempt ${r.attempts + 1})`,
  };
}
