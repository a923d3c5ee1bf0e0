import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { InfluxDB } from 'influx';
import { InfluxSendLog } from '../../../service/report/send-log.js';
import { RESEND_NOTE } from '../../../service/report/report-sender.js';
import { startSmtp, type TestSmtp } from '../../support/smtp.js';
import {
  REPORT,
  reportEnv,
  SLOT,
  startReportService,
  TestClock,
  type ReportEnv,
  type ReportService,
} from './report-service.js';

const MESSAGE_ID = '<report.monthly.2025-07-05T01-00-00-000Z@pulsecast.test>';

describe('report-job (schedule, catch-up, exactly once)', () => {
  let env: ReportEnv;
  let smtp: TestSmtp;
  let service: ReportService | null;

  beforeEach(async () => {
    env = await reportEnv([REPORT]);
    smtp = await startSmtp();
    service = null;
  });
  afterEach(async () => {
    await service?.stop();
    await smtp.close();
    await env.drop();
  });

  const start = async (iso: string) => {
    await service?.stop();
    service = await startReportService(env, { clock: new TestClock(Date.parse(iso)), smtpPort: smtp.port });
    await service.jobs.idle();
    return service;
  };

  it('sends a slot the schedule fires once, even when it fires twice at the same time', async () => {
    const s = await start('2025-07-04T00:00:00Z');
    s.scheduler.fire('report:monthly', SLOT);
    s.scheduler.fire('report:monthly', SLOT);
    await s.jobs.idle();
    expect(smtp.accepted.map((m) => m.parsed.messageId)).to.deep.equal([MESSAGE_ID]);
    expect(smtp.accepted[0]!.envelope.to).to.deep.equal(REPORT.recipients);
    const record = await s.reports.log.get('monthly', SLOT);
    expect(record).to.include({
      state: 'sent',
      scheduled: true,
      late: false,
      attempts: 1,
      resends: 0,
      messageId: MESSAGE_ID,
    });
  });

  it('sends a slot missed while the service was down once on start-up, marked late', async () => {
    await start('2025-07-04T00:00:00Z');
    expect(smtp.accepted).to.have.length(0);
    await start('2025-07-06T08:00:00Z');
    expect(smtp.accepted.map((m) => m.parsed.messageId)).to.deep.equal([MESSAGE_ID]);
    expect(await service!.reports.log.get('monthly', SLOT)).to.include({ state: 'sent', late: true });
    await start('2025-07-07T08:00:00Z');
    expect(smtp.accepted).to.have.length(1);
  });

  it('does not mail slots from before a report was first seen', async () => {
    await start('2025-07-06T08:00:00Z');
    expect(smtp.accepted).to.have.length(0);
    expect(await service!.reports.log.list('monthly')).to.deep.equal([]);
  });

  it('killed before the SMTP server accepted, then restarted: delivered once, and the log says it was resent', async function () {
    this.timeout(20_000);
    await start('2025-07-04T00:00:00Z');
    await service!.stop();
    service = null;
    smtp.reply('hold');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(path.dirname(fileURLToPath(import.meta.url)), 'report-child.ts')],
      {
        env: {
          ...process.env,
          REPORT_CHILD_INFLUX: env.influxUrl,
          REPORT_CHILD_DB: env.database,
          REPORT_CHILD_REPORTS: env.reportsFile,
          REPORT_CHILD_NOW: String(Date.parse('2025-07-06T08:00:00Z')),
          REPORT_CHILD_SMTP: String(smtp.port),
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const exited = once(child, 'exit');
    await Promise.race([
      smtp.waitForHeld(),
      exited.then(() => Promise.reject(new Error('the child exited before sending'))),
    ]);
    expect(child.kill('SIGKILL')).to.equal(true);
    await exited;
    expect(smtp.accepted).to.have.length(0);
    expect(await reportState()).to.include({ state: 'sending', attempts: 0 });

    smtp.reply('accept');
    await start('2025-07-06T08:05:00Z');
    expect(smtp.received).to.equal(2);
    expect(smtp.accepted.map((m) => m.parsed.messageId)).to.deep.equal([MESSAGE_ID]);
    expect(await reportState()).to.include({
      state: 'sent',
      late: true,
      resends: 1,
      note: RESEND_NOTE,
      messageId: MESSAGE_ID,
    });
  });

  /** The send log read straight from InfluxDB, whether a service is running or not. */
  async function reportState() {
    const url = new URL(env.influxUrl);
    return new InfluxSendLog(new InfluxDB({ host: url.hostname, port: Number(url.port), database: env.database })).get(
      'monthly',
      SLOT,
    );
  }
});
