import { expect } from 'chai';
import { freePorts } from '../../../service/storage/local-influxd.js';
import { postText, PostFailure } from '../../../service/alerts/channels/http-post.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.js';

describe('webhook POST over keep-alive connections', () => {
  let receiver: WebhookReceiver;
  before(async () => {
    receiver = await startWebhookReceiver();
  });
  after(async () => {
    receiver.release();
    await receiver.close();
  });

  const post = (options: { timeoutMs?: number; signal?: AbortSignal } = {}, url = receiver.url) =>
    postText(new URL(url), { 'x-test': 'yes' }, '{"a":1}', { timeoutMs: options.timeoutMs ?? 5000, ...options });

  it('sends the body and headers and answers the status, for many at once', async () => {
    receiver.script([500]);
    const statuses = await Promise.all(Array.from({ length: 100 }, () => post()));
    expect(statuses.filter((s) => s === 500)).to.have.length(1);
    expect(statuses.filter((s) => s === 200)).to.have.length(99);
    const call = receiver.calls.at(-1)!;
    expect(call.body).to.equal('{"a":1}');
    expect(call.headers['x-test']).to.equal('yes');
  });

  it('says why no answer came: refused, out of time, or stopped', async () => {
    const [port] = await freePorts(1);
    const refused = await post({}, `http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(PostFailure);
    expect((refused as Error).message).to.equal('ECONNREFUSED');

    receiver.hold();
    const late = await post({ timeoutMs: 100 }).catch((e: unknown) => e);
    expect((late as Error).message).to.equal('no answer in time');

    const stop = new AbortController();
    const stopped = post({ signal: stop.signal }).catch((e: unknown) => e);
    setTimeout(() => stop.abort(), 50);
    expect(((await stopped) as Error).message).to.equal('stopped before an answer');
    receiver.release();
  });
});
