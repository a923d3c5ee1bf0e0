/**
 * One influxd for the whole test run, started on first use in a temporary folder on free ports;
 * each test that needs storage gets a database of its own, so tests never see each other's data.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { InfluxDB } from 'influx';
import { startManagedInfluxd, type ManagedInfluxd } from '../../service/storage/local-influxd.js';
import { ensureDatabase } from '../../service/storage/influx-store.js';

let shared: Promise<{ influxd: ManagedInfluxd; dir: string }> | null = null;

/** The run's influxd, started when the first test asks for it. */
export async function sharedInfluxd(): Promise<ManagedInfluxd> {
  shared ??= (async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pulsecast-influxd-'));
    const influxd = await startManagedInfluxd({ dir });
    return { influxd, dir };
  })();
  return (await shared).influxd;
}

export async function stopSharedInfluxd(): Promise<void> {
  if (!shared) return;
  const { influxd, dir } = await shared;
  shared = null;
  await influxd.stop();
  await rm(dir, { recursive: true, force: true });
}

/** A fresh, uniquely named database on the shared influxd; drop it with the returned function. */
export async function createTestDatabase(): Promise<{ url: string; database: string; drop: () => Promise<void> }> {
  const influxd = await sharedInfluxd();
  const database = `test_${randomBytes(6).toString('hex')}`;
  const client = new InfluxDB({ host: new URL(influxd.url).hostname, port: Number(new URL(influxd.url).port) });
  await ensureDatabase(client, database);
  return { url: influxd.url, database, drop: () => client.dropDatabase(database) };
}
