/**
 * A synthetic catalogue for benchmarks that filter and sort (bench:overview; bench:ingest and bench:refit
 * use the plainer synthetic-series.ts): `count` series named like a planner's catalogue (maker × model ×
 * region × metric, e.g. `byd_m07_eu_deliveries`, "BYD M07 EU deliveries"), each with a
 * deterministic, seasonal, growing monthly figure, as CSV rows for POST /api/v1/ingest.
 */
import { addMonths } from '../../common/month.js';

export interface SyntheticSeries {
  readonly id: string;
  readonly name: string;
  readonly metric: string;
  readonly entity: string;
  readonly unit: string;
  /** Its position in the catalogue: what its figures are made from. */
  readonly index: number;
}

const MAKERS = ['byd', 'tesla', 'nio', 'xpeng', 'li', 'zeekr', 'aito', 'geely', 'saic', 'gac', 'chery', 'leap'];
const REGIONS = ['cn', 'eu', 'us', 'uk', 'jp', 'kr', 'in', 'br'];
const METRICS: readonly { readonly metric: string; readonly unit: string }[] = [
  { metric: 'deliveries', unit: 'units' },
  { metric: 'sales', unit: 'units' },
  { metric: 'production', unit: 'units' },
  { metric: 'battery_install', unit: 'GWh' },
  { metric: 'share', unit: 'pct' },
];

/** The first `count` series of the catalogue. */
export function syntheticSeries(count: number): SyntheticSeries[] {
  return Array.from({ length: count }, (_, index) => {
    const metric = METRICS[index % METRICS.length]!;
    const region = REGIONS[Math.floor(index / METRICS.length) % REGIONS.length]!;
    const rest = Math.floor(index / (METRICS.length * REGIONS.length));
    const maker = MAKERS[rest % MAKERS.length]!;
    const model = `m${String(Math.floor(rest / MAKERS.length)).padStart(2, '0')}`;
    return {
      id: `${maker}_${model}_${region}_${metric.metric}`,
      name: `${maker.toUpperCase()} ${model.toUpperCase()} ${region.toUpperCase()} ${metric.metric.replace('_', ' ')}`,
      metric: metric.metric,
      entity: maker,
      unit: metric.unit,
      index,
    };
  });
}

/** Series `s`'s figure `k` months after the first: seasonal, growing, different per series. */
export function syntheticValue(s: SyntheticSeries, k: number): number {
  const level =
    s.unit === 'pct' ? 5 + (s.index % 40) : s.unit === 'GWh' ? 1 + (s.index % 50) / 10 : 1000 + (s.index % 97) * 37;
  const value = level * (1 + k / 60) * (1 + 0.2 * Math.sin((k % 12) / 1.9));
  return s.unit === 'units' ? Math.round(value) : Math.round(value * 100) / 100;
}

export const SYNTHETIC_SOURCE = 'https://bench.example/monthly-bulletin';

/** CSV bodies of `months` months from `first` for every series, `perBody` series to a body. */
export function* syntheticCsv(
  series: readonly SyntheticSeries[],
  first: string,
  months: number,
  perBody = 500,
): Generator<string> {
  for (let from = 0; from < series.length; from += perBody) {
    let csv = 'series,month,value,unit,metric,entity,name,source\n';
    for (const s of series.slice(from, from + perBody))
      for (let k = 0; k < months; k++)
        csv += `${s.id},${addMonths(first, k)},${syntheticValue(s, k)},${s.unit},${s.metric},${s.entity},${s.name},${SYNTHETIC_SOURCE}\n`;
    yield csv;
  }
}
