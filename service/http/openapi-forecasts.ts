/**
 * The OpenAPI paths and schemas of stored forecasts, jobs and runs; openapi.ts spreads them into
 * the one document that a test walks against the app.
 */
const month = { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$', example: '2024-06' } as const;
const json = (schema: object) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorResponse = (description: string) => ({ description, content: json(ref('Error')) });
const seriesId = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  example: 'seres_nev_sales',
} as const;
const runId = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } } as const;
const seriesFilter = {
  name: 'series',
  in: 'query',
  required: false,
  description: 'Comma-separated series ids; all when absent',
  schema: { type: 'string' },
} as const;
const num = { type: 'number' } as const;
const nullableNum = { type: 'number', nullable: true } as const;
const interval = { type: 'object', properties: { point: num, lo80: num, hi80: num, lo95: num, hi95: num } } as const;
const list = (name: string) => ({ type: 'array', items: ref(name) });

export const forecastPaths = {
  '/api/v1/forecasts': {
    get: {
      summary: 'The newest stored forecast of every series (or of the listed ones), with bands and YoY growth',
      parameters: [seriesFilter],
      responses: {
        '200': {
          description: 'Forecasts',
          content: json({ type: 'object', properties: { forecasts: list('SeriesForecast') } }),
        },
      },
    },
  },
  '/api/v1/forecasts/{id}': {
    get: {
      summary: "A series' newest forecast and the history of its fits (model, backtest accuracy, time)",
      parameters: [seriesId],
      responses: {
        '200': {
          description: 'Newest forecast (null before the first fit) and earlier fits, newest first',
          content: json({
            type: 'object',
            properties: { forecast: { ...ref('SeriesForecast'), nullable: true }, history: list('ForecastFit') },
          }),
        },
        '404': errorResponse('No such series'),
      },
    },
  },
  '/api/v1/forecasts/{id}/outcomes': {
    get: {
      summary: 'Past forecasts of a series against the actuals that arrived, and their accuracy by months ahead',
      parameters: [seriesId],
      responses: {
        '200': {
          description: 'Outcomes by month, and by horizon',
          content: json({
            type: 'object',
            properties: {
              series: { type: 'string' },
              outcomes: list('ForecastOutcome'),
              byHorizon: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    h: { type: 'integer' },
                    n: { type: 'integer' },
                    mapePct: nullableNum,
                    within80: num,
                    within95: num,
                  },
                },
              },
            },
          }),
        },
        '404': errorResponse('No such series'),
      },
    },
  },
  '/api/v1/jobs': {
    get: {
      summary: 'Scheduled jobs: cron, time zone, the run in progress and the next slot',
      responses: {
        '200': {
          description: 'Jobs',
          content: json({
            type: 'object',
            properties: {
              jobs: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    name: { type: 'string' },
                    cron: { type: 'string' },
                    timezone: { type: 'string' },
                    running: { ...ref('RunRecord'), nullable: true },
                    nextRun: { type: 'string', format: 'date-time', nullable: true },
                  },
                },
              },
            },
          }),
        },
      },
    },
  },
  '/api/v1/jobs/{name}/run': {
    post: {
      summary: 'Run a job now; answers when the run ends',
      parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' }, example: 'forecast' }],
      responses: {
        '200': {
          description: 'The finished run',
          content: json({ type: 'object', properties: { run: ref('RunRecord') } }),
        },
        '404': errorResponse('No such job'),
        '409': errorResponse('A run of the job is in progress; details.run is the skipped run'),
      },
    },
  },
  '/api/v1/runs': {
    get: {
      summary: 'Job run records, newest first',
      parameters: [
        { name: 'job', in: 'query', required: false, schema: { type: 'string' } },
        {
          name: 'limit',
          in: 'query',
          required: false,
          schema: { type: 'integer', minimum: 1, maximum: 1000, default: 50 },
        },
      ],
      responses: {
        '200': { description: 'Runs', content: json({ type: 'object', properties: { runs: list('RunRecord') } }) },
        '400': errorResponse('Bad limit'),
      },
    },
  },
  '/api/v1/runs/{id}': {
    get: {
      summary: 'One run record',
      parameters: [runId],
      responses: {
        '200': { description: 'The run', content: json({ type: 'object', properties: { run: ref('RunRecord') } }) },
        '404': errorResponse('No such run'),
      },
    },
  },
  '/api/v1/runs/{id}/forecasts': {
    get: {
      summary: 'The forecasts one run stored, per series',
      parameters: [runId, seriesFilter],
      responses: {
        '200': {
          description: 'The run and its forecasts',
          content: json({ type: 'object', properties: { run: ref('RunRecord'), forecasts: list('SeriesForecast') } }),
        },
        '404': errorResponse('No such run'),
      },
    },
  },
} as const;

const forecastPoint = {
  type: 'object',
  properties: {
    month,
    h: { type: 'integer', description: 'Months after the last actual' },
    ...interval.properties,
    yoyPct: nullableNum,
    yoyBasis: { type: 'string', enum: ['actual', 'forecast'], nullable: true },
  },
} as const;

const fitProperties = {
  series: { type: 'string' },
  run: { type: 'string' },
  fittedAt: { type: 'string', format: 'date-time' },
  method: { type: 'string', example: 'auto' },
  model: { type: 'string', example: 'ETS(M,Ad,M)' },
  reason: { type: 'string' },
  lastActual: month,
  backtest: {
    type: 'object',
    nullable: true,
    properties: { smape: num, mase: num, coverage80: num, coverage95: num, origins: { type: 'integer' } },
  },
  years: {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        year: { type: 'integer' },
        monthsActual: { type: 'integer' },
        monthsForecast: { type: 'integer' },
        fullYear: { ...interval, nullable: true },
        fullYearLastYear: nullableNum,
        fullYearYoyPct: nullableNum,
      },
    },
  },
} as const;

export const forecastSchemas = {
  ForecastPoint: forecastPoint,
  ForecastFit: { type: 'object', properties: fitProperties },
  SeriesForecast: {
    type: 'object',
    properties: {
      ...fitProperties,
      points: list('ForecastPoint'),
      baseline: { type: 'object', properties: { method: { type: 'string' }, points: list('ForecastPoint') } },
    },
  },
  RunRecord: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      job: { type: 'string' },
      trigger: { type: 'string', enum: ['schedule', 'catch-up', 'initial', 'ingest', 'manual'] },
      status: { type: 'string', enum: ['running', 'ok', 'partial', 'failed', 'skipped'] },
      slot: { type: 'string', format: 'date-time', nullable: true },
      startedAt: { type: 'string', format: 'date-time' },
      finishedAt: { type: 'string', format: 'date-time', nullable: true },
      durationMs: nullableNum,
      seriesTotal: { type: 'integer' },
      seriesFitted: { type: 'integer' },
      errors: {
        type: 'array',
        items: {
          type: 'object',
          properties: { series: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
        },
      },
      message: { type: 'string' },
    },
  },
  ForecastOutcome: {
    type: 'object',
    properties: {
      series: { type: 'string' },
      run: { type: 'string' },
      model: { type: 'string' },
      month,
      h: { type: 'integer' },
      fittedAt: { type: 'string', format: 'date-time' },
      actual: num,
      point: num,
      error: { type: 'number', description: 'actual − point' },
      apePct: nullableNum,
      within80: { type: 'boolean' },
      within95: { type: 'boolean' },
    },
  },
} as const;
