import { expect } from 'chai';
import {
  classifyMailError,
  MAIL_PERMANENT,
  MAIL_TEMPORARY,
  smtpMailer,
  type OutgoingMail,
} from '../../../service/report/mailer.js';
import { backoffDelay, sendWithRetry } from '../../../service/report/retry.js';
import { freePort, startSmtp, type TestSmtp } from '../../support/smtp.js';

const mail: OutgoingMail = {
  from: 'reports@pulsecast.test',
  to: ['cfo@example.com'],
  subject: 'Forecast report',
  html: '<p>hello</p>',
  text: 'hello',
  messageId: '<report.t.1@pulsecast.test>',
  date: Date.parse('2025-07-05T01:00:00Z'),
  attachments: [],
};
const policy = { attempts: 4, baseDelayMs: 1000, maxDelayMs: 3000 };

describe('mailer', () => {
  const cases: { name: string; error: unknown; retry: boolean }[] = [
    {
      name: 'a refused connection',
      error: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNECTION' }),
      retry: true,
    },
    { name: 'a timeout', error: Object.assign(new Error('Timeout'), { code: 'ETIMEDOUT' }), retry: true },
    {
      name: 'a 421 service not available',
      error: Object.assign(new Error('421 busy'), { code: 'EPROTOCOL', responseCode: 421 }),
      retry: true,
    },
    {
      name: 'a 451 local error',
      error: Object.assign(new Error('451 try later'), { code: 'EMESSAGE', responseCode: 451 }),
      retry: true,
    },
    {
      name: 'a 550 mailbox unavailable',
      error: Object.assign(new Error('550 no such user'), { code: 'EENVELOPE', responseCode: 550 }),
      retry: false,
    },
    {
      name: 'a 535 authentication failure',
      error: Object.assign(new Error('535 auth'), { code: 'EAUTH', responseCode: 535 }),
      retry: false,
    },
    { name: 'an error without a code', error: new Error('something else'), retry: false },
  ];
  for (const c of cases) {
    it(`classifies ${c.name} as ${c.retry ? 'temporary' : 'permanent'}`, () => {
      const e = classifyMailError(c.error);
      expect(e.canRetry).to.equal(c.retry);
      expect(e.code).to.equal(c.retry ? MAIL_TEMPORARY : MAIL_PERMANENT);
    });
  }

  it('doubles the wait between attempts up to the maximum', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(policy, n))).to.deep.equal([1000, 2000, 3000, 3000]);
  });

  describe('sendWithRetry against a real SMTP server', () => {
    let smtp: TestSmtp | null = null;
    afterEach(async () => {
      await smtp?.close();
      smtp = null;
    });

    it('delivers once when the server is down and comes up during the backoff', async () => {
      const port = await freePort();
      const mailer = smtpMailer({ host: '127.0.0.1', port, secure: false, timeoutMs: 5000 });
      const waits: number[] = [];
      const outcome = await sendWithRetry(mailer, mail, policy, {
        wait: async (ms) => {
          waits.push(ms);
          if (waits.length === 2) smtp = await startSmtp({ port });
        },
      });
      mailer.close();
      expect(outcome).to.include({ ok: true, attempts: 3 });
      expect(waits).to.deep.equal([1000, 2000]);
      expect(smtp!.accepted.map((m) => m.parsed.messageId)).to.deep.equal([mail.messageId]);
    });

    it('retries a 4xx reply and delivers once', async () => {
      smtp = await startSmtp({ reply: { code: 451, message: 'Requested action aborted: local error' } });
      const mailer = smtpMailer({ host: smtp.host, port: smtp.port, secure: false, timeoutMs: 5000 });
      const failures: string[] = [];
      const outcome = await sendWithRetry(mailer, mail, policy, {
        wait: async () => smtp!.reply('accept'),
        onFailure: (e) => void failures.push(`${e.responseCode} ${e.code}`),
      });
      mailer.close();
      expect(outcome).to.include({ ok: true, attempts: 2 });
      expect(failures).to.deep.equal([`451 ${MAIL_TEMPORARY}`]);
      expect(smtp.accepted).to.have.length(1);
    });

    it('gives up at once on a 5xx reply and reports it as permanent', async () => {
      smtp = await startSmtp({ reply: { code: 554, message: 'Transaction failed: rejected by policy' } });
      const mailer = smtpMailer({ host: smtp.host, port: smtp.port, secure: false, timeoutMs: 5000 });
      const outcome = await sendWithRetry(mailer, mail, policy, {
        wait: () => Promise.reject(new Error('must not wait')),
      });
      mailer.close();
      expect(outcome.ok).to.equal(false);
      if (outcome.ok) return;
      expect(outcome.attempts).to.equal(1);
      expect(outcome.error).to.include({ code: MAIL_PERMANENT, responseCode: 554, canRetry: false });
      expect(smtp.accepted).to.have.length(0);
    });

    it('stops after the last attempt when the server stays down', async () => {
      const mailer = smtpMailer({ host: '127.0.0.1', port: await freePort(), secure: false, timeoutMs: 5000 });
      const outcome = await sendWithRetry(mailer, mail, policy, { wait: async () => {} });
      mailer.close();
      expect(outcome).to.include({ ok: false, attempts: 4 });
      if (!outcome.ok) expect(outcome.error.code).to.equal(MAIL_TEMPORARY);
    });
  });
});
