import { expect } from 'chai';
import { systemClock } from '../../../service/clock.js';
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SpoolEntry } from '../../../ingest/spool-port.js';
import { decodeLine, encodeLine, Spool } from '../../../service/storage/spool.js';

function entry(batch: string, rows: number, from = 0): SpoolEntry {
  return {
    batch,
    format: 'csv',
    acceptedAt: 1_700_000_000_000 + from,
    rows: Array.from({ length: rows }, (_, i) => ({
      row: from + i + 2,
      fields: {
        series: `s_${(from + i) % 7}`,
        month: '2024-01',
        value: from + i,
        kind: 'monthly',
        source: 'src',
        unit: 'units',
      },
    })),
  };
}

async function drain(spool: Spool): Promise<string[]> {
  const seen: string[] = [];
  for (let r = await spool.next(); r; r = await spool.next()) {
    seen.push(`${r.batch}:${r.seq}:${r.rows.length}`);
    await spool.done(r.seq);
  }
  return seen;
}

const segments = async (dir: string) =>
  (await readdir(dir)).filter((f) => f.endsWith('.jsonl') && f !== 'set-aside.jsonl').sort();

describe('service/storage/spool', () => {
  let dir: string;
  let opened: Spool[];
  const open = async () => {
    const spool = await Spool.open(dir, systemClock);
    opened.push(spool);
    return spool;
  };
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pulsecast-spool-'));
    opened = [];
  });
  afterEach(async () => {
    for (const spool of opened) await spool.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps appended records across a reopen and gives them back in order, deleting each segment once all of it is done', async () => {
    const spool = await open();
    await spool.append(entry('a', 3));
    await spool.append(entry('b', 2, 3));
    expect(spool.depth()).to.include({ records: 2, rows: 5, oldestAcceptedAt: 1_700_000_000_000 });
    await spool.close();

    const reopened = await open();
    expect(reopened.busy()).to.equal(true);
    expect(reopened.depth()).to.include({ records: 2, rows: 5 });
    await reopened.append(entry('c', 1, 5));
    expect(await drain(reopened)).to.deep.equal(['a:1:3', 'b:2:2', 'c:3:1']);
    expect(reopened.depth()).to.deep.equal({ records: 0, rows: 0, bytes: 0, oldestAcceptedAt: null });
    expect(reopened.busy()).to.equal(false);
    expect(await segments(dir)).to.deep.equal([]);
  });

  it('gives back each row exactly as appended, text with line breaks, quotes and astral characters included', async () => {
    const spool = await open();
    const odd: SpoolEntry = {
      batch: 'x',
      format: 'json',
      acceptedAt: 5,
      rows: [
        {
          row: 0,
          fields: {
            series: 'a',
            month: '2024-02',
            value: 1.5e300,
            source: 'line\nbreak "q" \u2028 \u{1F600} \\',
            kind: 'ytd',
          },
        },
      ],
    };
    await spool.append(odd);
    const record = await spool.next();
    expect(record).to.deep.equal({ seq: 1, ...odd });
  });

  // Each case damages the spool as a crash or a bad disk would; the records listed survive.
  const damage: { name: string; damage: (file: string) => Promise<void>; survivors: string[] }[] = [
    {
      name: 'a torn last line (the write never finished, so it was never acknowledged) is cut off',
      damage: (f) => appendFile(f, '0badc0de {"seq":3,"batch":"torn"'),
      survivors: ['a:1:3', 'b:2:2'],
    },
    {
      name: 'a last line whose checksum fails is dropped',
      damage: async (f) =>
        appendFile(f, encodeLine({ seq: 3, ...entry('c', 1) }).replace('"batch":"c"', '"batch":"C"')),
      survivors: ['a:1:3', 'b:2:2'],
    },
    {
      name: 'a record in the middle that fails its checksum is skipped and the ones around it kept',
      damage: async (f) => writeFile(f, (await readFile(f, 'utf8')).replace('"batch":"a"', '"batch":"A"')),
      survivors: ['b:2:2'],
    },
  ];
  for (const c of damage) {
    it(c.name, async () => {
      const spool = await open();
      await spool.append(entry('a', 3));
      await spool.append(entry('b', 2, 3));
      await spool.close();
      const [file] = await segments(dir);
      await c.damage(path.join(dir, file!));
      const reopened = await open();
      expect(await drain(reopened)).to.deep.equal(c.survivors);
      // New appends after a cut tail read back whole.
      await reopened.append(entry('d', 1));
      expect(await drain(reopened)).to.deep.equal(['d:3:1']);
    });
  }

  it('writes appends that arrive together in one group, every one of them durable and in order', async () => {
    const spool = await open();
    await Promise.all(Array.from({ length: 50 }, (_, i) => spool.append(entry(`g${i}`, 1, i))));
    await spool.close();
    const reopened = await open();
    expect(await drain(reopened)).to.deep.equal(Array.from({ length: 50 }, (_, i) => `g${i}:${i + 1}:1`));
  });

  it('starts a new segment past 4 MiB and deletes the first once its records are done', async () => {
    const spool = await open();
    // About 1.2 MB per record.
    for (let i = 0; i < 5; i++) await spool.append(entry(`big${i}`, 10_000, i * 10_000));
    const files = await segments(dir);
    expect(files).to.have.length(2);
    for (let i = 0; i < 4; i++) await spool.done((await spool.next())!.seq);
    expect(await segments(dir)).to.deep.equal([files[1]]);
    expect(spool.depth()).to.include({ records: 1, rows: 10_000 });
  });

  it('knows the unit that waiting rows give a series that does not exist yet', async () => {
    const spool = await open();
    expect(spool.pendingUnit('s_1')).to.equal(undefined);
    await spool.append(entry('a', 2));
    expect(spool.pendingUnit('s_1')).to.equal('units');
    await spool.close();
    expect((await open()).pendingUnit('s_1'), 'after a restart too').to.equal('units');
  });

  it('reads a line back only when it is whole and its checksum holds', () => {
    const line = encodeLine({ seq: 7, ...entry('z', 1) });
    expect(decodeLine(line)?.seq).to.equal(7);
    expect(decodeLine(line.slice(0, -1))).to.equal(null);
    expect(decodeLine(line.replace('"seq":7', '"seq":8'))).to.equal(null);
    expect(decodeLine('garbage\n')).to.equal(null);
  });
});
