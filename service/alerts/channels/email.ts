/**
 * Email channel: the transitions of a grouping window (60 s unless the channel says otherwise) as
 * one message in the reports' look, through the reports' SMTP mailer and sender address. The
 * Message-ID is derived from the channel and the transition ids, so a re-send of the same group
 * after a restart carries the same one and mail systems drop the duplicate. SMTP 4xx and network
 * failures may pass later; 5xx do not.
 */
import { createHash } from 'node:crypto';
import type { AlertTransition, EmailChannelDefinition } from '../../contract/index.js';
import { senderDomain } from '../../report/compose.js';
import { emailDocument, esc, MUTED, row, RULE, table, td } from '../../report/email-layout.js';
import { fullNumber, monthLabel, signedPct } from '../../report/format.js';
import { classifyMailError, type Mailer, type OutgoingMail } from '../../report/mailer.js';
import { instant } from '../../report/render-html.js';
import { DeliveryError, MAX_RETRY_DELAY_MS, type AlertChannel, type Notification } from './channel.js';
import { changeWords, transitionLine } from './text.js';

export interface EmailDeps {
  readonly mailer: Mailer;
  /** The reports' sender address (SMTP_FROM); its domain ends the Message-ID. */
  readonly from: string;
  /** The message's date (ms). */
  readonly now: () => number;
}

export function emailChannel(
  definition: EmailChannelDefinition & { readonly id: string },
  deps: EmailDeps,
): AlertChannel {
  const { id, to, retry, groupWindowMs } = definition;
  const domain = senderDomain(deps.from);
  return {
    id,
    type: 'email',
    groupWindowMs,
    retry: { ...retry, maxDelayMs: MAX_RETRY_DELAY_MS },
    keyOf: (transitions, testAt) =>
      testAt !== undefined
        ? `<alerts.test.${id}.${testAt}@${domain}>`
        : `<alerts.${id}.${digest([...transitions.map((t) => t.id)].sort().join('\n'))}@${domain}>`,
    async deliver(notification) {
      try {
        const receipt = await deps.mailer.send(
          composeAlertEmail(id, notification, { to, from: deps.from, date: deps.now() }),
        );
        return { response: receipt.response };
      } catch (error) {
        const mail = classifyMailError(error);
        const response = mail.responseCode === null ? '' : String(mail.responseCode);
        throw new DeliveryError(mail.canRetry, `email ${id}: ${mail.message}`, response, { cause: error });
      }
    },
  };
}

export function composeAlertEmail(
  channel: string,
  notification: Notification,
  options: { to: readonly string[]; from: string; date: number },
): OutgoingMail {
  const { transitions } = notification;
  const subject = subjectOf(channel, transitions);
  const body = notification.test
    ? row(
        `<p style="margin:0;font-size:15px;">This is a test notification of the channel <b>${esc(channel)}</b>. Alerts will arrive at these addresses like this.</p>`,
      )
    : row(table(['Alert', 'Series', 'Month', 'What happened'], transitions.map(htmlRow).join('\n')));
  const details = notification.test
    ? ''
    : transitions
        .map(detailBlock)
        .filter((b) => b !== '')
        .join('\n');
  return {
    from: options.from,
    to: options.to,
    subject,
    html: emailDocument(
      subject,
      [header(subject, transitions.length), body, details, footer(channel, notification)].join('\n'),
    ),
    text: [
      subject,
      '',
      ...transitions.map((t) => `- ${transitionLine(t)}`),
      '',
      `Channel ${channel} · ${notification.key}`,
    ].join('\n'),
    messageId: notification.key,
    date: options.date,
    attachments: [],
    headers: { 'X-Pulsecast-Alert-Channel': channel },
  };
}

function subjectOf(channel: string, transitions: readonly AlertTransition[]): string {
  if (transitions.length === 0) return `pulsecast: test notification (${channel})`;
  if (transitions.length === 1) return `pulsecast ${transitionLine(transitions[0]!)}`;
  const firing = transitions.filter((t) => t.change !== 'resolved').length;
  const resolved = transitions.length - firing;
  const parts = [firing ? `${firing} firing` : '', resolved ? `${resolved} resolved` : ''].filter((p) => p !== '');
  return `pulsecast: ${transitions.length} alerts (${parts.join(', ')})`;
}

function header(subject: string, count: number): string {
  return row(
    `<div style="font-size:12px;letter-spacing:.08em;text-transform:uppercase;color:${MUTED};">pulsecast · alerts</div>
<h1 style="margin:6px 0 4px;font-size:20px;line-height:1.3;font-weight:600;">${esc(subject)}</h1>
<div style="font-size:14px;color:${MUTED};">${count === 0 ? 'test' : `${count} alert ${count === 1 ? 'change' : 'changes'}`}</div>`,
    `padding:24px 28px 12px;border-bottom:3px solid #b3261e;`,
  );
}

const SEVERITY_COLOR = { critical: '#b3261e', warning: '#b26a00' } as const;

function htmlRow(t: AlertTransition): string {
  const { alert } = t;
  const color = t.change === 'resolved' ? '#1b7a3d' : SEVERITY_COLOR[alert.severity];
  return `<tr>${td(`<b style="color:${color};">${esc(alert.severity)}</b><br><span style="font-size:12px;color:${MUTED};">${esc(changeWords(t.change))} · ${esc(instant(t.at))}</span>`)}${td(esc(alert.series))}${td(esc(monthLabel(alert.month)))}${td(esc(alert.summary))}</tr>`;
}

/** The numbers behind a surprise: the actual, the forecast stored before it, its bands. */
function detailBlock(t: AlertTransition): string {
  const d = t.alert.details;
  if (d.kind !== 'surprise') return '';
  const n = (v: number) => fullNumber(v, '');
  return row(
    `<div style="font-size:13px;line-height:1.6;"><b>${esc(t.alert.series)} · ${esc(monthLabel(t.alert.month))}</b>: actual ${n(d.actual)} against a forecast of ${n(d.forecast)} (${d.surprisePct === null ? 'n/a' : signedPct(d.surprisePct)}), 80 % band ${n(d.lo80)} – ${n(d.hi80)}, 95 % band ${n(d.lo95)} – ${n(d.hi95)}; ${d.bandWidths.toFixed(1)} band widths outside. Run ${esc(d.run)}.<br><span style="color:${MUTED};">${esc(d.source)}: “${esc(d.quote)}”</span></div>`,
    `padding:10px 28px;border-top:1px solid ${RULE};`,
  );
}

function footer(channel: string, notification: Notification): string {
  return row(
    `<p style="margin:0;">Channel <b>${esc(channel)}</b> · ${esc(notification.key)}</p>`,
    `padding:16px 28px 22px;border-top:1px solid ${RULE};font-size:12px;line-height:1.5;color:${MUTED};background:#fafbfc;border-radius:0 0 6px 6px;`,
  );
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
