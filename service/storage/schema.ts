/**
 * The InfluxDB schema, in one place. Tags are what queries select by; fields are what they read.
 *
 * - `report` (the reported figures; the name predates the word "figure" and is kept so that no database
 *   migrates): one point per figure, i.e. per series, month, kind and source. Tags `series`, `metric`, `entity`,
 *   `kind` (monthly | ytd), `src` (a hash of the source). Time: the first instant of the month (UTC).
 *   Fields: `value`, `source`, `quote`, `yoy_pct_stated` with `has_yoy`, `ingested_at` (ms: when this
 *   value was stored), `first_ingested_at` (ms: when the figure first arrived; a restatement keeps
 *   it), `live` (that first arrival was live, not a bulk load of history), `batch`.
 *   Every write sets every field: InfluxDB merges the field sets of two writes to one point.
 * - `revision`: the earlier value of a restated figure. Tags `series`, `month`, `kind`, `src`.
 *   Time: when it changed. Fields: `previous_value`, `value`, `source`, `previous_batch`, `batch`.
 * - `series_meta`: one point per series at time 0. Tag `series`. Fields `metric_name`, `entity_name`, `unit`,
 *   `name`, `created_at` (ms).
 * - `forecast`: one point per run, series, kind and forecast month. Tags `series`, `run`, `model`,
 *   `kind` (model | baseline: the YoY growth model always given beside the chosen one). Time: the
 *   forecast month. Fields `h` (months after the last actual), `point`, `lo80`, `hi80`, `lo95`,
 *   `hi95`, `yoy_pct` with `has_yoy`, `yoy_basis` (actual | forecast | ""), `fitted_at` (ms).
 * - `forecast_fit`: one point per run and series. Tags `series`, `run`, `model`. Time: when it was
 *   fitted (ms). Fields `method`, `reason`, `last_actual` (month), `smape`, `mase`, `cov80`, `cov95`,
 *   `origins` with `has_backtest`, `years` (JSON of the full-year outlooks), `input` (the fingerprint
 *   of the request and engine it was computed from: what an incremental re-fit compares).
 * - `forecast_outcome`: how an earlier forecast did once the actual arrived. Tags `series`, `run`,
 *   `model`. Time: the month. Fields `h`, `fitted_at` (ms), `actual`, `point`, `error`, `ape_pct` with
 *   `has_ape`, `within80`, `within95`. A restated actual rewrites the point whole.
 * - `job_run`: one point per job run, written when it starts and rewritten whole when it ends.
 *   Tags `job`, `run`. Time: started (ms). Fields `trigger`, `status`, `slot` (ms) with `has_slot`,
 *   `finished_at`, `duration_ms`, `series_total`, `series_fitted`, `errors` (JSON), `message`.
 *   The last completed slot (for missed-run catch-up) is the largest `slot` of an ok or partial run.
 * - `report_send`: one point per report and send (a schedule slot, or a send on request), written
 *   before the first SMTP attempt and rewritten whole at each change. Tags `report`, `send` (the
 *   slot's ISO instant or `manual-<ISO instant>`). Time: the slot (ms). Fields `state` (sending |
 *   sent | failed), `scheduled`, `late`, `message_id`, `subject`, `recipients`, `attempts`,
 *   `resends`, `first_attempt_at`, `updated_at`, `sent_at`, `response`, `error_code`,
 *   `error_message`, `response_code`, `note`, `runs`, `snapshot` (JSON of what the email showed).
 * - `report_def`: one point per report at time 0. Tag `report`. Fields `source` (file | api),
 *   `json` (the definition, for api), `since` (ms: first seen, the baseline of missed-slot
 *   catch-up), `deleted`, `updated_at`.
 * - `api_token`: one point per API token at time 0. Tag `token_id`. Fields `name`, `scope`
 *   (read | write | admin), `hash` (SHA-256 of the secret; the secret itself is never stored),
 *   `created_at` (ms), `revoked`.
 */
export const MEASUREMENT = {
  /** Reported figures (see above for why the measurement is called `report`). */
  figure: 'report',
  revision: 'revision',
  seriesMeta: 'series_meta',
  forecast: 'forecast',
  forecastFit: 'forecast_fit',
  forecastOutcome: 'forecast_outcome',
  jobRun: 'job_run',
  reportSend: 'report_send',
  reportDef: 'report_def',
  apiToken: 'api_token',
} as const;

/** Tag keys, the only identifiers that queries ever name; always double-quoted in InfluxQL. */
export const TAG = {
  series: 'series',
  metric: 'metric',
  entity: 'entity',
  kind: 'kind',
  src: 'src',
  month: 'month',
  run: 'run',
  model: 'model',
  job: 'job',
  report: 'report',
  send: 'send',
} as const;

/** Quotes an identifier from the fixed lists above; anything else is a programming error. */
export function ident(name: string): string {
  const allowed: readonly string[] = [...Object.values(MEASUREMENT), ...Object.values(TAG), 'time'];
  if (!allowed.includes(name)) throw new Error(`not a schema identifier: ${name}`);
  return `"${name}"`;
}
