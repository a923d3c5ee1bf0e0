/** Emailed reports: their definitions, sending one now, the send log and a preview. */
import { z } from 'zod';
import { InstantSchema, LimitSchema, orNull, type View } from './common.js';
import { endpoint, failure, json } from './endpoint.js';

const NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;
// Deliberately loose: the SMTP server is the authority on addresses; this only catches typos.
const EMAIL_PATTERN = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;

/** Stable code of every refused report definition, from the API or the reports file. */
export const REPORT_CONFIG_INVALID = 'REPORT_CONFIG_INVALID';

export const ReportNameSchema = z
  .string()
  .regex(NAME_PATTERN, 'must be 1-63 lower-case letters, digits, "-" or "_", starting with a letter or digit')
  .meta({ example: 'example' });

/** A report definition as stored and answered: every field present. */
export const ReportConfigSchema = z.object({
  /** Stable name, used in URLs, the send log and Message-IDs. */
  name: ReportNameSchema,
  /** A readable title for the email, e.g. "Battery & NEV monthly". */
  title: z.string({ error: 'must be a string of 1-120 characters' }).trim().min(1).max(120),
  /** Cron expression of the schedule grammar (service/jobs/cron-schedule.ts), read in `timezone`. */
  cron: z.string({ error: 'must be a cron expression such as "0 9 5 * *"' }).trim().min(1).meta({
    example: '0 9 5 * *',
    description:
      'the schedule grammar of every job: 5 fields, or 6 with seconds, of numbers, ranges, steps and lists, read in timezone',
  }),
  /** IANA time zone of the schedule. */
  timezone: z.string({ error: 'must be an IANA time zone such as Asia/Shanghai' }).meta({ example: 'Asia/Shanghai' }),
  /** Email addresses that receive the report. */
  recipients: z
    .array(z.string().trim().regex(EMAIL_PATTERN, 'must be an email address'), {
      error: 'must be a list of 1-100 email addresses',
    })
    .min(1)
    .max(100)
    .meta({ example: ['finance@example.com'] }),
  /** Series ids, in the order the email shows them. */
  series: z
    .array(z.string({ error: 'must be a series id' }).trim().min(1), { error: 'must be a list of 1-100 series ids' })
    .min(1)
    .max(100)
    .refine((ids) => new Set(ids).size === ids.length, 'names a series twice')
    .meta({ example: ['caam_nev_sales'] }),
  /** Months of forecast shown. */
  horizon: z.int({ error: 'must be a whole number of months from 1 to 36' }).min(1).max(36),
});
export type ReportConfig = View<typeof ReportConfigSchema>;

/** A definition as PUT sends it: the name defaults to the URL's, the title to the name. */
export const ReportDefinitionSchema = ReportConfigSchema.extend({
  name: ReportNameSchema.optional(),
  title: ReportConfigSchema.shape.title.optional(),
  timezone: ReportConfigSchema.shape.timezone.default('UTC'),
  horizon: ReportConfigSchema.shape.horizon.default(12),
}).meta({ id: 'ReportDefinition' });

export const ReportSendSchema = z
  .object({
    report: z.string(),
    /** The slot's ISO instant, or `manual-<ISO instant>` for a send on request. */
    send: z.string(),
    at: InstantSchema,
    state: z.enum(['sending', 'sent', 'failed']),
    /** True for a schedule slot, false for a send on request. */
    scheduled: z.boolean(),
    late: z.boolean().meta({ description: 'Sent on start-up for a slot missed while the service was down' }),
    messageId: z.string(),
    subject: z.string(),
    recipients: z.array(z.string()),
    attempts: z.int(),
    resends: z.int().meta({ description: 'Restarts of an interrupted send (same Message-ID)' }),
    firstAttemptAt: InstantSchema,
    updatedAt: InstantSchema,
    sentAt: InstantSchema.nullable(),
    /** The server's final reply on success. */
    response: z.string(),
    error: orNull(
      z.object({
        code: z.string().meta({ description: 'MAIL_TEMPORARY_FAILURE (retried) or MAIL_PERMANENT_FAILURE' }),
        message: z.string(),
        responseCode: z.int().nullable(),
      }),
    ),
    /** Plain words for a person reading the log, e.g. why it was resent. */
    note: z.string(),
    /** Forecast runs the email showed. */
    runs: z.array(z.string()),
  })
  .meta({ id: 'ReportSend' });
