/**
 * The Mailer port and its SMTP adapter (nodemailer). Whether a failure is worth retrying is a
 * property of the error (MailError.canRetry), decided here from the SMTP reply code or the socket
 * error, so the sender never parses messages.
 */
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { AppError } from '../errors.js';

export interface MailAttachment {
  readonly filename: string;
  readonly content: Buffer | string;
  readonly contentType: string;
  /** Content-ID for inline images referenced as `cid:` from the HTML. */
  readonly cid?: string;
}

export interface OutgoingMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  /** With angle brackets, e.g. `<report.example.20250705T010000Z@pulsecast.localhost>`. */
  readonly messageId: string;
  /** Message date (ms), so a resend carries the date of the first attempt. */
  readonly date: number;
  readonly attachments: readonly MailAttachment[];
  readonly headers?: Readonly<Record<string, string>>;
}

export interface SendReceipt {
  readonly messageId: string;
  readonly accepted: readonly string[];
  readonly rejected: readonly string[];
  /** The server's final reply, e.g. `250 OK: queued`. */
  readonly response: string;
}

/** The port the report sender uses; tests may pass a real SMTP adapter or another implementation. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<SendReceipt>;
  close(): void;
}

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** TLS from the first byte (port 465). When false, STARTTLS is used if the server offers it. */
  readonly secure: boolean;
  readonly user?: string | undefined;
  readonly password?: string | undefined;
  /** ms to wait for the connection and for each reply. */
  readonly timeoutMs?: number;
}

export const MAIL_TEMPORARY = 'MAIL_TEMPORARY_FAILURE';
export const MAIL_PERMANENT = 'MAIL_PERMANENT_FAILURE';

/** A failed send: `canRetry` says whether the same message may succeed later. */
export class MailError extends AppError {
  constructor(
    readonly canRetry: boolean,
    message: string,
    readonly responseCode: number | null,
    readonly transportCode: string | null,
    options?: { cause?: unknown },
  ) {
    super(502, canRetry ? MAIL_TEMPORARY : MAIL_PERMANENT, message, { responseCode, transportCode }, options);
  }
}

// Socket-level failures: the server was not reached or went away; the message was not accepted.
const NETWORK_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ETLS',
]);

/** Classifies any error from a send: 4xx replies and network failures are temporary; 5xx are permanent. */
export function classifyMailError(error: unknown): MailError {
  if (error instanceof MailError) return error;
  const e = (error ?? {}) as { code?: unknown; responseCode?: unknown; message?: unknown };
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : null;
  const transportCode = typeof e.code === 'string' ? e.code : null;
  const message = typeof e.message === 'string' ? e.message : String(error);
  if (responseCode !== null)
    return new MailError(responseCode >= 400 && responseCode < 500, message, responseCode, transportCode, {
      cause: error,
    });
  const retriable =
    transportCode !== null &&
    (NETWORK_CODES.has(transportCode) ||
      (transportCode.startsWith('E') && /CONN|SOCK|TIMEOUT|NET/.test(transportCode)));
  return new MailError(retriable, message, null, transportCode, { cause: error });
}

export function smtpMailer(settings: SmtpSettings): Mailer {
  const timeout = settings.timeoutMs ?? 30_000;
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
  } satisfies SMTPTransport.Options);
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail(toNodemailer(mail));
        return {
          messageId: info.messageId,
          accepted: info.accepted.map(String),
          rejected: info.rejected.map(String),
          response: info.response,
        };
      } catch (error) {
        throw classifyMailError(error);
      }
    },
    close() {
      transport.close();
    },
  };
}

/** The message as a complete RFC 5322 .eml, exactly as it would be sent (for dry runs). */
export async function toEml(mail: OutgoingMail): Promise<Buffer> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await transport.sendMail(toNodemailer(mail));
  return info.message as Buffer;
}

function toNodemailer(mail: OutgoingMail): SendMailOptions {
  return {
    from: mail.from,
    to: [...mail.to],
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    messageId: mail.messageId,
    date: new Date(mail.date),
    headers: { ...mail.headers },
    attachments: mail.attachments.map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: a.contentType,
      ...(a.cid ? { cid: a.cid, contentDisposition: 'inline' as const } : {}),
    })),
  };
}
