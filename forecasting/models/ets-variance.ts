/**
 * Analytic forecast variances (Hyndman et al. 2008, ch. 6), as forecast's `class1` and `class2`:
 * class 1 is additive error with N/A/Ad trend and N/A season; class 2 is the same with multiplicative
 * error. Other models have no closed form here; use sample paths.
 */
import type { EtsFit } from './ets-fit.js';
import { ADD, MULT, NONE } from './ets-core.js';
import { etsForecast } from './ets-core.js';

/** Whether {@link etsForecastVariance} has a closed form for this fit. */
export function hasAnalyticVariance(fit: EtsFit): boolean {
  return fit.structure.season !== MULT;
}

/**
 * Variances of the h-step forecast errors for steps 1..h, or null for multiplicative-season models.
 * c_j = alpha + beta·(phi + … + phi^j) + gamma·[j mod m = 0] is the weight of an error j steps back.
 */
export function etsForecastVariance(fit: EtsFit, h: number): Float64Array | null {
  const s = fit.structure;
  if (s.season === MULT) return null;
  const { alpha, beta, gamma, phi } = fit.params;
  const sigma2 = fit.sigma2;
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
  const mu = etsForecast(fit.last, s, phi, h);
  const theta = new Float64Array(h);
  for (let j = 0; j < h; j++) {
    let acc = 0;
    for (let i = 1; i <= j; i++) acc += c[i]! * c[i]! * theta[j - i]!;
    theta[j] = mu[j]! * mu[j]! + sigma2 * acc;
    v[j] = (1 + sigma2) * theta[j]! - mu[j]! * mu[j]!;
  }
  return v;
}
