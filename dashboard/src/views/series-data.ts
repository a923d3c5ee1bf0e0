/**
 * Pure shaping of one series for its charts and tables: a month axis from the first actual to the
 * last forecast month, with null wherever a month has no figure (so gaps are drawn as gaps).
 */
import type { SeriesForecast, SeriesPoint, StoredForecastPoint } from '../../../service/contract/index.js';
import type { ForecastChartData } from '../charts/forecast-chart.js';
import type { YoyBarsData } from '../charts/yoy-bars.js';
import { addMonths, monthsFromTo } from '../../../common/month.js';

export interface SeriesShape {
  readonly chart: ForecastChartData;
  readonly yoy: YoyBarsData;
  readonly actualByMonth: ReadonlyMap<string, SeriesPoint>;
  readonly forecastByMonth: ReadonlyMap<string, StoredForecastPoint>;
}

/** `through`: a month the axis must reach even past every figure and forecast (a month expected, not yet in). */
export function shapeSeries(
  points: readonly SeriesPoint[],
  forecast: SeriesForecast | null,
  through: string | null = null,
): SeriesShape {
  const actualByMonth = new Map(points.map((p) => [p.month, p]));
  const forecastByMonth = new Map((forecast?.points ?? []).map((p) => [p.month, p]));
  const first = points[0]?.month ?? forecast?.points[0]?.month;
  const ends = forecast?.points[forecast.points.length - 1]?.month ?? points[points.length - 1]?.month;
  const last = through !== null && ends !== undefined && through > ends ? through : ends;
  const months = first && last ? monthsFromTo(first, last) : [];
  const value = (m: string) => actualByMonth.get(m)?.value ?? null;
  const lastActual = forecast?.lastActual ?? null;
  // The forecast line and bands start at the last actual, so they join the actuals.
  const band = (m: string, pick: (p: StoredForecastPoint) => number) => {
    const f = forecastByMonth.get(m);
    if (f) return pick(f);
    return m === lastActual ? value(m) : null;
  };
  return {
    chart: {
      months,
      actual: months.map(value),
      lastYear: months.map((m) => value(addMonths(m, -12))),
      point: months.map((m) => band(m, (f) => f.point)),
      lo80: months.map((m) => band(m, (f) => f.lo80)),
      hi80: months.map((m) => band(m, (f) => f.hi80)),
      lo95: months.map((m) => band(m, (f) => f.lo95)),
      hi95: months.map((m) => band(m, (f) => f.hi95)),
    },
    yoy: {
      months,
      actual: months.map((m) => actualByMonth.get(m)?.yoyPct ?? null),
      forecast: months.map((m) => forecastByMonth.get(m)?.yoyPct ?? null),
    },
    actualByMonth,
    forecastByMonth,
  };
}
