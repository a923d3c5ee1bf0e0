/** Jobs and their runs: the job table, running a job now, and the run log. */
import { z } from 'zod';
import { InstantSchema, LimitSchema, orNull, ShortTextSchema, type View } from './common.js';
import { endpoint, failure, json } from './endpoint.js';
import { SeriesFilterQuery, SeriesForecastSchema } from './forecasts.js';

export const RunStatusSchema = z.enum(['running', 'ok', 'partial', 'failed', 'skipped']);
export type RunStatus = View<typeof RunStatusSchema>;

/**
 * What started a run: the schedule, start-up catch-up of a missed slot, the first run of an empty database, an
 * ingest, a person, or a start with a new version of what the row computes with (`upgrade`: a new engine).
 */
export const RunTriggerSchema = z.enum(['schedule', 'catch-up', 'initial', 'ingest', 'manual', 'upgrade']);
export type RunTrigger = View<typeof RunTriggerSchema>;

export const RunErrorSchema = z.object({ series: z.string(), code: z.string(), message: z.string() });
export type RunError = View<typeof RunErrorSchema>;

/** The record of one job run. */
export const RunRecordSchema = z
  .object({
    id: z.string(),
    job: z.string(),
    trigger: RunTriggerSchema,
    status: RunStatusSchema,
    /** The schedule slot this run stands for, for scheduled and catch-up runs. */
    slot: InstantSchema.nullable(),
    startedAt: InstantSchema,
    finishedAt: InstantSchema.nullable(),
    durationMs: z.number().nullable(),
    /** Series the run set out to fit, and fitted. */
    seriesTotal: z.int(),
    seriesFitted: z.int(),
    errors: z.array(RunErrorSchema),
    /** Plain words: why it was skipped, or what went wrong as a whole. */
    message: z.string(),
    /**
     * What the row computed with (the forecast re-fit: the engine's fingerprint); null for a row without one,
     * and for runs recorded before runs recorded it.
     */
    version: z.string().nullable(),
  })
  .meta({ id: 'RunRecord' });
export type RunRecord = View<typeof RunRecordSchema>;

/** A row of the job table (`forecast`, `report:NAME`): its schedule, the run in progress and the next slot. */
export const JobViewSchema = z.object({
  name: z.string(),
  /** Null for a row that runs only when asked. */
  cron: z.string().nullable(),
  timezone: z.string().nullable(),
  running: orNull(RunRecordSchema),
  nextRun: InstantSchema.nullable(),
});
export type JobView = View<typeof JobViewSchema>;

const RunIdParams = z.object({ id: z.string() });

export const jobEndpoints = {
  listJobs: endpoint({
    method: 'get',
    path: '/api/v1/jobs',
    summary: 'The job table (the forecast re-fit, each report): cron, time zone, the run in progress and the next slot',
    responses: { 200: json('Jobs', z.object({ jobs: z.array(JobViewSchema) })) },
  }),
  runJob: endpoint({
    method: 'post',
    path: '/api/v1/jobs/{name}/run',
    summary:
      'Run a job now; answers when the run ends. The forecast job re-fits the series that changed since their last forecast, or every series with full=true',
    params: z.object({ name: z.string().meta({ example: 'forecast' }) }),
    responses: {
      200: json('The finished run', z.object({ run: RunRecordSchema })),
      400: failure(
        "A query parameter the job does not take (INVALID_PARAMETER, naming it): the query is the run's options",
      ),
      404: failure('No such job'),
      409: failure('A run of the job is in progress (JOB_BUSY); details.run is the skipped run'),
    },
  }),
  listRuns: endpoint({
    method: 'get',
    path: '/api/v1/runs',
    summary: 'Job run records, newest first',
    query: z.object({ job: ShortTextSchema.optional(), limit: LimitSchema }),
    responses: {
      200: json('Runs', z.object({ runs: z.array(RunRecordSchema) })),
      400: failure('Bad limit or job'),
    },
  }),
  getRun: endpoint({
    method: 'get',
    path: '/api/v1/runs/{id}',
    summary: 'One run record',
    params: RunIdParams,
    responses: { 200: json('The run', z.object({ run: RunRecordSchema })), 404: failure('No such run') },
  }),
  getRunForecasts: endpoint({
    method: 'get',
    path: '/api/v1/runs/{id}/forecasts',
    summary: 'The forecasts one run stored, per series',
    params: RunIdParams,
    query: SeriesFilterQuery,
    responses: {
      200: json(
        'The run and its forecasts',
        z.object({ run: RunRecordSchema, forecasts: z.array(SeriesForecastSchema) }),
      ),
      400: failure('`series` is not a list of series ids'),
      404: failure('No such run'),
    },
  }),
} as const;
