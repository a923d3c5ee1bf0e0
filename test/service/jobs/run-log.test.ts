import { expect } from 'chai';
import { InfluxDB } from 'influx';
import { InfluxRunLog } from '../../../service/jobs/run-log.js';
import { finishedRecord, skippedRecord, startedRecord } from '../../../service/jobs/run-record.js';
import { createTestDatabase } from '../../support/influxd.js';

describe('service/jobs/run-log on InfluxDB', function () {
  this.timeout(20_000);
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let log: InfluxRunLog;
  const t0 = Date.parse('2026-12-01T10:00:00Z');

  beforeEach(async () => {
    db = await createTestDatabase();
    const url = new URL(db.url);
    log = new InfluxRunLog(new InfluxDB({ host: url.hostname, port: Number(url.port), database: db.database }));
  });
  afterEach(async () => db.drop());

  it('keeps the version a run computed with, and answers the newest that completed', async () => {
    expect(await log.lastVersion('forecast'), 'no run yet').to.equal(undefined);
    // A run recorded before runs recorded versions.
    const old = startedRecord('forecast', 'schedule', t0, t0);
    await log.save(finishedRecord(old, { total: 2, done: 2, errors: [] }, t0 + 1000));
    expect(await log.lastVersion('forecast')).to.equal(null);

    const first = startedRecord('forecast', 'upgrade', null, t0 + 60_000, 'engine-2');
    await log.save(finishedRecord(first, { total: 2, done: 2, errors: [] }, t0 + 61_000));
    expect(await log.lastVersion('forecast')).to.equal('engine-2');
    expect((await log.get(first.id))?.version).to.equal('engine-2');

    // Neither a skipped, a failed nor an unfinished run completed anything.
    await log.save(skippedRecord('forecast', 'manual', null, t0 + 120_000, 'skipped: busy'));
    const failed = startedRecord('forecast', 'manual', null, t0 + 180_000, 'engine-3');
    await log.save(finishedRecord(failed, { error: new Error('InfluxDB down') }, t0 + 181_000));
    expect(await log.lastVersion('forecast')).to.equal('engine-2');
    const running = startedRecord('forecast', 'upgrade', null, t0 + 240_000, 'engine-3');
    await log.save(running);
    expect(await log.lastVersion('forecast')).to.equal('engine-2');
    await log.save(
      finishedRecord(running, { total: 2, done: 1, errors: [{ series: 'a', code: 'X', message: 'x' }] }, t0 + 241_000),
    );
    expect(await log.lastVersion('forecast'), 'a partial run completed').to.equal('engine-3');
    expect(await log.lastVersion('report:weekly'), 'another row').to.equal(undefined);
  });
});