export type ReportSend = View<typeof ReportSendSchema>;

export const ReportSchema = ReportConfigSchema.extend({
  source: z.enum(['file', 'api']),
  since: InstantSchema.meta({ description: 'First seen: slots before it are not caught up' }),
  nextSlot: InstantSchema.nullable(),
  lastSend: orNull(ReportSendSchema),
}).meta({ id: 'Report' });
export type Report = View<typeof ReportSchema>;

const NameParams = z.object({ name: ReportNameSchema });
const reportAnswer = z.object({ report: ReportSchema });

export const reportEndpoints = {
  listReports: endpoint({
    method: 'get',
    path: '/api/v1/reports',
    summary: 'Every report: definition, where it is defined, next slot and last send',
    responses: { 200: json('Reports', z.object({ reports: z.array(ReportSchema) })) },
  }),
  getReport: endpoint({
    method: 'get',
    path: '/api/v1/reports/{name}',
    summary: 'One report',
    params: NameParams,
    responses: {
      200: json('The report', reportAnswer),
      400: failure('Not a report name'),
      404: failure('No such report'),
    },
  }),
  putReport: endpoint({
    method: 'put',
    path: '/api/v1/reports/{name}',
    summary: 'Define or replace a report (reports of the reports file are changed in the file)',
    params: NameParams,
    body: ReportDefinitionSchema,
    bodyErrorCode: REPORT_CONFIG_INVALID,
    responses: {
      200: json('Replaced', reportAnswer),
      201: json('Created', reportAnswer),
      400: failure(
        'Invalid definition (REPORT_CONFIG_INVALID, details.field names the field), or names in the body and the URL differ (REPORT_NAME_MISMATCH)',
      ),
      409: failure('Defined in the reports file (REPORT_READ_ONLY)'),
    },
  }),
  deleteReport: endpoint({
    method: 'delete',
    path: '/api/v1/reports/{name}',
    summary: 'Remove a report defined through the API',
    params: NameParams,
    responses: {
      204: { description: 'Removed' },
      400: failure('Not a report name'),
      404: failure('No such report'),
      409: failure('Defined in the reports file (REPORT_READ_ONLY)'),
    },
  }),
  sendReport: endpoint({
    method: 'post',
    path: '/api/v1/reports/{name}/send',
    summary: 'Send the report now, outside its schedule; the outcome appears at the Location given',
    params: NameParams,
    responses: {
      202: json('Sending', z.object({ report: z.string(), send: z.string() })),
      400: failure('Not a report name'),
      404: failure('No such report'),
      409: failure('A send of the report is under way (JOB_BUSY); details.run is the refused run'),
    },
  }),
  listSends: endpoint({
    method: 'get',
    path: '/api/v1/reports/{name}/sends',
    summary: 'The send log of a report, newest first: state, Message-ID, attempts, late, resends, errors',
    params: NameParams,
    query: z.object({ limit: LimitSchema }),
    responses: {
      200: json('Sends', z.object({ sends: z.array(ReportSendSchema) })),
      400: failure('Bad limit, or not a report name'),
      404: failure('No such report'),
    },
  }),
  getSend: endpoint({
    method: 'get',
    path: '/api/v1/reports/{name}/sends/{send}',
    summary: 'One send of a report',
    params: NameParams.extend({
      send: z.string().meta({
        description: "A slot's ISO instant, or manual-<ISO instant>",
        example: '2025-07-05T01:00:00.000Z',
      }),
    }),
    responses: {
      200: json('The send', z.object({ send: ReportSendSchema })),
      400: failure('Not a report name'),
      404: failure('No such report or send'),
    },
  }),
  previewReport: endpoint({
    method: 'get',
    path: '/api/v1/reports/{name}/preview',
    summary: 'The email as it would be sent now, as an HTML page (charts inlined); nothing is sent or logged',
    params: NameParams,
    responses: {
      200: { description: 'HTML', contentType: 'text/html', schema: z.string() },
      400: failure('Not a report name'),
      404: failure('No such report'),
    },
  }),
} as const;
