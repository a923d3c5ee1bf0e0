/**
 * The InfluxDB schema, in one place. Tags are what queries select by; fields are what they read.
 *
 * - `report`: one point per series, month, kind and source. Tags `series`, `metric`, `entity`,
 *   `kind` (monthly | ytd), `src` (a hash of the source). Time: the first instant of the month (UTC).
 *   Fields: `value`, `source`, `quote`, `yoy_pct_stated` with `has_yoy`, `ingested_at` (ms), `batch`.
 *   Every write sets every field: InfluxDB merges the field sets of two writes to one point.
 * - `revision`: the earlier value of a restated report. Tags `series`, `month`, `kind`, `src`.
 *   Time: when it changed. Fields: `previous_value`, `value`, `source`, `previous_batch`, `batch`.
 * - `series_meta`: one point per series at time 0. Tag `series`. Fields `metric`, `entity`, `unit`,
 *   `name`, `created_at` (ms).
 */
export const MEASUREMENT = {
  report: 'report',
  revision: 'revision',
  seriesMeta: 'series_meta',
} as const;

/** Tag keys, the only identifiers that queries ever name; always double-quoted in InfluxQL. */
export const TAG = {
  series: 'series',
  metric: 'metric',
  entity: 'entity',
  kind: 'kind',
  src: 'src',
  month: 'month',
} as const;

/** Quotes an identifier from the fixed lists above; anything else is a programming error. */
export function ident(name: string): string {
  const allowed: readonly string[] = [...Object.values(MEASUREMENT), ...Object.values(TAG), 'time'];
  if (!allowed.includes(name)) throw new Error(`not a schema identifier: ${name}`);
  return `"${name}"`;
}
