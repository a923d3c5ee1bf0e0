/**
 * The OpenAPI paths and schemas of emailed reports; openapi.ts spreads them into the one document
 * that a test walks against the app.
 */
const json = (schema: object) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorResponse = (description: string) => ({ description, content: json(ref('Error')) });
const name = {
  name: 'name',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,62}$' },
  example: 'example',
} as const;
const send = {
  name: 'send',
  in: 'path',
  required: true,
  description: "A slot's ISO instant, or manual-<ISO instant>",
  schema: { type: 'string' },
  example: '2025-07-05T01:00:00.000Z',
} as const;
const str = { type: 'string' } as const;
const strings = { type: 'array', items: str } as const;

export const reportPaths = {
  '/api/v1/reports': {
    get: {
      summary: 'Every report: definition, where it is defined, next slot and last send',
      responses: {
        '200': {
          description: 'Reports',
          content: json({ type: 'object', properties: { reports: { type: 'array', items: ref('Report') } } }),
        },
      },
    },
  },
  '/api/v1/reports/{name}': {
    get: {
      summary: 'One report',
      parameters: [name],
      responses: {
        '200': { description: 'The report', content: json({ type: 'object', properties: { report: ref('Report') } }) },
        '404': errorResponse('No such report'),
      },
    },
    put: {
      summary: 'Define or replace a report (reports of the reports file are changed in the file)',
      parameters: [name],
      requestBody: { required: true, content: json(ref('ReportDefinition')) },
      responses: {
        '200': { description: 'Replaced', content: json({ type: 'object', properties: { report: ref('Report') } }) },
        '201': { description: 'Created', content: json({ type: 'object', properties: { report: ref('Report') } }) },
        '400': errorResponse('Invalid definition (code REPORT_CONFIG_INVALID, details.field names the field)'),
        '409': errorResponse('Defined in the reports file (REPORT_READ_ONLY)'),
      },
    },
    delete: {
      summary: 'Remove a report defined through the API',
      parameters: [name],
      responses: {
        '204': { description: 'Removed' },
        '404': errorResponse('No such report'),
        '409': errorResponse('Defined in the reports file (REPORT_READ_ONLY)'),
      },
    },
  },
  '/api/v1/reports/{name}/send': {
    post: {
      summary: 'Send the report now, outside its schedule; the outcome appears at the Location given',
      parameters: [name],
      responses: {
        '202': { description: 'Sending', content: json({ type: 'object', properties: { report: str, send: str } }) },
        '404': errorResponse('No such report'),
      },
    },
  },
  '/api/v1/reports/{name}/sends': {
    get: {
      summary: 'The send log of a report, newest first: state, Message-ID, attempts, late, resends, errors',
      parameters: [
        name,
        {
          name: 'limit',
          in: 'query',
          required: false,
          schema: { type: 'integer', minimum: 1, maximum: 1000, default: 50 },
        },
      ],
      responses: {
        '200': {
          description: 'Sends',
          content: json({ type: 'object', properties: { sends: { type: 'array', items: ref('ReportSend') } } }),
        },
        '404': errorResponse('No such report'),
      },
    },
  },
  '/api/v1/reports/{name}/sends/{send}': {
    get: {
      summary: 'One send of a report',
      parameters: [name, send],
      responses: {
        '200': { description: 'The send', content: json({ type: 'object', properties: { send: ref('ReportSend') } }) },
        '404': errorResponse('No such report or send'),
      },
    },
  },
  '/api/v1/reports/{name}/preview': {
    get: {
      summary: 'The email as it would be sent now, as an HTML page (charts inlined); nothing is sent or logged',
      parameters: [name],
      responses: {
        '200': { description: 'HTML', content: { 'text/html': { schema: str } } },
        '404': errorResponse('No such report'),
      },
    },
  },
};

const definition = {
  type: 'object',
  required: ['cron', 'recipients', 'series'],
  properties: {
    name: str,
    title: str,
    cron: { type: 'string', example: '0 9 5 * *', description: '5 fields, or 6 with seconds, read in timezone' },
    timezone: { type: 'string', example: 'Asia/Shanghai', default: 'UTC' },
    recipients: { ...strings, example: ['finance@example.com'] },
    series: { ...strings, example: ['caam_nev_sales'] },
    horizon: { type: 'integer', minimum: 1, maximum: 36, default: 12 },
  },
} as const;

export const reportSchemas = {
  ReportDefinition: definition,
  Report: {
    type: 'object',
    properties: {
      ...definition.properties,
      source: { type: 'string', enum: ['file', 'api'] },
      since: { type: 'string', format: 'date-time', description: 'First seen: slots before it are not caught up' },
      nextSlot: { type: 'string', format: 'date-time', nullable: true },
      lastSend: { ...ref('ReportSend'), nullable: true },
    },
  },
  ReportSend: {
    type: 'object',
    properties: {
      report: str,
      send: str,
      at: { type: 'string', format: 'date-time' },
      state: { type: 'string', enum: ['sending', 'sent', 'failed'] },
      scheduled: { type: 'boolean' },
      late: { type: 'boolean', description: 'Sent on start-up for a slot missed while the service was down' },
      messageId: str,
      subject: str,
      recipients: strings,
      attempts: { type: 'integer' },
      resends: { type: 'integer', description: 'Restarts of an interrupted send (same Message-ID)' },
      firstAttemptAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
      sentAt: { type: 'string', format: 'date-time', nullable: true },
      response: str,
      error: {
        type: 'object',
        nullable: true,
        properties: {
          code: { type: 'string', enum: ['MAIL_TEMPORARY_FAILURE', 'MAIL_PERMANENT_FAILURE'] },
          message: str,
          responseCode: { type: 'integer', nullable: true },
        },
      },
      note: str,
      runs: strings,
    },
  },
};
