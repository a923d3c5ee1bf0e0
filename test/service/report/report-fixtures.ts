/**
 * Report inputs for the pure tests: a series of monthly values (NaN for a gap), its summary as the
 * API computes it, and a real forecast() result shaped as a stored run holds it.
 */
import { forecast } from '../../../forecasting/index.js';
import { addMonths } from '../../../common/month.js';
import { isAdditiveUnit } from '../../../common/units.js';
import { yearToDate, yoyGrowthPct } from '../../../common/yoy.js';
import type { SeriesInput, StoredForecast } from '../../../service/report/report-model.js';

export function storedFrom(values: readonly number[], start: string, horizon = 12, run = 'run-1'): StoredForecast {
  const result = forecast({ values, start, horizon, seed: 7, paths: 500 });
  return {
    run,
    fittedAt: '2025-07-02T00:00:00.000Z',
    model: result.model,
    reason: result.reason,
    points: result.points,
    years: result.years,
    backtest: result.backtest,
    noBacktest: result.noBacktest,
  };
}

export function seriesInput(options: {
  id: string;
  unit: string;
  start: string;
  values: readonly number[];
  horizon?: number;
  run?: string;
  name?: string;
}): SeriesInput {
  const actuals = options.values.flatMap((value, i) =>
    Number.isFinite(value) ? [{ month: addMonths(options.start, i), value }] : [],
  );
  const byMonth = new Map(actuals.map((a) => [a.month, a.value]));
  const latest = actuals[actuals.length - 1]!;
  return {
    summary: {
      id: options.id,
      name: options.name ?? options.id,
      metric: 'm',
      entity: 'e',
      unit: options.unit,
      months: actuals.length,
      firstMonth: actuals[0]!.month,
      latestMonth: latest.month,
      latestValue: latest.value,
      yoyPct: yoyGrowthPct(latest.value, byMonth.get(addMonths(latest.month, -12))),
      // As the API's summary gives it: none for a share or a rate.
      ytd: isAdditiveUnit(options.unit) ? yearToDate(latest.month, (m) => byMonth.get(m)) : null,
      conflicts: 0,
      forecastNeeds: null,
    },
    actuals,
    forecast: storedFrom(options.values, options.start, options.horizon ?? 12, options.run),
  };
}

/** Three seasonal years of a growing series, Jan 2022 – Jun 2025, with one gap. */
export const SALES = Array.from({ length: 42 }, (_, i) =>
  i === 20 ? Number.NaN : Math.round(20000 * 1.25 ** (i / 12) * (1 + 0.25 * Math.sin(((i % 12) - 2) * (Math.PI / 6)))),
);
/** A GWh series, Jan 2022 – Jun 2025. */
export const GWH = Array.from(
  { length: 42 },
  (_, i) => Math.round(25 * 1.3 ** (i / 12) * (1 + 0.2 * Math.cos(((i % 12) - 11) * (Math.PI / 6))) * 10) / 10,
);

/** RFC 4180 rows (quoted fields, doubled quotes, CRLF), for reading the attachment back. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}
