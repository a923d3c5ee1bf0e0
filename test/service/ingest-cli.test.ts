import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase } from '../support/influxd.js';
import { request, startTestService, type TestService } from '../support/service.js';

const run = promisify(execFile);

/** Runs the real command line (from source, through tsx) and returns its exit status and output. */
async function pulsecast(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'service/cli.ts', ...args], {
      env: { ...process.env, ...env },
      cwd: process.cwd(),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('pulsecast ingest (CLI)', () => {
  let dir: string;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pulsecast-cli-'));
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores CSV, JSON and line-protocol files and prints a summary per file and in total', async () => {
    await writeFile(
      path.join(dir, 'a.csv'),
      'series,month,value,unit\nc1,2024-01,"1,000",units\nc1,2024-02,1100,units\n',
    );
    await writeFile(path.join(dir, 'b.json'), JSON.stringify([{ series: 'c1', month: '2024-03', value: 1200 }]));
    await writeFile(path.join(dir, 'c.lp'), `m,series=c1 value=1300 ${Date.parse('2024-04-10T00:00:00Z')}000000\n`);
    const env = { INFLUX_URL: db.url, INFLUX_DATABASE: db.database };
    const result = await pulsecast(['ingest', ...['a.csv', 'b.json', 'c.lp'].map((f) => path.join(dir, f))], env);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.contain('a.csv: 2 rows, 2 accepted (2 new, 0 revised, 0 unchanged), 0 rejected');
    expect(result.stdout).to.contain(
      'total: 4 rows, 4 accepted (4 new, 0 revised, 0 unchanged), 0 rejected, 0 conflicts',
    );
    const again = await pulsecast(['ingest', path.join(dir, 'a.csv')], env);
    expect(again.stdout).to.contain('2 accepted (0 new, 0 revised, 2 unchanged)');
  });

  it('exits with 1 and names each refused row when any row was refused', async () => {
    await writeFile(path.join(dir, 'bad.csv'), 'series,month,value,unit\nc2,2024-01,5,units\nc2,2024-1,6,units\n');
    const result = await pulsecast(['ingest', path.join(dir, 'bad.csv')], {
      INFLUX_URL: db.url,
      INFLUX_DATABASE: db.database,
    });
    expect(result.code).to.equal(1);
    expect(result.stdout).to.contain('1 accepted');
    expect(result.stdout).to.match(/rejected: line 3, field "month"/);
  });

  it('exits with 2 and a usage message without files', async () => {
    const result = await pulsecast(['ingest'], {});
    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain('usage');
  });

  describe('with --service', () => {
    let service: TestService;
    beforeEach(async () => {
      service = await startTestService();
    });
    afterEach(async () => {
      await service.close();
    });

    it('posts the file to a running service', async () => {
      await writeFile(path.join(dir, 'a.csv'), 'series,month,value,unit\nviaapi,2024-01,7,units\n');
      const anonymous = await pulsecast(['ingest', '--service', service.url, path.join(dir, 'a.csv')], {});
      expect(anonymous.code).to.equal(2);
      expect(anonymous.stderr).to.contain('needs a token');
      const result = await pulsecast(['ingest', '--service', service.url, path.join(dir, 'a.csv')], {
        PULSECAST_TOKEN: service.token,
      });
      expect(result.code, result.stderr).to.equal(0);
      expect((await request(service.url, '/api/v1/series/viaapi')).body.points[0].value).to.equal(7);
    });
  });
});
