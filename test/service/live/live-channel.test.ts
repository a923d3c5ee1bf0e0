import { expect } from 'chai';
import type { ActualsEvent } from '../../../service/contract/index.js';
import { jsonBody, request, startTestService, type TestService } from '../../support/service.js';
import { connectLive, nextEvent, subscribe, type LiveSocket } from '../../support/socket-client.js';
import { waitFor } from '../../support/wait-for.js';

const row = (series: string, month: string, value: number) => ({
  series,
  month,
  value,
  unit: 'units',
  source: 'https://example.com/a',
});

describe('live channel (socket.io)', () => {
  let service: TestService;
  const sockets: LiveSocket[] = [];

  beforeEach(async () => {
    // No re-fits here: these tests are about actuals reaching clients.
    service = await startTestService({ config: { refitDebounceMs: 0 } });
    await service.jobs.idle();
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.disconnect();
    await service.close();
  });

  async function client(series: string[], overview = false): Promise<LiveSocket> {
    const socket = await connectLive(service.url);
    sockets.push(socket);
    const ack = await subscribe(socket, { series, overview });
    expect(ack.ok).to.equal(true);
    return socket;
  }

  /**
   * Stores `series`' January, then cuts `socket`'s transport under it, as a network drop would;
   * resolves once it is down, with its next event of February and its reconnection (by itself).
   */
  async function drop(socket: LiveSocket, series: string) {
    // Listen before posting: the event can reach the client before the HTTP answer does.
    const first = nextEvent(socket, 'actuals');
    await request(service.url, '/api/v1/ingest', jsonBody([row(series, '2024-01', 10)]));
    await first;
    const reconnected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const missed = nextEvent(socket, 'actuals', (e) => e.months.includes('2024-02'));
    socket.io.engine.close();
    await waitFor(() => !socket.connected, 'the drop');
    return { reconnected, missed };
  }

  it('delivers a figure ingested through the API to the clients of its series, and only to them', async () => {
    const a = await client(['seres_nev_sales']);
    const b = await client(['other_series']);
    const overview = await client([], true);
    const got: ActualsEvent[] = [];
    b.on('actuals', (e) => got.push(e));
    const arrival = nextEvent(a, 'actuals');
    const onOverview = nextEvent(overview, 'actuals');
    const res = await request(service.url, '/api/v1/ingest', jsonBody([row('seres_nev_sales', '2024-06', 44126)]));
    expect(res.status).to.equal(200);
    const event = await arrival;
    expect(event).to.include({ series: 'seres_nev_sales', batch: res.body.batch });
    expect(event.months).to.deep.equal(['2024-06']);
    expect((await onOverview).batch).to.equal(res.body.batch);
    // One connection keeps order: had b been sent the event, it would arrive before this answer.
    await subscribe(b, { series: ['other_series'] });
    expect(got).to.deep.equal([]);
  });

  it('gives a client that follows the jobs and some series the job events and those series only', async () => {
    const socket = await connectLive(service.url);
    sockets.push(socket);
    expect((await subscribe(socket, { series: ['shown_sales'], jobs: true })).ok).to.equal(true);
    const got: ActualsEvent[] = [];
    socket.on('actuals', (e) => got.push(e));
    const result = nextEvent(socket, 'job:result', (e) => e.record.status !== 'running');
    const run = await request(service.url, '/api/v1/jobs/forecast/run', { method: 'POST' });
    expect(run.status, JSON.stringify(run.body)).to.be.oneOf([200, 202]);
    expect((await result).record.job).to.equal('forecast');
    const shown = nextEvent(socket, 'actuals');
    await request(service.url, '/api/v1/ingest', jsonBody([row('hidden_sales', '2024-06', 1)]));
    await request(service.url, '/api/v1/ingest', jsonBody([row('shown_sales', '2024-06', 2)]));
    expect((await shown).series).to.equal('shown_sales');
    expect(got.map((e) => e.series)).to.deep.equal(['shown_sales']);
  });

  it('gives a client that dropped and reconnected the events it missed (session recovery)', async () => {
    const watcher = await client(['x_sales']);
    const dropped = await client(['x_sales']);
    const { reconnected, missed } = await drop(dropped, 'x_sales');
    const seen = nextEvent(watcher, 'actuals', (e) => e.months.includes('2024-02'));
    const res = await request(service.url, '/api/v1/ingest', jsonBody([row('x_sales', '2024-02', 11)]));
    await seen;
    await reconnected;
    expect(dropped.recovered).to.equal(true);
    expect((await missed).batch).to.equal(res.body.batch);
  });

  it('keeps the events for the only client while it is away, so that its session recovers them', async () => {
    const alone = await client(['y_sales']);
    const { reconnected, missed } = await drop(alone, 'y_sales');
    // No client is connected now; the event is still kept for this one's session.
    const res = await request(service.url, '/api/v1/ingest', jsonBody([row('y_sales', '2024-02', 11)]));
    await reconnected;
    expect(alone.recovered).to.equal(true);
    expect((await missed).batch).to.equal(res.body.batch);
  });

  it('tells a client whose session was lost what changed since its last event (resync by time)', async () => {
    const first = await client(['y_sales', 'z_sales']);
    const ack = await subscribe(first, { series: ['y_sales', 'z_sales'] });
    const since = ack.ok ? ack.serverTime : 0;
    first.disconnect();
    await request(service.url, '/api/v1/ingest', jsonBody([row('y_sales', '2024-01', 5)]));
    // A brand-new connection: nothing to recover, so it asks by time.
    const fresh = await connectLive(service.url);
    sockets.push(fresh);
    const answer = await subscribe(fresh, { series: ['y_sales', 'z_sales'], since });
    expect(answer.ok).to.equal(true);
    if (!answer.ok) return;
    expect(answer.missed).to.deep.equal({
      complete: true,
      series: [{ id: 'y_sales', actuals: true, forecast: false }],
      jobs: false,
    });
    const before = await subscribe(fresh, { series: ['y_sales'], since: 0 });
    expect(before.ok && before.missed?.complete).to.equal(false);
  });

  it('refuses a malformed subscription with a stable code, naming the field', async () => {
    const socket = await connectLive(service.url);
    sockets.push(socket);
    const ack = await socket.timeout(5000).emitWithAck('subscribe', { series: 'not-a-list' as unknown as string[] });
    expect(ack).to.deep.include({ ok: false });
    expect(!ack.ok && ack.error).to.deep.include({ code: 'SUBSCRIBE_INVALID', details: { field: 'series' } });
    const since = await socket.timeout(5000).emitWithAck('subscribe', { series: [], since: 'yesterday' as never });
    expect(!since.ok && since.error.message).to.equal('field "since" must be a server time in ms; got "yesterday"');
  });
});
