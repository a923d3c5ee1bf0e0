/**
 * The API's domain routers under /api/v1 (forecasts, jobs and their runs, reports, status, alerts, alert
 * channels, conflict reviews), built
 * here in the HTTP layer from the domain objects the composition root hands over. `app.ts` builds
 * the rest (ingest, series, tokens, the InfluxDB-compatible endpoints) from its own dependencies.
 */
import type { Router } from 'express';
import type { ChannelCatalog } from '../alerts/channel-catalog.js';
import type { AlertDispatcher } from '../alerts/dispatcher.js';
import type { Clock } from '../clock.js';
import type { ForecastReader } from '../forecasts/forecast-reader.js';
import type { JobRegistry } from '../jobs/registry.js';
import type { ConflictReviews } from '../reviews/conflict-reviews.js';
import type { ReportCatalog } from '../report/report-catalog.js';
import type { ReportSender } from '../report/report-sender.js';
import type { SendLog } from '../report/send-log.js';
import type { SpoolGauge } from '../storage/spool.js';
import { alertChannelsRouter } from './alert-channels-router.js';
import { alertsRouter, type AlertsDomain } from './alerts-router.js';
import { conflictReviewRouter } from './conflict-review-router.js';
import { forecastRouter } from './forecast-router.js';
import { jobsRouter } from './jobs-router.js';
import { reportRouter } from './report-router.js';
import { statusRouter } from './status-router.js';

export interface ApiDomain {
  readonly forecasts: ForecastReader;
  readonly jobs: JobRegistry;
  readonly reports: { readonly catalog: ReportCatalog; readonly sender: ReportSender; readonly log: SendLog };
  readonly notifications: { readonly channels: ChannelCatalog; readonly notifier: AlertDispatcher };
  readonly spool: SpoolGauge;
  readonly clock: Clock;
  readonly alerts: AlertsDomain;
  readonly reviews: ConflictReviews;
}

export function apiRouters(domain: ApiDomain): Router[] {
  const { forecasts, jobs, reports, notifications, spool, clock, alerts, reviews } = domain;
  return [
    forecastRouter({ forecasts }),
    jobsRouter({ jobs, forecasts }),
    reportRouter({ ...reports, jobs, clock }),
    statusRouter({ spool, jobs }),
    alertsRouter(alerts),
    alertChannelsRouter({ ...notifications, clock }),
    conflictReviewRouter({ reviews }),
  ];
}
