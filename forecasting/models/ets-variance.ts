/**
 * Analytic forecast variances (Hyndman et al. 2008, ch. 6), as forecast's `class1` and `class2`:
 * class 1 is additive error with N/A/Ad trend and N/A season; class 2 is the same with multiplicative
 * error. Other models have no closed form here; use sample paths.
 */
import type { EtsParams, EtsStructure } from './ets-core.js';
import { ADD, MULT, NONE, etsForecast } from './ets-core.js';

/**
 * Variances of the forecast errors for steps 1..h from the state `last` after the data, with R's
 * sigma2; null for multiplicative-season models.
 * c_j = alpha + beta·(phi + … + phi^j) + gamma·[j mod m = 0] is the weight of an error j steps back.
 */
export function etsForecastVariance(
  s: EtsStructure,
  p: EtsParams,
  sigma2: number,
  last: Float64Array,
  h: number,
): Float64Array | null {
  if (s.season === MULT) return null;
  const { alpha, beta, gamma, phi } = p;
  const c = new Float64Array(h);
  let phiSum = 0;
  let phiPow = 1;
  for (let j = 1; j < h; j++) {
    phiPow *= phi;
    phiSum += phiPow;
    c[j] = alpha + (s.trend !== NONE ? beta * phiSum : 0) + (s.season === ADD && j % s.m === 0 ? gamma : 0);
  }
  const v = new Float64Array(h);
  if (s.error === ADD) {
    let acc = 0;
    for (let i = 0; i < h; i++) {
      if (i > 0) acc += c[i]! * c[i]!;
      v[i] = sigma2 * (1 + acc);
    }
    return v;
  }
  // class2: theta_j = mu_j² + sigma² Σ_{i<j} c_i² theta_{j-i}; var_j = (1 + sigma²) theta_j - mu_j².
  const mu = etsForecast(last, s, phi, h);
  const theta = new Float64Array(h);
  for (let j = 0; j < h; j++) {
    let acc = 0;
    for (let i = 1; i <= j; i++) acc += c[i]! * c[i]! * theta[j - i]!;
    theta[j] = mu[j]! * mu[j]! + sigma2 * acc;
    v[j] = (1 + sigma2) * theta[j]! - mu[j]! * mu[j]!;
  }
  return v;
}
