/**
 * Prometheus metrics (prom-client) on a registry of the service's own, so two services in one
 * process (tests) never share counters. Components get this object and record what they do.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ALERT_KINDS } from './contract/index.js';

export class Metrics {
  readonly registry = new Registry();
  readonly rowsIngested = new Counter({
    name: 'pulsecast_rows_ingested_total',
    help: 'Rows stored (new, restated or unchanged)',
    labelNames: ['format'] as const,
    registers: [this.registry],
  });
  readonly rowsRejected = new Counter({
    name: 'pulsecast_rows_rejected_total',
    help: 'Rows refused by validation',
    labelNames: ['format'] as const,
    registers: [this.registry],
  });
  readonly rowsQueued = new Counter({
    name: 'pulsecast_rows_queued_total',
    help: 'Rows accepted into the spool while InfluxDB was unreachable',
    registers: [this.registry],
  });
  readonly ingestSeconds = new Histogram({
    name: 'pulsecast_ingest_duration_seconds',
    help: 'Time to ingest one request',
    labelNames: ['format'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });
  /** Read at each scrape from whatever `watchSpool` was given. */
  private spoolDepth: () => number = () => 0;
  readonly spoolRows: Gauge = new Gauge({
    name: 'pulsecast_spool_rows',
    help: 'Rows waiting in the spool for InfluxDB',
    registers: [this.registry],
    collect: (): void => this.spoolRows.set(this.spoolDepth()),
  });
  readonly rowsReplayed = new Counter({
    name: 'pulsecast_rows_replayed_total',
    help: 'Spooled rows stored by the replay',
    registers: [this.registry],
  });
  readonly jobRuns = new Counter({
    name: 'pulsecast_job_runs_total',
    help: 'Job runs by job and status',
    labelNames: ['job', 'status'] as const,
    registers: [this.registry],
  });
  readonly jobSeconds = new Histogram({
    name: 'pulsecast_job_duration_seconds',
    help: 'Job run duration',
    labelNames: ['job'] as const,
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900],
    registers: [this.registry],
  });
  readonly emails = new Counter({
    name: 'pulsecast_emails_total',
    help: 'Report emails by outcome (sent, failed)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly alertNotifications = new Counter({
    name: 'pulsecast_alert_notifications_total',
    help: 'Alert transitions told per channel, by outcome (sent, failed, silenced: matched but silenced)',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly liveClients = new Gauge({
    name: 'pulsecast_live_clients',
    help: 'Connected dashboard clients',
    registers: [this.registry],
  });
  readonly httpRequests = new Counter({
    name: 'pulsecast_http_requests_total',
    help: 'HTTP requests by status class',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  readonly alertsFiring = new Gauge({
    name: 'pulsecast_alerts_firing',
    help: 'Firing alerts by kind and severity',
    labelNames: ['kind', 'severity'] as const,
    registers: [this.registry],
  });

  /** Sets the firing gauge from every alert: a kind and severity with none firing reads 0. */
  countFiring(alerts: readonly { status: string; kind: string; severity: string }[]): void {
    this.alertsFiring.reset();
    for (const kind of ALERT_KINDS)
      for (const severity of ['warning', 'critical'])
        this.alertsFiring.set(
          { kind, severity },
          alerts.filter((a) => a.status === 'firing' && a.kind === kind && a.severity === severity).length,
        );
  }

  watchSpool(rows: () => number): void {
    this.spoolDepth = rows;
  }

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'pulsecast_' });
  }
}
