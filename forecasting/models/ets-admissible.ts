/**
 * Parameter restrictions of forecast::ets() with `bounds = "both"`: the usual box (with beta <= alpha and
 * gamma <= 1 - alpha) and the admissible (forecastable) region of Hyndman et al. (2008, ch. 10).
 */
import type { EtsParams, EtsStructure } from './ets-core.js';
import { NONE } from './ets-core.js';

/** R's defaults: `lower = c(rep(1e-4, 3), 0.8)`, `upper = c(rep(0.9999, 3), 0.98)`. */
export const LOWER = Object.freeze({ alpha: 1e-4, beta: 1e-4, gamma: 1e-4, phi: 0.8 });
export const UPPER = Object.freeze({ alpha: 0.9999, beta: 0.9999, gamma: 0.9999, phi: 0.98 });

/** The usual box constraints (R's check.param without the admissibility part). */
export function inUsualRegion(s: EtsStructure, p: EtsParams): boolean {
  const { alpha, beta, gamma, phi } = p;
  if (!(alpha >= LOWER.alpha && alpha <= UPPER.alpha)) return false;
  if (s.trend !== NONE && !(beta >= LOWER.beta && beta <= alpha && beta <= UPPER.beta)) return false;
  if (s.damped && !(phi >= LOWER.phi && phi <= UPPER.phi)) return false;
  if (s.season !== NONE && !(gamma >= LOWER.gamma && gamma <= 1 - alpha && gamma <= UPPER.gamma)) {
    return false;
  }
  return true;
}

/** Scratch buffer for the stability test (seasonal models have degree m + 1). */
const poly = new Float64Array(64);
const scratch = new Float64Array(64);

/**
 * R's `admissible()`: the model is forecastable. For seasonal models this needs every root of
 * z^{m+1} + (a+b-phi) z^m + (a+b-a·phi)(z^{m-1}+…+z^2) + (a+b-a·phi+g-1) z + phi(1-a-g)
 * to lie within |z| <= 1 + 1e-10; we decide that with the Schur–Cohn recursion instead of finding the
 * roots (R calls cpolyroot on every evaluation).
 */
export function isAdmissible(s: EtsStructure, p: EtsParams): boolean {
  const { alpha, gamma, phi } = p;
  const beta = s.trend !== NONE ? p.beta : 0;
  if (phi < 0 || phi > 1 + 1e-8) return false;
  if (s.season === NONE || s.m <= 1) {
    if (alpha < 1 - 1 / phi || alpha > 1 + 1 / phi) return false;
    if (s.trend !== NONE && (beta < alpha * (phi - 1) || beta > (1 + phi) * (2 - alpha))) return false;
    return true;
  }
  const m = s.m;
  if (gamma < Math.max(1 - 1 / phi - alpha, 0) || gamma > 1 + 1 / phi - alpha) return false;
  if (alpha < 1 - 1 / phi - (gamma * (1 - m + phi + phi * m)) / (2 * phi * m)) return false;
  if (beta < -(1 - phi) * (gamma / m + alpha)) return false;
  // Ascending coefficients c[0..m+1] of the polynomial above.
  let deg = m + 1;
  const c = poly;
  c[0] = phi * (1 - alpha - gamma);
  c[1] = alpha + beta - alpha * phi + gamma - 1;
  for (let i = 2; i < m; i++) c[i] = alpha + beta - alpha * phi;
  c[m] = alpha + beta - phi;
  c[m + 1] = 1;
  if (beta === 0 && phi === 1) {
    // Without trend the polynomial has the exact root z = 1, which R accepts within its tolerance;
    // divide it out so that rounding cannot push it either side of the boundary.
    deg = deflateUnitRoot(c, deg);
  }
  return rootsWithin(c, deg, 1 + 1e-10);
}

/** Synthetic division of c (ascending, degree deg) by (z - 1), in place; returns the new degree. */
function deflateUnitRoot(c: Float64Array, deg: number): number {
  // p(z) = (z - 1) q(z): q_{deg-1} = c_deg and q_{i-1} = c_i + q_i, computed top down.
  let q = 0;
  for (let i = deg; i >= 1; i--) {
    q = c[i]! + q;
    scratch[i - 1] = q;
  }
  for (let i = 0; i < deg; i++) c[i] = scratch[i]!;
  return deg - 1;
}

/**
 * True when all roots of the real polynomial c[0] + c[1] z + … + c[deg] z^deg lie strictly inside
 * |z| < radius (Schur–Cohn: every reflection coefficient of the scaled polynomial is below 1 in size).
 * Overwrites c.
 */
export function rootsWithin(c: Float64Array, deg: number, radius: number): boolean {
  let r = 1;
  for (let i = 0; i <= deg; i++) {
    c[i] = c[i]! * r;
    r *= radius;
  }
  for (let k = deg; k >= 1; k--) {
    const lead = c[k]!;
    if (lead === 0) return false;
    const refl = c[0]! / lead;
    if (!(Math.abs(refl) < 1)) return false;
    // (c_k p(z) - c_0 p*(z)) / z, divided by c_k to keep the scale: degree k - 1.
    for (let i = 0; i < k; i++) scratch[i] = c[i + 1]! - refl * c[k - 1 - i]!;
    for (let i = 0; i < k; i++) c[i] = scratch[i]!;
  }
  return true;
}
