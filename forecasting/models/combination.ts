/**
 * Forecast combinations: the mean or median of several models' point forecasts. Combining models that fail
 * in different ways is the most reliable accuracy gain in forecasting competitions (M3, M4), and it does
 * not depend on one data set.
 *
 * Sample paths are a mixture: path p comes from member p mod k, so each path keeps its own model's
 * dependence across months (for year totals), and the spread includes the members' disagreement as well as
 * each member's own uncertainty. Model uncertainty is the main reason single-model intervals are too narrow
 * out of sample; a mixture is the simplest honest account of it. Each member's paths are first shifted per
 * step so that their median sits on that member's point forecast, which removes sampling noise. The median,
 * not the mean: a short series' model can draw one explosive path (92 million at six months ahead, against
 * AITO M9's 14,224), and centring the whole mixture's mean on the combined point then moved every other path
 * below zero, so that both bands collapsed onto [0, point]. A model on logs forecasts the median, too.
 *
 * A combination re-runs its filter (for a backtest origin) when every member can re-run its own. Its forms
 * are its members' (each family once), and keeping them keeps each member's own.
 *
 * Its fitted name lists its members' fitted forms, except that a member which is itself a combination is
 * named by its method name (`Mean of comb4, YoY growth`): spelled out, the nested forms made the name
 * "Mean of Mean of …", too long to read where the dashboard shows the model.
 */
import { ForecastInputError } from '../errors.js';
import { column, samplePaths } from '../intervals.js';
import { median } from '../numeric/stats.js';
import type { FittedModel, ModelForms, ModelSpec } from '../types.js';

export type Combiner = 'mean' | 'median';

/** The specs `combination` made, whose fitted forms a containing combination names by method name. */
const combinations = new WeakSet<ModelSpec>();

/** A combination of `members` under `name`; a member that cannot fit the series is left out. */
export function combination(name: string, members: readonly ModelSpec[], combiner: Combiner): ModelSpec {
  const spec: ModelSpec = {
    name,
    keeping: (forms: ModelForms) =>
      combination(
        name,
        members.map((m) => m.keeping?.(forms) ?? m),
        combiner,
      ),
    fit(y: Float64Array, period: number): FittedModel {
      const fitted: FittedModel[] = [];
      const names: string[] = [];
      const failures: unknown[] = [];
      for (const member of members) {
        try {
          const model = member.fit(y, period);
          fitted.push(model);
          names.push(combinations.has(member) ? member.name : model.name);
        } catch (error) {
          failures.push(error);
        }
      }
      if (fitted.length === 0) {
        throw new ForecastInputError('values', `no member of ${name} could fit the series`, { cause: failures[0] });
      }
      return combineFitted(fitted, combiner, names);
    },
  };
  combinations.add(spec);
  return spec;
}

function combinePoints(points: readonly Float64Array[], combiner: Combiner, h: number): Float64Array {
  const out = new Float64Array(h);
  const column = new Float64Array(points.length);
  for (let i = 0; i < h; i++) {
    for (let m = 0; m < points.length; m++) column[m] = (points[m] as Float64Array)[i] as number;
    out[i] = combiner === 'mean' ? column.reduce((s, v) => s + v, 0) / column.length : median(column);
  }
  return out;
}

/** Combines already fitted models; `names` name them in the combination's name (default: their fitted names). */
export function combineFitted(
  fitted: readonly FittedModel[],
  combiner: Combiner,
  names: readonly string[] = fitted.map((f) => f.name),
): FittedModel {
  const residualLength = Math.min(...fitted.map((f) => f.residuals.length));
  const residuals = combinePoints(
    fitted.map((f) => f.residuals.subarray(f.residuals.length - residualLength)),
    combiner,
    residualLength,
  );
  const forecast = (h: number): Float64Array =>
    combinePoints(
      fitted.map((f) => f.forecast(h)),
      combiner,
      h,
    );
  const refilters = fitted.map((f) => f.refilter?.bind(f));
  const refilter = refilters.every((r) => r !== undefined)
    ? (prefix: Float64Array): FittedModel =>
        combineFitted(
          refilters.map((r) => r(prefix)),
          combiner,
          names,
        )
    : undefined;
  const forms = mergeForms(fitted);
  return {
    ...(refilter && { refilter }),
    ...(forms && { forms }),
    name: `${combiner === 'mean' ? 'Mean' : 'Median'} of ${names.join(', ')}`,
    nParams: fitted.reduce((s, f) => s + f.nParams, 0),
    aicc: NaN,
    residuals,
    forecast,
    simulate(h: number, paths: number, random: () => number): Float64Array[] {
      const k = fitted.length;
      const perMember = Math.ceil(paths / k);
      const memberPaths = fitted.map((f) => centredOnPoint(samplePaths(f, h, perMember, random), f.forecast(h)));
      const out: Float64Array[] = [];
      for (let p = 0; p < paths; p++)
        out.push((memberPaths[p % k] as Float64Array[])[Math.floor(p / k)] as Float64Array);
      return out;
    },
  };
}

/** `paths` shifted per step (in place) so that their median is `point`'s value at that step. */
function centredOnPoint(paths: Float64Array[], point: Float64Array): Float64Array[] {
  for (let i = 0; i < point.length; i++) {
    const shift = (point[i] as number) - median(column(paths, i));
    for (const path of paths) path[i] = (path[i] as number) + shift;
  }
  return paths;
}

/** The members' forms in one record (a combination holds each family once); undefined when none has any. */
function mergeForms(fitted: readonly FittedModel[]): ModelForms | undefined {
  const withForms = fitted.flatMap((f) => (f.forms ? [f.forms] : []));
  return withForms.length === 0 ? undefined : withForms.reduce<ModelForms>((all, f) => ({ ...all, ...f }), {});
}
