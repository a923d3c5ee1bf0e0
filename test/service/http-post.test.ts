import { expect } from 'chai';
import { freePorts } from '../../service/storage/local-influxd.js';
import { keepAliveAgent, post, PostFailure } from '../../service/http-post.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

describe('outbound POST over keep-alive connections', () => {
  let receiver: WebhookReceiver;
  before(async () => {
    receiver = await startWebhookReceiver();
  });
  after(async () => {
    receiver.release();
    await receiver.close();
  });

  const agent = keepAliveAgent(new URL('http://127.0.0.1/'), 8);
  after(() => agent.destroy());
  const send = async (options: { timeoutMs?: number; signal?: AbortSignal } = {}, url = receiver.url) =>
    (
      await post(new URL(url), '{"a":1}', {
        agent,
        headers: { 'x-test': 'yes' },
        ...options,
        timeoutMs: options.timeoutMs ?? 5000,
      })
    ).status;

  it('sends the body and headers and answers the status, for many at once', async () => {
    receiver.script([500]);
    const statuses = await Promise.all(Array.from({ length: 100 }, () => send()));
    expect(statuses.filter((s) => s === 500)).to.have.length(1);
    expect(statuses.filter((s) => s === 200)).to.have.length(99);
    const call = receiver.calls.at(-1)!;
    expect(call.body).to.equal('{"a":1}');
    expect(call.headers['x-test']).to.equal('yes');
  });

  it('keeps the start of the answer when asked, and sends bytes as they are', async () => {
    receiver.script([503]);
    const answer = await post(new URL(receiver.url), Buffer.from('line 1\nline 2'), {
      agent,
      headers: {},
      timeoutMs: 5000,
      keepText: 2,
    });
    expect(answer).to.deep.equal({ status: 503, text: '50' });
    expect(receiver.calls.at(-1)!.body).to.equal('line 1\nline 2');
  });

  it('says why no answer came: refused, out of time, or stopped', async () => {
    const [port] = await freePorts(1);
    const refused = await send({}, `http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(PostFailure);
    expect((refused as Error).message).to.equal('ECONNREFUSED');

    receiver.hold();
    const late = await send({ timeoutMs: 100 }).catch((e: unknown) => e);
    expect((late as Error).message).to.equal('no answer in time');

    const stop = new AbortController();
    const stopped = send({ signal: stop.signal }).catch((e: unknown) => e);
    setTimeout(() => stop.abort(), 50);
    expect(((await stopped) as Error).message).to.equal('stopped before an answer');
    receiver.release();
  });
});
