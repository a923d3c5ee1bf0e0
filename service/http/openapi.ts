/**
 * The OpenAPI 3 description of the whole HTTP API, served at /api/v1/openapi.json. A test walks
 * it against the running app, so a route added without a description (or the reverse) fails.
 */
import { forecastPaths, forecastSchemas } from './openapi-forecasts.js';
import { reportPaths, reportSchemas } from '../report/openapi-reports.js';

const month = { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$', example: '2024-06' } as const;
const errorRef = { $ref: '#/components/schemas/Error' } as const;
const json = (schema: object) => ({ 'application/json': { schema } });
const errorResponse = (description: string) => ({ description, content: json(errorRef) });
const seriesId = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  example: 'seres_nev_sales',
} as const;

export const openApiDocument = {
  openapi: '3.0.3',
  info: {
    title: 'pulsecast',
    version: '0.1.0',
    description: 'Monthly EV-industry figures, their revisions and conflicts, and year-over-year growth forecasts.',
  },
  security: [{ bearer: [] }],
  paths: {
    '/api/v1/ingest': {
      post: {
        summary: 'Ingest monthly figures (CSV streamed, or JSON rows)',
        description:
          'CSV needs a header with series, month, value; optional unit, kind (monthly | ytd), yoy_pct_stated, source, quote, metric, entity, name. ' +
          'Every row is validated; refused rows are listed by row and field, the others are stored. Re-sending the same data changes nothing.',
        requestBody: {
          required: true,
          content: {
            'text/csv': {
              schema: { type: 'string' },
              example: 'series,month,value,unit,source\nseres_nev_sales,2024-06,"44,126",units,https://example.com\n',
            },
            'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Row' } } },
          },
        },
        responses: {
          '200': { description: 'Every row stored', content: json({ $ref: '#/components/schemas/IngestResponse' }) },
          '202': {
            description:
              'Every row accepted; InfluxDB is unreachable, so `queued` rows wait in the durable spool and are stored when it is back',
            content: json({ $ref: '#/components/schemas/IngestResponse' }),
          },
          '413': errorResponse('Body over PULSECAST_MAX_BODY_BYTES'),
          '415': errorResponse('Neither text/csv nor application/json'),
          '422': {
            description: 'Some rows refused (each named); the others stored (or queued, see `queued`)',
            content: json({ $ref: '#/components/schemas/IngestResponse' }),
          },
          '503': errorResponse('Storage failed part-way; details.stored says what was stored'),
        },
      },
    },
    '/api/v1/series': {
      get: {
        summary: 'All series with their latest month, value, YoY growth and year to date',
        parameters: [{ name: 'metric', in: 'query', required: false, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'The series',
            content: json({
              type: 'object',
              properties: { series: { type: 'array', items: { $ref: '#/components/schemas/SeriesSummary' } } },
            }),
          },
        },
      },
    },
    '/api/v1/series/{id}': {
      get: {
        summary: 'Monthly points of one series, with sources, YoY growth and conflicts',
        parameters: [
          seriesId,
          { name: 'from', in: 'query', required: false, schema: month },
          { name: 'to', in: 'query', required: false, schema: month },
        ],
        responses: {
          '200': {
            description: 'The series and its points',
            content: json({ $ref: '#/components/schemas/SeriesDetail' }),
          },
          '400': errorResponse('Bad month or range'),
          '404': errorResponse('No such series'),
        },
      },
    },
    '/api/v1/series/{id}/revisions': {
      get: {
        summary: 'Restatements of the series: earlier values and when they changed',
        parameters: [seriesId],
        responses: {
          '200': {
            description: 'Revisions, newest first',
            content: json({
              type: 'object',
              properties: {
                series: { type: 'string' },
                revisions: { type: 'array', items: { $ref: '#/components/schemas/Revision' } },
              },
            }),
          },
          '404': errorResponse('No such series'),
        },
      },
    },
    '/api/v1/conflicts': {
      get: {
        summary: 'Reported conflicts: sources that disagree, year-to-date or stated-YoY mismatches',
        parameters: [{ name: 'series', in: 'query', required: false, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'Conflicts',
            content: json({
              type: 'object',
              properties: { conflicts: { type: 'array', items: { $ref: '#/components/schemas/Conflict' } } },
            }),
          },
          '404': errorResponse('No such series'),
        },
      },
    },
    '/api/v1/openapi.json': {
      get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3 document' } } },
    },
    '/healthz': { get: { summary: 'The process is up', responses: { '200': { description: 'Up' } } } },
    '/readyz': {
      get: {
        summary: 'Ready to serve: InfluxDB reachable (open, no token)',
        responses: {
          '200': { description: 'Ready, with each check' },
          '503': { description: 'Not ready; `checks` says what is wrong' },
        },
      },
    },
    '/metrics': {
      get: {
        summary: 'Prometheus metrics (open, no token)',
        responses: { '200': { description: 'Prometheus text format' } },
      },
    },
    '/api/v1/status': {
      get: {
        summary: 'The service itself: rows waiting in the spool for InfluxDB, jobs running',
        responses: {
          '200': {
            description: 'Status',
            content: json({
              type: 'object',
              properties: {
                spool: {
                  type: 'object',
                  properties: {
                    rows: { type: 'integer' },
                    records: { type: 'integer' },
                    oldestAcceptedAt: { type: 'string', format: 'date-time', nullable: true },
                  },
                },
                jobs: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      name: { type: 'string' },
                      running: { type: 'boolean' },
                      startedAt: { type: 'string', nullable: true },
                    },
                  },
                },
              },
            }),
          },
        },
      },
    },
    '/api/v1/tokens': {
      get: {
        summary: 'API tokens (admin): id, name, scope, created, revoked; never the secret',
        responses: {
          '200': { description: 'Tokens' },
          '401': errorResponse('No or bad token'),
          '403': errorResponse('Not an admin token'),
        },
      },
      post: {
        summary: 'Create a token (admin); the secret is in this answer only',
        requestBody: {
          required: true,
          content: json({
            type: 'object',
            required: ['name', 'scope'],
            properties: { name: { type: 'string' }, scope: { type: 'string', enum: ['read', 'write', 'admin'] } },
          }),
        },
        responses: {
          '201': {
            description: 'Created',
            content: json({
              type: 'object',
              properties: {
                id: { type: 'string' },
                name: { type: 'string' },
                scope: { type: 'string' },
                token: { type: 'string' },
                createdAt: { type: 'integer' },
              },
            }),
          },
          '400': errorResponse('Bad name or scope'),
        },
      },
    },
    '/api/v1/tokens/{id}': {
      delete: {
        summary: 'Revoke a token (admin)',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '204': { description: 'Revoked' }, '404': errorResponse('No such token') },
      },
    },
    '/write': {
      post: {
        summary:
          'InfluxDB 1.x-compatible write of line protocol (tag series, optional tag unit, field value; the timestamp names the month)',
        parameters: [
          { name: 'db', in: 'query', required: false, schema: { type: 'string' }, description: 'Accepted and ignored' },
          {
            name: 'precision',
            in: 'query',
            required: false,
            schema: { type: 'string', enum: ['ns', 'n', 'u', 'ms', 's', 'm', 'h'] },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'text/plain': {
              schema: { type: 'string' },
              example: 'sales,series=seres_nev_sales,unit=units value=44126 1717200000000000000',
            },
          },
        },
        responses: {
          '204': { description: 'Every point stored' },
          '400': {
            description: 'partial write: the bad points named, the good ones stored',
            content: json({ type: 'object', properties: { error: { type: 'string' } } }),
          },
          '413': { description: 'Body over the limit' },
        },
      },
    },
    '/ping': {
      get: { summary: 'InfluxDB-compatible ping', responses: { '204': { description: 'Up' } } },
      head: { summary: 'InfluxDB-compatible ping', responses: { '204': { description: 'Up' } } },
    },
    '/query': {
      get: {
        summary: 'InfluxDB-compatible answers to CREATE DATABASE and SHOW DATABASES (what Telegraf sends at start-up)',
        parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'As InfluxDB answers' }, '400': { description: 'Any other statement' } },
      },
      post: {
        summary: 'As GET /query',
        parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'As InfluxDB answers' }, '400': { description: 'Any other statement' } },
      },
    },
    ...forecastPaths,
    ...reportPaths,
  },
  components: {
    securitySchemes: {
      bearer: {
        type: 'http',
        scheme: 'bearer',
        description:
          'Authorization: Bearer <token> (also `Token <token>`, HTTP Basic with the token as password, or ?p=<token> on /write)',
      },
    },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: { type: 'string' },
              message: { type: 'string' },
              details: {},
              requestId: { type: 'string' },
            },
          },
        },
      },
      Row: {
        type: 'object',
        required: ['series', 'month', 'value'],
        properties: {
          series: { type: 'string' },
          month,
          value: { oneOf: [{ type: 'number' }, { type: 'string' }] },
          unit: { type: 'string' },
          kind: { type: 'string', enum: ['monthly', 'ytd'] },
          yoy_pct_stated: { oneOf: [{ type: 'number' }, { type: 'string' }] },
          source: { type: 'string' },
          quote: { type: 'string' },
          metric: { type: 'string' },
          entity: { type: 'string' },
          name: { type: 'string' },
        },
      },
      RowError: {
        type: 'object',
        properties: {
          row: { type: 'integer' },
          field: { type: 'string' },
          code: { type: 'string' },
          message: { type: 'string' },
        },
      },
      Conflict: {
        type: 'object',
        properties: {
          series: { type: 'string' },
          month,
          kind: { type: 'string' },
          code: { type: 'string', enum: ['SOURCES_DISAGREE', 'YTD_MISMATCH', 'YOY_MISMATCH', 'YTD_NEGATIVE'] },
          message: { type: 'string' },
          values: {
            type: 'array',
            items: {
              type: 'object',
              properties: { value: { type: 'number' }, source: { type: 'string' }, kind: { type: 'string' } },
            },
          },
        },
      },
      IngestResponse: {
        type: 'object',
        properties: {
          batch: { type: 'string' },
          rows: { type: 'integer' },
          accepted: { type: 'integer' },
          inserted: { type: 'integer' },
          restated: { type: 'integer' },
          unchanged: { type: 'integer' },
          rejected: { type: 'integer' },
          queued: {
            type: 'integer',
            description: 'Rows accepted into the durable spool while InfluxDB is unreachable; stored by the replay',
          },
          queuedRows: {
            type: 'array',
            description: 'Where the queued rows are: each row from first to last not listed in errors was queued',
            items: {
              type: 'object',
              properties: { first: { type: 'integer' }, last: { type: 'integer' }, count: { type: 'integer' } },
            },
          },
          errors: { type: 'array', items: { $ref: '#/components/schemas/RowError' } },
          conflicts: { type: 'array', items: { $ref: '#/components/schemas/Conflict' } },
          createdSeries: { type: 'array', items: { type: 'string' } },
        },
      },
      SeriesSummary: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          metric: { type: 'string' },
          entity: { type: 'string' },
          unit: { type: 'string' },
          months: { type: 'integer' },
          firstMonth: { ...month, nullable: true },
          latestMonth: { ...month, nullable: true },
          latestValue: { type: 'number', nullable: true },
          yoyPct: { type: 'number', nullable: true },
          ytd: {
            type: 'object',
            nullable: true,
            properties: {
              through: month,
              value: { type: 'number' },
              lastYear: { type: 'number' },
              yoyPct: { type: 'number', nullable: true },
            },
          },
          conflicts: { type: 'integer' },
        },
      },
      SeriesDetail: {
        type: 'object',
        properties: {
          series: {
            type: 'object',
            properties: {
              id: { type: 'string' },
              name: { type: 'string' },
              metric: { type: 'string' },
              entity: { type: 'string' },
              unit: { type: 'string' },
            },
          },
          points: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                month,
                value: { type: 'number' },
                basis: { type: 'string', enum: ['reported', 'derived'] },
                source: { type: 'string' },
                quote: { type: 'string' },
                ytd: { type: 'number', nullable: true },
                yoyPct: { type: 'number', nullable: true },
                lastYear: { type: 'number', nullable: true },
                reports: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      value: { type: 'number' },
                      source: { type: 'string' },
                      quote: { type: 'string' },
                      ingestedAt: { type: 'string', format: 'date-time' },
                    },
                  },
                },
                conflicts: { type: 'array', items: { type: 'string' } },
              },
            },
          },
        },
      },
      Revision: {
        type: 'object',
        properties: {
          month,
          kind: { type: 'string', enum: ['monthly', 'ytd'] },
          source: { type: 'string' },
          previousValue: { type: 'number' },
          value: { type: 'number' },
          changedAt: { type: 'string', format: 'date-time' },
        },
      },
      ...forecastSchemas,
      ...reportSchemas,
    },
  },
} as const;
