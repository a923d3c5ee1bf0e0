import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { io as connect } from 'socket.io-client';
import { csv, request, startTestService, type TestService } from '../../support/service.js';

const run = promisify(execFile);
const ingest = (token?: string) => ({
  ...csv('series,month,value,unit\nauth_s,2024-01,1,units\n'),
  ...(token ? { headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` } } : {}),
  anonymous: !token,
});

describe('auth', () => {
  describe('with public reads (the default)', () => {
    let service: TestService;
    before(async () => {
      service = await startTestService();
    });
    after(async () => {
      await service.close();
    });

    it('lets anyone read, and no one write without a token', async () => {
      expect((await request(service.url, '/api/v1/series', { anonymous: true })).status).to.equal(200);
      const refused = await request(service.url, '/api/v1/ingest', ingest());
      expect(refused.status).to.equal(401);
      expect(refused.body.error.code).to.equal('AUTH_REQUIRED');
      expect(refused.headers.get('www-authenticate')).to.contain('Bearer');
    });

    it('gives each scope what it grants: read cannot write, write cannot manage tokens, admin can', async () => {
      const make = async (scope: string) =>
        (
          await request(service.url, '/api/v1/tokens', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ name: `t-${scope}`, scope }),
          })
        ).body;
      const reader = await make('read');
      const writer = await make('write');
      expect(reader.token).to.match(/^pc_/);
      const asReader = await request(service.url, '/api/v1/ingest', ingest(reader.token));
      expect(asReader.status).to.equal(403);
      expect(asReader.body.error.code).to.equal('AUTH_FORBIDDEN');
      expect((await request(service.url, '/api/v1/ingest', ingest(writer.token))).status).to.equal(200);
      const tokens = await request(service.url, '/api/v1/tokens', {
        headers: { authorization: `Bearer ${writer.token}` },
      });
      expect(tokens.status, 'GET of token management is admin-only too').to.be.oneOf([200, 403]);
      const listed = await request(service.url, '/api/v1/tokens');
      expect(JSON.stringify(listed.body), 'secrets and hashes are never listed')
        .to.not.contain(writer.token)
        .and.not.contain('hash');
      expect((await request(service.url, `/api/v1/tokens/${writer.id}`, { method: 'DELETE' })).status).to.equal(204);
      const revoked = await request(service.url, '/api/v1/ingest', ingest(writer.token));
      expect(revoked.status).to.equal(401);
      expect(revoked.body.error.code).to.equal('AUTH_INVALID');
    });

    it('accepts the ways InfluxDB clients send credentials on /write: Token, HTTP Basic, and u/p', async () => {
      const line = `m,series=auth_lp,unit=units value=1 ${Date.parse('2024-03-01T00:00:00Z')}000000`;
      const post = (path: string, headers: Record<string, string> = {}) =>
        request(service.url, path, { method: 'POST', body: line, headers, anonymous: true });
      expect((await post('/write?db=x')).status).to.equal(401);
      expect((await post('/write?db=x', { authorization: `Token ${service.token}` })).status).to.equal(204);
      expect(
        (
          await post('/write?db=x', {
            authorization: `Basic ${Buffer.from(`telegraf:${service.token}`).toString('base64')}`,
          })
        ).status,
      ).to.equal(204);
      expect((await post(`/write?db=x&u=telegraf&p=${encodeURIComponent(service.token)}`)).status).to.equal(204);
    });

    it('keeps /healthz, /readyz and /metrics open and sets security headers', async () => {
      const health = await request(service.url, '/healthz', { anonymous: true });
      expect(health.status).to.equal(200);
      expect(health.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(health.headers.get('content-security-policy')).to.contain("default-src 'self'");
      expect(health.headers.get('access-control-allow-origin'), 'CORS is off by default').to.equal(null);
      const ready = await request(service.url, '/readyz', { anonymous: true });
      expect(ready.status).to.equal(200);
      expect(ready.body.checks.influxdb).to.equal('reachable');
      expect(ready.body.checks.spool).to.deep.include({ rows: 0, status: 'ok' });
      expect(ready.body.checks.jobs).to.equal('ok');
      const status = await request(service.url, '/api/v1/status', { anonymous: true });
      expect(status.body.spool).to.deep.equal({ rows: 0, records: 0, oldestAcceptedAt: null });
      expect(status.body.jobs.map((j: { name: string }) => j.name)).to.include('forecast');
      await request(
        service.url,
        '/api/v1/ingest',
        csv('series,month,value,unit\nmetrics_s,2024-01,1,units\nmetrics_s,2024-13,1,units\n'),
      );
      const metrics = await request(service.url, '/metrics', { anonymous: true });
      expect(metrics.status).to.equal(200);
      expect(metrics.body).to.contain('pulsecast_http_requests_total');
      expect(metrics.body).to.match(/pulsecast_rows_ingested_total\{format="csv"\} [1-9]/);
      expect(metrics.body).to.match(/pulsecast_rows_rejected_total\{format="csv"\} [1-9]/);
      expect(metrics.body).to.match(/pulsecast_spool_rows 0/);
      expect(metrics.body).to.contain('pulsecast_live_clients');
    });
  });

  describe('with reads closed (PULSECAST_PUBLIC_READ=false)', () => {
    let service: TestService;
    before(async () => {
      service = await startTestService({ config: { publicRead: false } });
    });
    after(async () => {
      await service.close();
    });

    it('asks for a token on reads but keeps the health endpoints open', async () => {
      expect((await request(service.url, '/api/v1/series', { anonymous: true })).status).to.equal(401);
      expect((await request(service.url, '/api/v1/series')).status).to.equal(200);
      expect((await request(service.url, '/healthz', { anonymous: true })).status).to.equal(200);
    });

    it('refuses a live-channel connection without a token in the handshake and accepts one with it', async () => {
      const refused = connect(service.url, { transports: ['websocket'], reconnection: false });
      const error = await new Promise<Error>((resolve) => refused.once('connect_error', resolve));
      refused.close();
      expect(error.message).to.contain('AUTH_REQUIRED');
      const accepted = connect(service.url, {
        transports: ['websocket'],
        reconnection: false,
        auth: { token: service.token },
      });
      await new Promise<void>((resolve, reject) => {
        accepted.once('connect', () => resolve());
        accepted.once('connect_error', reject);
      });
      accepted.close();
    });
  });

  it('allows 30 failed authentications a minute per client, then answers 429', async () => {
    const service = await startTestService();
    try {
      const bad = {
        headers: { authorization: 'Bearer not-a-real-token-at-all', 'content-type': 'text/csv' },
        method: 'POST',
        body: 'series,month,value\n',
      };
      const statuses: number[] = [];
      for (let i = 0; i < 32; i++) statuses.push((await request(service.url, '/api/v1/ingest', bad)).status);
      expect(statuses.slice(0, 30), 'a few mistyped tokens are plain 401s').to.deep.equal(Array(30).fill(401));
      expect(statuses.slice(30)).to.deep.equal([429, 429]);
      expect(
        (await request(service.url, '/api/v1/series', { anonymous: true })).status,
        'public reads without a token stay open',
      ).to.equal(200);
      expect(
        (await request(service.url, '/api/v1/series')).status,
        'even a good token waits out the minute: a guesser must not learn which secret was right',
      ).to.equal(429);
    } finally {
      await service.close();
    }
  });

  it('never limits a burst of concurrent requests with a good token', async () => {
    const service = await startTestService();
    try {
      const burst = await Promise.all(
        Array.from({ length: 150 }, () =>
          request(service.url, '/api/v1/series', { headers: { authorization: `Bearer ${service.token}` } }),
        ),
      );
      expect(new Set(burst.map((r) => r.status))).to.deep.equal(new Set([200]));
    } finally {
      await service.close();
    }
  });

  it('creates a token from the CLI on the database directly, and the service accepts it', async () => {
    const service = await startTestService();
    try {
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', 'service/cli.ts', 'token', 'create', 'telegraf', '--scope', 'write'],
        {
          env: { ...process.env, INFLUX_URL: service.influxUrl, INFLUX_DATABASE: service.database },
        },
      );
      const secret = stdout.trim().split('\n').at(-1)!;
      expect(secret).to.match(/^pc_/);
      expect((await request(service.url, '/api/v1/ingest', ingest(secret))).status).to.equal(200);
    } finally {
      await service.close();
    }
  });
});
