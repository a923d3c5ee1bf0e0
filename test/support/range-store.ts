import { figureKey, type Figure, type Revision } from '../../ingest/figure.js';
import type { FigureQuery, SeriesMeta, SeriesStore } from '../../ingest/store-port.js';

/** A store in memory that answers month ranges as InfluxDB does and remembers what was asked. */
export class RangeStore implements SeriesStore {
  readonly series = new Map<string, SeriesMeta>();
  readonly figures = new Map<string, Figure>();
  readonly reads: FigureQuery[] = [];
  async listSeries(ids?: readonly string[]) {
    return [...this.series.values()].filter((s) => !ids || ids.includes(s.id));
  }
  async putSeries(series: readonly SeriesMeta[]) {
    for (const s of series) this.series.set(s.id, s);
  }
  async readFigures(query: FigureQuery) {
    this.reads.push(query);
    return [...this.figures.values()].filter(
      (f) =>
        (!query.series || query.series.includes(f.series)) &&
        (query.from === undefined || f.month >= query.from) &&
        (query.to === undefined || f.month <= query.to),
    );
  }
  /** Set to make the next writes fail as an unreachable store's would. */
  failWrites: Error | null = null;
  async writeFigures(figures: readonly Figure[]) {
    if (this.failWrites) throw this.failWrites;
    for (const f of figures) this.figures.set(figureKey(f), f);
  }
  async writeRevisions(_revisions: readonly Revision[]) {}
  async readRevisions() {
    return [];
  }
}
