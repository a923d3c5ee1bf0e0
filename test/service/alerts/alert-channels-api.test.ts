import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { jsonBody, request, startTestService, type TestService } from '../../support/service.js';
import { surpriseTransition } from '../../support/transitions.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.js';

const SECRET = 'first-secret-0123456789';
const put = (value: unknown): RequestInit => ({ ...jsonBody(value), method: 'PUT' });

describe('alert channels API', function () {
  this.timeout(30_000);
  let service: TestService;
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    receiver = await startWebhookReceiver();
    service = await startTestService();
  });
  afterEach(async () => {
    await service.close();
    await receiver.close();
  });

  it('keeps a webhook secret write-only: never answered, kept when a PUT leaves it out, used to sign', async () => {
    const created = await request(
      service.url,
      '/api/v1/alert-channels/ops',
      put({ type: 'webhook', url: receiver.url, secret: SECRET }),
    );
    expect(created.status).to.equal(201);
    expect(created.body.channel).to.include({ id: 'ops', secretSet: true, source: 'api' });
    expect(JSON.stringify(created.body)).to.not.include(SECRET);
    const replaced = await request(
      service.url,
      '/api/v1/alert-channels/ops',
      put({ type: 'webhook', url: receiver.url, retry: { attempts: 2 } }),
    );
    expect(replaced.status).to.equal(200);
    const listed = await request(service.url, '/api/v1/alert-channels');
    expect(JSON.stringify(listed.body)).to.not.include(SECRET);
    expect(listed.body.channels).to.have.length(1);

    await service.notifications.notifier.enqueue([surpriseTransition()]);
    await service.notifications.notifier.idle();
    expect(receiver.calls).to.have.length(1);
    const { body, headers } = receiver.calls[0]!;
    expect(headers['x-pulsecast-signature']).to.equal(
      `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
    );
  });

  it('refuses a new webhook without a secret, another scheme, and a URL at the service itself, naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ type: 'webhook', url: receiver.url }, 'secret'],
      [{ type: 'webhook', url: 'file:///etc/passwd', secret: SECRET }, 'url'],
      [{ type: 'webhook', url: `${service.url}/api/v1/tokens`, secret: SECRET }, 'url'],
      [{ type: 'webhook', url: `http://localhost:${new URL(service.url).port}/x`, secret: SECRET }, 'url'],
      [{ type: 'email', to: ['not-an-address'] }, 'to'],
      [{ type: 'sms', to: ['x@example.com'] }, 'type'],
    ];
    for (const [definition, field] of cases) {
      const res = await request(service.url, '/api/v1/alert-channels/x', put(definition));
      expect(res.status, JSON.stringify(definition)).to.equal(400);
      expect(res.body.error.code).to.equal('ALERT_CHANNEL_INVALID');
      expect(res.body.error.details.field, JSON.stringify(res.body)).to.equal(field);
    }
  });

  it('lets only an admin read channels (a webhook URL is a secret of its own)', async () => {
    const reader = await request(service.url, '/api/v1/tokens', jsonBody({ name: 'r', scope: 'read' }));
    const res = await request(service.url, '/api/v1/alert-channels', {
      headers: { authorization: `Bearer ${reader.body.token}` },
    });
    expect(res.status).to.equal(403);
    expect((await request(service.url, '/api/v1/alert-channels', { anonymous: true })).status).to.equal(401);
  });

  it('sends a test notification on request and answers what the receiver said', async () => {
    await request(
      service.url,
      '/api/v1/alert-channels/ops',
      put({ type: 'webhook', url: receiver.url, secret: SECRET }),
    );
    const res = await request(service.url, '/api/v1/alert-channels/ops/test', { method: 'POST' });
    expect(res.status).to.equal(200);
    expect(res.body.result).to.include({ channel: 'ops', attempts: 1, response: '200' });
    expect(JSON.parse(receiver.calls[0]!.body)).to.include({ type: 'test', transition: null, channel: 'ops' });
  });
});
