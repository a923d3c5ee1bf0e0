import { expect } from 'chai';
import type { ConflictReview } from '../../../ingest/review.js';
import { ReviewStore } from '../../../service/reviews/review-store.js';
import { connectInflux } from '../../../service/storage/influx-store.js';
import { createTestDatabase } from '../../support/influxd.js';

const a = { value: 100, source: 'https://a.example/', sourceKey: 'a.example', kind: 'monthly' } as const;
const b = { value: 120, source: 'https://b.example/', sourceKey: 'b.example', kind: 'monthly' } as const;
const reviewAt = (at: number, chosen: typeof a | typeof b, series = 'c'): ConflictReview => ({
  series,
  month: '2024-07',
  chosen,
  reason: `chose ${chosen.source}`,
  by: 'admin',
  at,
  seen: [a, b],
});

describe('service/reviews/review-store: another instance on the same database', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await db.drop();
  });

  it('sees the reviews the other stored once it reads them again, history and the one in force', async () => {
    const client = await connectInflux({ url: db.url, database: db.database });
    const here = await ReviewStore.load(client);
    const elsewhere = await ReviewStore.load(client);
    await elsewhere.save(reviewAt(Date.parse('2024-08-01T00:00:00Z'), a));
    await elsewhere.save(reviewAt(Date.parse('2024-08-02T00:00:00Z'), b));
    expect(here.of('c').size).to.equal(0);

    await here.reload();
    expect(here.of('c').get('2024-07')).to.deep.equal(reviewAt(Date.parse('2024-08-02T00:00:00Z'), b));
    expect(here.history('c', '2024-07').map((r) => r.chosen.value)).to.deep.equal([120, 100]);
  });

  it('keeps a review it saved while a read was under way that did not see it', async () => {
    const client = await connectInflux({ url: db.url, database: db.database });
    // Reads that, while held, answer only once the test lets them, after InfluxDB has answered them.
    let held: { answered: () => void; release: Promise<void> } | null = null;
    const slowReads = new Proxy(client, {
      get(target, property, receiver) {
        if (property !== 'query') return Reflect.get(target, property, receiver) as unknown;
        return async (...args: Parameters<typeof client.query>) => {
          const rows = await target.query(...args);
          if (held) {
            held.answered();
            await held.release;
          }
          return rows;
        };
      },
    });
    const here = await ReviewStore.load(slowReads);
    let answered!: () => void;
    let release!: () => void;
    const readDone = new Promise<void>((resolve) => (answered = resolve));
    held = { answered, release: new Promise<void>((resolve) => (release = resolve)) };
    const reading = here.reload();
    await readDone;
    // InfluxDB has answered the read without it; the review is stored before the read's answer is applied.
    await here.save(reviewAt(Date.parse('2024-08-03T00:00:00Z'), a, 'd'));
    release();
    await reading;
    expect(here.of('d').get('2024-07')?.chosen.value).to.equal(100);
    expect(here.history('d', '2024-07')).to.have.length(1);
  });
});
