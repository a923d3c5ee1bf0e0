/**
 * Ordered start-up and shutdown. Start: InfluxDB (managed or configured), catalog, fixtures on an
 * empty database, HTTP; the port opens only once the fixtures are in, so a client that gets an
 * answer gets them too. Stop: close HTTP (finishing in-flight requests), then a managed influxd last.
 */
import http from 'node:http';
import type { Express } from 'express';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SeriesCatalog } from '../ingest/series-catalog.js';
import { loadFixtures } from '../fixtures/load.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { buildApp } from './http/app.js';
import { Ingestor } from './ingestor.js';
import type { Logger } from './logger.js';
import { SeriesReader } from './series-reader.js';
import { connectInflux, InfluxSeriesStore } from './storage/influx-store.js';
import { startManagedInfluxd, type ManagedInfluxd } from './storage/local-influxd.js';
import { dashboardHandler } from './http/dashboard.js';

export interface RunningService {
  /** Where the dashboard and API are served, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  readonly influxUrl: string;
  readonly catalog: SeriesCatalog;
  readonly ingestor: Ingestor;
  readonly reader: SeriesReader;
  /** The express app, for tests that walk its routes. */
  readonly app: Express;
  stop(): Promise<void>;
}

export interface ServiceDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
}

/** The InfluxDB the configuration names, or the managed one in the data folder. */
export async function openInflux(config: Config, logger: Logger): Promise<{ url: string; managed: ManagedInfluxd | null }> {
  if (config.influxUrl) return { url: config.influxUrl, managed: null };
  const managed = await startManagedInfluxd({ dir: path.join(config.dataDir, 'influxdb'), detached: true });
  logger.info({ url: managed.url, reused: managed.reused }, managed.reused ? 'using the managed influxd already running' : 'started managed influxd');
  return { url: managed.url, managed };
}

export async function startService(deps: ServiceDeps): Promise<RunningService> {
  const { config, logger, clock } = deps;
  const influx = await openInflux(config, logger);
  const stopInflux = async () => {
    await influx.managed?.stop();
  };
  try {
    const client = await connectInflux({
      url: influx.url,
      database: config.influxDatabase,
      ...(config.influxUsername !== undefined ? { username: config.influxUsername, password: config.influxPassword ?? '' } : {}),
    });
    const store = new InfluxSeriesStore(client);
    const catalog = await SeriesCatalog.load(store);
    const ingestor = new Ingestor({ store, catalog, clock });
    const reader = new SeriesReader(store, catalog);
    if (config.loadFixtures && catalog.list().length === 0) {
      const summary = await loadFixtures({ ingestor, catalog });
      logger.info({ accepted: summary.accepted, rejected: summary.rejected, conflicts: summary.conflicts.length }, 'loaded fixtures into the empty database');
    }
    const app = buildApp({ logger, ingestor, reader, maxBodyBytes: config.maxBodyBytes, dashboard: dashboardHandler() });
    const server = http.createServer(app);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const url = `http://${host}:${port}`;
    let stopping: Promise<void> | null = null;
    const stop = () => {
      stopping ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await stopInflux();
      })();
      return stopping;
    };
    return { url, influxUrl: influx.url, catalog, ingestor, reader, app, stop };
  } catch (error) {
    await stopInflux();
    throw error;
  }
}
