/**
 * What the service asks the engine to fit for a series, the one place both the forecast job and the odds
 * of a target build it: the series' fit input and, where its own figures cannot estimate a season, the
 * market series of its metric, whose seasonal shape the engine then borrows. A maker's sparse monthly
 * sales take the market's Chinese New Year low and December high; on the bench's sparse series, borrowing
 * a shape the series shares lowered the default method's MASE by 4-8 % (README, bench:forecast --related).
 */
import { wouldBorrowShape, type RelatedSeries } from '../../forecasting/index.js';
import type { SeriesCatalog } from '../../ingest/series-catalog.js';
import type { SeriesMeta } from '../../ingest/store-port.js';
import type { MonthKey } from '../../ingest/types.js';
import type { SpanTotal } from '../../ingest/resolve.js';
import type { FitInput } from './fit-input.js';

export interface FitRequestInput {
  readonly start: MonthKey | null;
  readonly values: number[];
  readonly totals: SpanTotal[];
  readonly related?: RelatedSeries;
}

/** The market series of each metric among `metas`: its series whose entity is `marketEntity`, the first by id where several are. */
export function marketSeriesByMetric(
  metas: Iterable<SeriesMeta>,
  marketEntity: string | null,
): Map<string, SeriesMeta> {
  const byMetric = new Map<string, SeriesMeta>();
  if (marketEntity === null) return byMetric;
  for (const meta of metas) {
    if (meta.entity !== marketEntity) continue;
    const held = byMetric.get(meta.metric);
    if (held === undefined || meta.id < held.id) byMetric.set(meta.metric, meta);
  }
  return byMetric;
}

/** Whether the engine would borrow a shape for this input; an input it refuses borrows nothing (the fit says why). */
function borrows(input: { start: MonthKey; values: number[]; totals: SpanTotal[] }): boolean {
  try {
    return wouldBorrowShape(input);
  } catch {
    return false;
  }
}

type SeriesInput = { meta: SeriesMeta } & FitInput;

export class FitRequests {
  /** The market series by metric, built again whenever the catalog has gained series. */
  private markets: { size: number; byMetric: Map<string, SeriesMeta> } | null = null;
  /**
   * A run's reads of the market series its series borrow from, by run: a run of many makers' series reads
   * each market series once, not once per maker. Held as long as the run object is (a WeakMap), so a
   * later run reads the market's figures afresh; a change during a run goes to the follow-up run anyway.
   */
  private readonly marketReads = new WeakMap<object, Map<string, Promise<SeriesInput>>>();

  constructor(
    private readonly reader: { monthlyValues(id: string): Promise<SeriesInput> },
    private readonly catalog: Pick<SeriesCatalog, 'list' | 'size'>,
    private readonly marketEntity: string | null,
  ) {}

  /** What to fit for series `id`; `run`, where given, shares the market series' reads among the run's series. */
  async of(id: string, run?: object): Promise<FitRequestInput> {
    const { meta, start, values, totals } = await this.reader.monthlyValues(id);
    if (start === null) return { start, values, totals };
    const own = { start, values, totals };
    // A market series borrows from none; a series of a metric without one has none to borrow.
    if (this.marketEntity === null || meta.entity === this.marketEntity) return own;
    const market = this.marketsByMetric().get(meta.metric);
    if (market === undefined || !borrows(own)) return own;
    const related = await this.marketValues(market.id, run);
    if (related.start === null) return own;
    return {
      ...own,
      related: { name: market.name, start: related.start, values: related.values, totals: related.totals },
    };
  }

  private marketValues(id: string, run: object | undefined): Promise<SeriesInput> {
    if (run === undefined) return this.reader.monthlyValues(id);
    let reads = this.marketReads.get(run);
    if (reads === undefined) this.marketReads.set(run, (reads = new Map()));
    let read = reads.get(id);
    if (read === undefined) {
      read = this.reader.monthlyValues(id);
      reads.set(id, read);
      // A failed read is not shared: the next series of the run (or its retry) reads again.
      read.catch(() => reads.delete(id));
    }
    return read;
  }

  private marketsByMetric(): Map<string, SeriesMeta> {
    // Series are only ever added: a catalog of the same size holds the same series.
    if (this.markets?.size !== this.catalog.size())
      this.markets = {
        size: this.catalog.size(),
        byMetric: marketSeriesByMetric(this.catalog.list(), this.marketEntity),
      };
    return this.markets.byMetric;
  }
}
