/**
 * The series that exist, held in memory (a few thousand entries at most) so that validating a row
 * never waits for a query. New series are written to the store before any of their figures.
 */
import type { SeriesMeta, SeriesStore } from './store-port.js';
import type { Observation } from './types.js';

export interface SeriesCatalogOptions {
  /**
   * This process is the database's one writer (a single service instance): a series it does not
   * know does not exist, and no row needs the store asked about it. Asking cost a query per chunk
   * of an upload of new series, a tenth of InfluxDB's work on those uploads.
   */
  readonly soleWriter?: boolean;
}

export class SeriesCatalog {
  private readonly byId = new Map<string, SeriesMeta>();

  private constructor(
    private readonly store: SeriesStore,
    private readonly options: SeriesCatalogOptions,
  ) {}

  static async load(store: SeriesStore, options: SeriesCatalogOptions = {}): Promise<SeriesCatalog> {
    const catalog = new SeriesCatalog(store, options);
    for (const meta of await store.listSeries()) catalog.byId.set(meta.id, meta);
    return catalog;
  }

  /** Re-reads every series: another process (the CLI, another instance) may have created some. */
  async refresh(): Promise<void> {
    for (const meta of await this.store.listSeries()) this.byId.set(meta.id, meta);
  }

  /** Looks up ids not known here in the store, so that a series created elsewhere keeps its unit. */
  async fetchUnknown(ids: Iterable<string>): Promise<void> {
    if (this.options.soleWriter) return;
    const unknown = [...new Set(ids)].filter((id) => !this.byId.has(id));
    if (unknown.length === 0) return;
    const found = await this.store.listSeries(unknown);
    for (const meta of found) this.byId.set(meta.id, meta);
  }

  get(id: string): SeriesMeta | undefined {
    return this.byId.get(id);
  }

  size(): number {
    return this.byId.size;
  }

  list(): SeriesMeta[] {
    return [...this.byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /** Stores series given with full metadata (fixture catalogs); existing ones keep their unit. */
  async define(series: readonly SeriesMeta[]): Promise<void> {
    const fresh = series.filter((s) => !this.byId.has(s.id));
    if (fresh.length === 0) return;
    await this.store.putSeries(fresh);
    for (const meta of fresh) this.byId.set(meta.id, meta);
  }

  /** Creates the series that these observations name and that do not exist yet, from their first row. */
  async createMissing(observations: readonly Observation[], now: number): Promise<string[]> {
    const fresh = new Map<string, SeriesMeta>();
    for (const obs of observations) {
      if (this.byId.has(obs.series) || fresh.has(obs.series) || obs.unit === undefined) continue;
      fresh.set(obs.series, metaFromObservation(obs, now));
    }
    await this.define([...fresh.values()]);
    return [...fresh.keys()];
  }
}

/**
 * Metadata for a series that a row creates. Ids such as `seres_nev_sales` read as entity `seres`
 * and metric `nev_sales` unless the row names them.
 */
export function metaFromObservation(obs: Observation, now: number): SeriesMeta {
  const cut = obs.series.search(/[_.:-]/);
  // Both become InfluxDB tags, which cannot be empty: `xi-` has no metric part, so it is its own metric.
  const split = cut > 0 && cut < obs.series.length - 1;
  const entity = obs.entity ?? (split ? obs.series.slice(0, cut) : obs.series);
  const metric = obs.metric ?? (split ? obs.series.slice(cut + 1) : obs.series);
  return { id: obs.series, metric, entity, unit: obs.unit!, name: obs.name ?? obs.series, createdAt: now };
}
