import { expect } from 'chai';
import { alertEnv, ingest, sweep, type AlertEnv } from './alert-service.js';

const row = (series: string, month: string, value: number, source = 'https://a.example/') =>
  `${series},${month},${value},units,${source}\n`;

describe('service/alerts', function () {
  this.timeout(60_000);
  let env: AlertEnv;
  afterEach(async () => {
    await env.close();
  });

  it('fires a surprise on the forecast stored before the actual, keeps it across a restart, and follows restatements', async () => {
    env = await alertEnv('2024-12-02T09:00:00Z');
    let service = await env.start();
    await ingest(
      service,
      ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10'].map((m) => row('s', `2024-${m}`, 100)).join(''),
    );
    const band = { month: '2024-11', h: 1, point: 100, lo80: 90, hi80: 110, lo95: 80, hi95: 120 };
    // An older run with another band: the newest run that forecast November is the one that counts.
    await env.writeForecast('s', 'run-old', '2024-11-01T00:00:00Z', '2024-09', [
      { ...band, h: 2, point: 50, lo80: 45, hi80: 55, lo95: 40, hi95: 60 },
    ]);
    await env.writeForecast('s', 'run-before', '2024-11-20T00:00:00Z', '2024-10', [band]);

    await ingest(service, row('s', '2024-11', 300));
    expect(env.notifier.changes()).to.deep.equal(['fired surprise|s|2024-11 critical']);
    const fired = env.notifier.given[0]!;
    expect(fired.alert.details).to.deep.include({
      kind: 'surprise',
      actual: 300,
      forecast: 100,
      run: 'run-before',
      surprisePct: 200,
      bandWidths: 9.5,
    });
    expect(fired.alert.details).to.deep.include({ source: 'https://a.example/' });

    // Restarted: the alert is rebuilt from InfluxDB, and the same figure again changes nothing.
    await service.stop();
    service = await env.start();
    expect(service.alerts.alerts().map((a) => [a.id, a.status, a.severity])).to.deep.equal([
      ['surprise|s|2024-11', 'firing', 'critical'],
    ]);
    await ingest(service, row('s', '2024-11', 300));
    expect(env.notifier.given).to.have.length(1);

    await ingest(service, row('s', '2024-11', 115));
    await ingest(service, row('s', '2024-11', 104));
    expect(env.notifier.changes()).to.deep.equal([
      'fired surprise|s|2024-11 critical',
      'deescalated surprise|s|2024-11 warning',
      'resolved surprise|s|2024-11 warning',
    ]);
    expect(new Set(env.notifier.given.map((t) => t.id)).size).to.equal(3);
    expect(service.alerts.alert('surprise|s|2024-11')).to.deep.include({ status: 'resolved' });
  });

  it('raises missing on the 11th for a series whose figures always arrived by the 8th, and resolves it when the month arrives', async () => {
    env = await alertEnv('2024-02-08T09:00:00Z');
    const service = await env.start();
    for (const [month, arrived] of [
      ['2024-01', '2024-02-08T09:00:00Z'],
      ['2024-02', '2024-03-05T09:00:00Z'],
      ['2024-03', '2024-04-08T18:00:00Z'],
      ['2024-04', '2024-05-03T09:00:00Z'],
      ['2024-05', '2024-06-07T09:00:00Z'],
      ['2024-06', '2024-07-08T09:00:00Z'],
    ] as const) {
      env.clock.set(arrived);
      await ingest(service, row('late', month, 100));
    }
    env.clock.set('2024-08-10T23:59:00Z');
    await sweep(service);
    expect(env.notifier.changes()).to.deep.equal([]);

    env.clock.set('2024-08-11T00:00:00Z');
    await sweep(service);
    await sweep(service);
    expect(env.notifier.changes()).to.deep.equal(['fired missing|late|2024-07 warning']);
    expect(env.notifier.given[0]!.alert.details).to.deep.equal({
      kind: 'missing',
      lastMonth: '2024-06',
      expectedBy: '2024-08-11T00:00:00.000Z',
      basis: 'learned',
      arrivals: 6,
    });

    env.clock.set('2024-08-12T10:00:00Z');
    await ingest(service, row('late', '2024-07', 100));
    expect(env.notifier.changes()).to.deep.equal([
      'fired missing|late|2024-07 warning',
      'resolved missing|late|2024-07 warning',
    ]);
    await sweep(service);
    expect(env.notifier.given).to.have.length(2);
  });

  it('learns nothing from the fixtures or other bulk loads', async () => {
    env = await alertEnv('2024-02-08T09:00:00Z');
    const service = await env.start();
    const session = service.ingestor.session('csv', 'bulk');
    for (const [month, arrived] of [
      ['2024-01', '2024-02-08T09:00:00Z'],
      ['2024-02', '2024-03-05T09:00:00Z'],
      ['2024-03', '2024-04-08T18:00:00Z'],
      ['2024-04', '2024-05-03T09:00:00Z'],
      ['2024-05', '2024-06-07T09:00:00Z'],
      ['2024-06', '2024-07-08T09:00:00Z'],
    ] as const) {
      env.clock.set(arrived);
      await session.addRows([
        { row: 2, fields: { series: 'bulk', month, value: '100', unit: 'units', source: `s-${month}` } },
      ]);
    }
    await session.finish();
    env.clock.set('2024-09-01T00:00:00Z');
    await sweep(service);
    expect(env.notifier.changes()).to.deep.equal([]);
  });

  it('fires a conflict when a second source disagrees and resolves it when that source is restated', async () => {
    env = await alertEnv('2024-08-02T09:00:00Z');
    const service = await env.start();
    await ingest(service, row('c', '2024-07', 100, 'https://a.example/'));
    await ingest(service, row('c', '2024-07', 120, 'https://b.example/'));
    expect(env.notifier.changes()).to.deep.equal(['fired conflict|c|2024-07 warning']);
    expect(env.notifier.given[0]!.alert.details).to.deep.include({ kind: 'conflict', codes: ['SOURCES_DISAGREE'] });
    await ingest(service, row('c', '2024-07', 100, 'https://b.example/'));
    expect(env.notifier.changes()).to.deep.equal([
      'fired conflict|c|2024-07 warning',
      'resolved conflict|c|2024-07 warning',
    ]);
  });

  it("judges a month after the last stored one (not read back) without undoing an earlier month's conflict", async () => {
    env = await alertEnv('2024-09-02T09:00:00Z');
    const service = await env.start();
    await ingest(service, row('u', '2024-06', 100, 'https://a.example/'));
    await ingest(service, row('u', '2024-06', 120, 'https://b.example/'));
    expect(env.notifier.changes()).to.deep.equal(['fired conflict|u|2024-06 warning']);
    // The service knows nothing is stored after June now: July and August are stored without a read.
    await ingest(service, row('u', '2024-07', 100));
    const band = { month: '2024-08', h: 1, point: 100, lo80: 90, hi80: 110, lo95: 80, hi95: 120 };
    await env.writeForecast('u', 'run-july', '2024-08-01T00:00:00Z', '2024-07', [band]);
    await ingest(service, row('u', '2024-08', 400));
    expect(env.notifier.changes()).to.deep.equal([
      'fired conflict|u|2024-06 warning',
      'fired surprise|u|2024-08 critical',
    ]);
    expect(service.alerts.alert('conflict|u|2024-06')).to.deep.include({ status: 'firing' });
  });

  it('finds the bands of one series among many, and of every series of a month, alike', async () => {
    env = await alertEnv('2024-12-02T09:00:00Z');
    const service = await env.start();
    const ids = ['m1', 'm2', 'm3', 'm4'];
    await ingest(service, ids.flatMap((id) => ['2024-09', '2024-10'].map((m) => row(id, m, 100))).join(''));
    for (const id of ids)
      for (const [run, fittedAt] of [
        ['run-a', '2024-11-01T00:00:00Z'],
        ['run-b', '2024-11-15T00:00:00Z'],
      ] as const)
        await env.writeForecast(id, `${id}-${run}`, fittedAt, '2024-10', [
          { month: '2024-11', h: 1, point: 100, lo80: 90, hi80: 110, lo95: 80, hi95: run === 'run-b' ? 120 : 500 },
          { month: '2024-12', h: 2, point: 100, lo80: 90, hi80: 110, lo95: 80, hi95: run === 'run-b' ? 120 : 500 },
        ]);
    // One series of four: its bands are read by name; the newest run's band counts.
    await ingest(service, row('m1', '2024-11', 300));
    expect(env.notifier.changes()).to.deep.equal(['fired surprise|m1|2024-11 critical']);
    // Three of four: read by month alone, the fourth's points left out.
    await ingest(service, ['m2', 'm3', 'm4'].map((id) => row(id, '2024-11', id === 'm3' ? 100 : 300)).join(''));
    expect(env.notifier.changes().slice(1).sort()).to.deep.equal([
      'fired surprise|m2|2024-11 critical',
      'fired surprise|m4|2024-11 critical',
    ]);
  });

  it('judges uploads stored while another is judged, each series once, whichever commit takes them', async () => {
    env = await alertEnv('2024-12-02T09:00:00Z');
    const service = await env.start();
    const ids = Array.from({ length: 12 }, (_, i) => `p${i}`);
    await ingest(service, ids.map((id) => row(id, '2024-10', 100)).join(''));
    for (const id of ids)
      await env.writeForecast(id, `${id}-run`, '2024-11-01T00:00:00Z', '2024-10', [
        { month: '2024-11', h: 1, point: 100, lo80: 90, hi80: 110, lo95: 80, hi95: 120 },
      ]);
    // Twelve uploads at once, one series each, and one of them twice: each surprise fires once.
    await Promise.all([...ids, 'p0'].map((id) => ingest(service, row(id, '2024-11', 300))));
    expect(env.notifier.changes().sort()).to.deep.equal(
      ids.map((id) => `fired surprise|${id}|2024-11 critical`).sort(),
    );
  });
});
