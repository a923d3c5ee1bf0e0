import { expect } from 'chai';
import { addMonths } from '../../../common/month.js';
import { forecast } from '../../../forecasting/index.js';
import type { ForecastRequest } from '../../../forecasting/types.js';
import { AppError } from '../../../service/errors.js';
import { ForecastStore } from '../../../service/forecasts/forecast-store.js';
import type { JobResult } from '../../../service/jobs/job.js';
import { MAX_KEPT_MONTHS } from '../../../service/jobs/kept-selection.js';
import { refitJob, type RefitOptions } from '../../../service/jobs/refit-job.js';
import { silentPublisher } from '../../../service/live/publisher.js';
import { createLogger } from '../../../service/logger.js';
import { connectInflux } from '../../../service/storage/influx-store.js';
import { createTestDatabase } from '../../support/influxd.js';

const seasonal = (base: number) =>
  Array.from({ length: 30 }, (_, k) => Math.round(base * (1 + k / 40) * (1 + 0.2 * Math.sin((2 * Math.PI * k) / 12))));

describe('service/jobs/refit-job: a run re-fits what changed', function () {
  this.timeout(30_000);
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await db.drop();
  });

  /** A job over series a, b and c whose data and engine the test changes; `fitted` lists what reached the engine. */
  async function setup() {
    const data: Record<string, number[]> = { a: seasonal(100), b: seasonal(200), c: seasonal(300) };
    const fitted: string[] = [];
    /** The requests that reached the engine, by series, in the last run. */
    const requests = new Map<string, ForecastRequest>();
    const world = { engine: 'engine-1', runs: 0 };
    const store = new ForecastStore(await connectInflux({ url: db.url, database: db.database }));
    const job = () =>
      refitJob({
        schedule: { cron: '0 30 6 * * *', timezone: 'UTC' },
        seriesIds: async () => Object.keys(data),
        monthlyValues: async (id) => ({ start: '2024-01', values: data[id]! }),
        forecast: (request: ForecastRequest) => {
          const id = Object.keys(data).find((k) => data[k] === request.values)!;
          fitted.push(id);
          requests.set(id, request);
          return forecast({ ...request, paths: 100, backtest: false });
        },
        store,
        engine: world.engine,
        publisher: silentPublisher,
        clock: { now: () => Date.parse('2026-11-25T00:00:00Z') + world.runs * 1000 },
        logger: createLogger('silent'),
      });
    const run = async (query: Record<string, string> = {}): Promise<{ fitted: string[]; result: JobResult }> => {
      fitted.length = 0;
      requests.clear();
      const definition = job();
      world.runs += 1;
      const result = await definition.run({
        runId: `run-${world.runs}`,
        trigger: 'manual',
        slot: null,
        options: definition.options(query),
        progress: () => {},
      });
      return { fitted: [...fitted].sort(), result };
    };
    return { data, world, run, store, requests };
  }

  it('leaves an unchanged series alone, re-fits a changed one, and says how many of each', async () => {
    const { data, run } = await setup();
    expect((await run()).fitted).to.deep.equal(['a', 'b', 'c']);

    const again = await run();
    expect(again.fitted).to.deep.equal([]);
    expect(again.result).to.include({ total: 3, done: 0 });
    expect(again.result.errors).to.deep.equal([]);
    expect(again.result.message).to.equal('fitted 0 of 3 series; 3 unchanged since their last forecast');

    data['b'] = [...data['b']!, 260];
    const changed = await run();
    expect(changed.fitted).to.deep.equal(['b']);
    expect(changed.result.message).to.equal(
      'fitted 1 of 3 series; 2 unchanged since their last forecast; 1 with the model forms of their last selection',
    );
  });

  it('re-fits every series when the run is full, or the engine changed', async () => {
    const { world, run } = await setup();
    await run();
    const full = await run({ full: 'true' });
    expect(full.fitted).to.deep.equal(['a', 'b', 'c']);
    expect(full.result.message).to.equal('fitted 3 of 3 series (full re-fit)');
    expect((await run({ full: 'false' })).fitted).to.deep.equal([]);

    world.engine = 'engine-2';
    expect((await run()).fitted).to.deep.equal(['a', 'b', 'c']);
  });

  it('stores with each forecast the fingerprint it compares', async () => {
    const { run, store } = await setup();
    await run();
    const inputs = await store.inputs();
    expect([...inputs.keys()].sort()).to.deep.equal(['a', 'b', 'c']);
    expect(new Set([...inputs.values()].map((i) => i.input)).size).to.equal(3);
    // A run of a few series reads theirs alone, the same as in the whole.
    const named = await store.inputs(['c', 'a']);
    expect([...named.keys()].sort()).to.deep.equal(['a', 'c']);
    expect(named.get('c')).to.deep.equal(inputs.get('c'));
  });

  it('keeps the model forms of the last selection for a series that gained a month, and stores the record', async () => {
    const { data, run, store, requests } = await setup();
    await run();
    const chosen = (await store.inputs()).get('b')!.selection!;
    expect(chosen).to.include({ through: '2026-06', method: 'comb4' });
    expect(chosen.forms.ets).to.be.a('string');
    expect(requests.get('b')!.selection).to.equal(undefined);

    data['b'] = [...data['b']!, 270];
    const next = await run();
    expect(next.fitted).to.deep.equal(['b']);
    expect(requests.get('b')!.selection).to.deep.equal({
      through: '2026-06',
      method: 'comb4',
      forms: chosen.forms,
    });
    expect(next.result.message).to.equal(
      'fitted 1 of 3 series; 2 unchanged since their last forecast; 1 with the model forms of their last selection',
    );
    const stored = (await store.inputs()).get('b')!.selection!;
    expect(stored).to.deep.equal(chosen);
    const [latest] = await store.latest(['b']);
    expect(latest!.lastActual).to.equal('2026-07');
    expect(latest!.reason).to.contain('Kept the model forms chosen on the figures through 2026-06');
  });

  it('chooses the forms afresh after a restated month, on a full run, and after more new months than it keeps them for', async () => {
    const { data, run, store, requests } = await setup();
    await run();
    data['a'] = [...data['a']!];
    data['a'][3] = data['a'][3]! + 7;
    data['b'] = [...data['b']!, 270];
    await run({ full: 'true' });
    expect(requests.get('a')!.selection).to.equal(undefined);
    expect(requests.get('b')!.selection).to.equal(undefined);
    expect((await store.inputs()).get('b')!.selection!.through).to.equal('2026-07');

    data['a'] = [...data['a'], 130];
    data['a'][4] = data['a'][4]! + 7;
    data['c'] = [...data['c']!, ...seasonal(300).slice(17, 17 + MAX_KEPT_MONTHS + 1)];
    const next = await run();
    expect(next.fitted).to.deep.equal(['a', 'c']);
    expect(requests.get('a')!.selection).to.equal(undefined);
    expect(requests.get('c')!.selection).to.equal(undefined);
    const after = await store.inputs();
    expect(after.get('a')!.selection!.through).to.equal('2026-07');
    expect(after.get('c')!.selection!.through).to.equal(addMonths('2026-06', MAX_KEPT_MONTHS + 1));
    expect(next.result.message).to.not.contain('model forms');
  });

  const refusals: { query: Record<string, unknown>; field: string; says: string }[] = [
    { query: { full: 'yes' }, field: 'full', says: 'full must be true or false; got "yes"' },
    { query: { full: ['true', 'true'] }, field: 'full', says: 'full must be true or false' },
    { query: { fulll: 'true' }, field: 'fulll', says: 'takes no query parameter "fulll"' },
  ];
  for (const r of refusals)
    it(`refuses ${JSON.stringify(r.query)}, naming ${r.field}`, () => {
      const definition = refitJob({ engine: 'e' } as Parameters<typeof refitJob>[0]);
      try {
        definition.options(r.query);
        expect.fail('should have been refused');
      } catch (error) {
        expect(error).to.be.instanceOf(AppError);
        expect((error as AppError).status).to.equal(400);
        expect((error as AppError).details).to.deep.equal({ field: r.field });
        expect((error as AppError).message).to.contain(r.says);
      }
    });

  it('takes full=true and full=false, and runs the table starts are incremental', () => {
    const definition = refitJob({ engine: 'e' } as Parameters<typeof refitJob>[0]);
    const cases: [Record<string, string>, RefitOptions][] = [
      [{}, { scope: null, full: false }],
      [{ full: 'true' }, { scope: null, full: true }],
      [{ full: 'false' }, { scope: null, full: false }],
    ];
    for (const [query, options] of cases) expect(definition.options(query)).to.deep.equal(options);
  });
});
