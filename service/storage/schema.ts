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
 *   fitted (ms). Fields `method`, `reason`, `calibration` (absent on fits stored before it), `last_actual`
 *   (month), `smape`, `mase`, `cov80`, `cov95`, `origins` with `has_backtest`, `years` (JSON of the
 *   full-year outlooks), `input` (the fingerprint of the request and engine it was computed from: what an
 *   incremental re-fit compares), `selection` (JSON of the model forms it was fitted with, the month of the
 *   selection that chose them and the fingerprint of the history then: what an incremental re-fit keeps;
 *   "" for none, absent on fits stored before it).
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
 * - `alert`: one point per alert (rule, series, month) at time 0, rewritten whole at each change.
 *   Tags `rule`, `series`, `month`. Fields `kind`, `status` (pending | firing | resolved, or
 *   inactive: a pending alert whose condition cleared), `severity`, `since`, `updated_at`,
 *   `resolved_at` with `has_resolved`, `clear_since` with `has_clear`, `seq` (transitions so
 *   far), `notified_at` with `has_notified` (when channels last heard of it while firing: the
 *   base of `repeatInterval`), `summary`, `details` (JSON), `ack_by`, `ack_at` with `has_ack`.
 * - `alert_transition`: the history, one point per transition. Tags `rule`, `series`, `month`,
 *   `transition` (its id). Time: when (ms). Fields `change`, `severity`, `status`, `summary`, `details` (JSON).
 * - `alert_silence`: one point per silence at time 0. Tag `silence`. Fields `series`, `rule` (""
 *   for any), `reason`, `by` (the token's name), `created_at`, `until` (ms), `ended` (ended early).
 * - `alert_rules`: the rules an admin set through the API, one point at time 0. Fields `json`,
 *   `updated_at`, `by`. When present it is in force instead of config/alerts.json.
 * - `alert_outbox`: one point per alert transition handed to the notifier, written before
 *   `enqueue` resolves. Tag `transition` (its id). Time: the transition's instant. Fields `json`
 *   (the transition), `channels` (the channel ids it was routed to, comma-separated), `enqueued_at`.
 * - `alert_delivery`: one point per transition and channel once delivery starts or ends. Tags
 *   `transition`, `channel`. Time: the transition's instant. Fields `state` (sending | sent |
 *   failed), `key` (the Idempotency-Key or Message-ID it was sent with: a re-send after a restart
 *   uses it again), `attempts`, `updated_at`, `response`, `error`.
 * - `alert_channel`: one point per channel defined through the API, at time 0. Tag `channel`.
 *   Fields `json` (the definition, the webhook secret included: it signs), `deleted`, `updated_at`.
 * - `alert_target`: a full-year target, one point per series and year at time 0. Tags `series`,
 *   `year`. Fields `target`, `by`, `updated_at`.
 * - `conflict_review`: an admin's review of a month in conflict, one point per review (a later one
 *   replaces it; the earlier ones are its history). Tags `series`, `month`. Time: when it was made
 *   (ms). Fields `value`, `source`, `source_key`, `kind` (monthly | ytd | derived: the figure that stands),
 *   `reason`, `by` (the token's name), `seen` (JSON: the figures in conflict it settled).
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
  alert: 'alert',
  alertTransition: 'alert_transition',
  alertSilence: 'alert_silence',
  alertRules: 'alert_rules',
  alertOutbox: 'alert_outbox',
  alertDelivery: 'alert_delivery',
  alertChannel: 'alert_channel',
  alertTarget: 'alert_target',
  conflictReview: 'conflict_review',
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
  rule: 'rule',
  transition: 'transition',
  silence: 'silence',
  channel: 'channel',
  year: 'year',
} as const;

/** Quotes an identifier from the fixed lists above; anything else is a programming error. */
export function ident(name: string): string {
  const allowed: readonly string[] = [...Object.values(MEASUREMENT), ...Object.values(TAG), 'time'];
  if (!allowed.includes(name)) throw new Error(`not a schema identifier: ${name}`);
  return `"${name}"`;
}
