import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { simpleParser } from 'mailparser';
import { loadConfig } from '../../../service/config.js';
import { createLogger } from '../../../service/logger.js';
import { reportCommand } from '../../../service/report/report-cli.js';
import { createTestDatabase } from '../../support/influxd.js';
import { startSmtp, type TestSmtp } from '../../support/smtp.js';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (c: Buffer) => (text += c.toString()));
  return { stream, text: () => text };
}

describe('pulsecast report (CLI)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let smtp: TestSmtp;
  let outDir: string;

  before(async () => {
    db = await createTestDatabase();
    smtp = await startSmtp();
    outDir = await mkdtemp(path.join(os.tmpdir(), 'pulsecast-outbox-'));
  });
  after(async () => {
    await smtp.close();
    await db.drop();
    await rm(outDir, { recursive: true, force: true });
  });

  const run = async (args: string[]) => {
    const out = capture();
    const err = capture();
    const config = loadConfig(
      {
        INFLUX_URL: db.url,
        INFLUX_DATABASE: db.database,
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(smtp.port),
        SMTP_FROM: 'reports@pulsecast.test',
      },
      process.cwd(),
    );
    const code = await reportCommand({
      args,
      config,
      logger: createLogger('silent'),
      clock: { now: () => Date.now() },
      out: out.stream,
      err: err.stream,
    });
    return { code, out: out.text(), err: err.text() };
  };

  it('on an empty database loads the fixtures, stores a forecast run and writes the example email to DIR', async function () {
    this.timeout(30_000);
    const { code, out, err } = await run(['example', '--dry-run', '--out', outDir]);
    expect(code, err).to.equal(0);
    expect(err).to.contain('loading the fixtures').and.to.contain('running the forecast job once');
    expect((await readdir(outDir)).sort()).to.deep.equal([
      'example-2026-02.eml',
      'example-2026-02.html',
      'example-forecast-2026-02.csv',
    ]);
    const parsed = await simpleParser(await readFile(path.join(outDir, 'example-2026-02.eml')));
    expect(parsed.subject).to.equal('Forecast report — 2026-02 actuals, next 12 months · China EV & battery monthly');
    expect(out).to.contain(parsed.subject);
    expect(parsed.attachments.filter((a) => a.contentType === 'image/png')).to.have.length(4);
    const html = await readFile(path.join(outDir, 'example-2026-02.html'), 'utf8');
    expect(html.match(/src="data:image\/png;base64,/g)).to.have.length(4);
    expect(smtp.accepted).to.have.length(0);
  });

  it('sends it with --send, using the forecast already stored', async () => {
    const { code, out, err } = await run(['example', '--send']);
    expect(code, err).to.equal(0);
    expect(err).to.not.contain('forecast job');
    expect(smtp.accepted).to.have.length(1);
    expect(smtp.accepted[0]!.envelope.to).to.deep.equal(['finance@example.com', 'planning@example.com']);
    expect(out).to.contain(`sent ${smtp.accepted[0]!.parsed.messageId}`);
    // The README's example arrives with a chart per series and the CSV.
    const { parsed } = smtp.accepted[0]!;
    const cids = [...String(parsed.html).matchAll(/src="cid:([^"]+)"/g)].map((m) => m[1]);
    expect(cids).to.have.length(4);
    expect(
      cids.every((cid) => parsed.attachments.some((a) => a.cid === cid && a.contentType === 'image/png')),
    ).to.equal(true);
    expect(parsed.attachments.filter((a) => a.contentType === 'text/csv').map((a) => a.filename)).to.deep.equal([
      'example-forecast-2026-02.csv',
    ]);
  });

  const usage: [string, string[], string][] = [
    ['no report name', ['--send'], 'name one report'],
    ['both modes', ['example', '--send', '--dry-run'], 'name one report'],
    ['an unknown report', ['nope', '--send'], 'report "nope" was not found'],
  ];
  for (const [name, args, message] of usage) {
    it(`exits with 2 on ${name}`, async () => {
      const { code, err } = await run(args);
      expect(code).to.equal(2);
      expect(err).to.contain(message);
    });
  }
});
