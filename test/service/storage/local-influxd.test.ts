import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  InfluxdMissingError,
  ping,
  startManagedInfluxd,
  type ManagedInfluxd,
} from '../../../service/storage/local-influxd.js';

describe('local-influxd', () => {
  let dir: string;
  const started: ManagedInfluxd[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pulsecast-local-influxd-'));
  });

  afterEach(async () => {
    for (const influxd of started.splice(0).reverse()) await influxd.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('starts influxd on a free loopback port, answers /ping, and stops it cleanly', async () => {
    const influxd = await startManagedInfluxd({ dir });
    started.push(influxd);
    expect(influxd.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(influxd.reused).to.equal(false);
    expect(await ping(influxd.url)).to.equal(true);
    await influxd.stop();
    expect(await ping(influxd.url)).to.equal(false);
  });

  it('shares the influxd already serving the same folder instead of starting a second', async () => {
    const first = await startManagedInfluxd({ dir });
    started.push(first);
    const second = await startManagedInfluxd({ dir });
    started.push(second);
    expect(second.reused).to.equal(true);
    expect(second.url).to.equal(first.url);
    expect(second.pid).to.equal(first.pid);
    await second.stop();
    expect(await ping(first.url), 'stopping a shared handle leaves the owner running').to.equal(true);
  });

  it('says exactly what to install when the binary is missing', async () => {
    try {
      await startManagedInfluxd({ dir, binary: 'influxd-that-does-not-exist' });
      expect.fail('should have thrown');
    } catch (error) {
      expect(error).to.be.instanceOf(InfluxdMissingError);
      expect((error as Error).message).to.contain('apt-get install -y influxdb');
    }
  });
});
