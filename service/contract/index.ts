/**
 * The contract between the service and the page: every view the API answers with, every request
 * it takes, the endpoints with their answers, and the live channel's events. The routers validate
 * requests against these schemas, `/api/v1/openapi.json` is generated from them, and the types
 * are inferred from them, so none of the three can drift from the others.
 *
 * The dashboard imports types only (`import type`): the schemas are values, and zod stays out of
 * the page's bundle. This is the one service module the dashboard may import.
 */
import { alertEndpoints } from './alert-api.js';
import { alertChannelEndpoints } from './alert-channels.js';
import { conflictReviewEndpoints } from './conflict-review.js';
import { forecastEndpoints } from './forecasts.js';
import { ingestEndpoints } from './ingest.js';
import { jobEndpoints } from './jobs.js';
import { overviewEndpoints } from './overview.js';
import { reportEndpoints } from './reports.js';
import { seriesEndpoints } from './series.js';
import { statusEndpoints } from './status.js';
import { tokenEndpoints } from './tokens.js';

export * from './alert-api.js';
export * from './alert-channels.js';
export * from './alerts.js';
export * from './common.js';
export * from './conflict-review.js';
export * from './endpoint.js';
export * from './errors.js';
export * from './events.js';
export * from './forecasts.js';
export * from './ingest.js';
export * from './jobs.js';
export * from './overview.js';
export * from './reports.js';
export * from './series.js';
export * from './status.js';
export * from './tokens.js';

/** Every endpoint of the contract, by name. */
export const endpoints = {
  ...ingestEndpoints,
  ...overviewEndpoints,
  ...seriesEndpoints,
  ...conflictReviewEndpoints,
  ...forecastEndpoints,
  ...jobEndpoints,
  ...reportEndpoints,
  ...tokenEndpoints,
  ...statusEndpoints,
  ...alertEndpoints,
  ...alertChannelEndpoints,
} as const;
