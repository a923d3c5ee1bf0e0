/**
 * The InfluxDB the configuration names (INFLUX_URL, with its credentials), or the managed influxd
 * in the data folder, started or attached to: one place for the service and every command.
 */
import path from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { connectInflux, type InfluxConnection } from './influx-store.js';
import { startManagedInfluxd, type ManagedInfluxd } from './local-influxd.js';

/** The InfluxDB to use; `managed` is set when this process started or attached to the managed one. */
export async function openInflux(
  config: Config,
  logger: Logger,
): Promise<{ url: string; managed: ManagedInfluxd | null }> {
  if (config.influxUrl) return { url: config.influxUrl, managed: null };
  const managed = await startManagedInfluxd({ dir: path.join(config.dataDir, 'influxdb'), detached: true });
  logger.info(
    { url: managed.url, reused: managed.reused },
    managed.reused ? 'using the managed influxd already running' : 'started managed influxd',
  );
  return { url: managed.url, managed };
}

/** The configured database and credentials on the InfluxDB at `url`. */
export function configuredConnection(config: Config, url: string): InfluxConnection {
  return {
    url,
    database: config.influxDatabase,
    ...(config.influxUsername !== undefined
      ? { username: config.influxUsername, password: config.influxPassword ?? '' }
      : {}),
  };
}

/** The client for the configured database and credentials on the InfluxDB at `url`. */
export function connectConfiguredInflux(config: Config, url: string): ReturnType<typeof connectInflux> {
  return connectInflux(configuredConnection(config, url));
}
