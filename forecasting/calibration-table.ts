/**
 * Written by `npx tsx test/bench/calibration-learn.ts --split odd`; do not edit by hand (see calibration.ts).
 * Factors of the model's own 80 % / 95 % half-widths, and the number of errors each comes from.
 */
import type { CalibrationRow } from './calibration.js';

export const CALIBRATION_SOURCE = 'out-of-sample errors on the odd half of m3-monthly.csv and of its sparse regime';

export const CALIBRATION_TABLE: readonly CalibrationRow[] = [
  {
    method: 'comb4-yoy',
    history: '<24',
    bands: [
      {
        fromStep: 1,
        toStep: 3,
        factor80: 0.979,
        factor95: 1.072,
        n: 6393,
      },
      {
        fromStep: 4,
        toStep: 6,
        factor80: 1.102,
        factor95: 1.193,
        n: 6393,
      },
      {
        fromStep: 7,
        toStep: 12,
        factor80: 1.162,
        factor95: 1.333,
        n: 12786,
      },
      {
        fromStep: 13,
        toStep: 18,
        factor80: 1.216,
        factor95: 1.555,
        n: 8568,
      },
    ],
  },
  {
    method: 'comb4',
    history: '24-47',
    bands: [
      {
        fromStep: 1,
        toStep: 3,
        factor80: 0.962,
        factor95: 0.986,
        n: 4317,
      },
      {
        fromStep: 4,
        toStep: 6,
        factor80: 1.058,
        factor95: 1.064,
        n: 4317,
      },
      {
        fromStep: 7,
        toStep: 12,
        factor80: 1.021,
        factor95: 1.103,
        n: 8634,
      },
      {
        fromStep: 13,
        toStep: 18,
        factor80: 1.144,
        factor95: 1.298,
        n: 8568,
      },
    ],
  },
  {
    method: 'comb4',
    history: '48-95',
    bands: [
      {
        fromStep: 1,
        toStep: 3,
        factor80: 0.958,
        factor95: 1.026,
        n: 609,
      },
      {
        fromStep: 4,
        toStep: 6,
        factor80: 0.954,
        factor95: 0.976,
        n: 609,
      },
      {
        fromStep: 7,
        toStep: 12,
        factor80: 0.88,
        factor95: 0.921,
        n: 1218,
      },
      {
        fromStep: 13,
        toStep: 18,
        factor80: 1.035,
        factor95: 1.06,
        n: 1218,
      },
    ],
  },
  {
    method: 'comb4',
    history: '>=96',
    bands: [
      {
        fromStep: 1,
        toStep: 3,
        factor80: 0.925,
        factor95: 0.978,
        n: 1533,
      },
      {
        fromStep: 4,
        toStep: 6,
        factor80: 1.026,
        factor95: 1.056,
        n: 1533,
      },
      {
        fromStep: 7,
        toStep: 12,
        factor80: 0.972,
        factor95: 1.006,
        n: 3066,
      },
      {
        fromStep: 13,
        toStep: 18,
        factor80: 1.004,
        factor95: 1.125,
        n: 3066,
      },
    ],
  },
  {
    method: 'yoy-growth',
    history: '<24',
    bands: [
      {
        fromStep: 1,
        toStep: 3,
        factor80: 1.351,
        factor95: 1.489,
        n: 4284,
      },
      {
        fromStep: 4,
        toStep: 6,
        factor80: 1.658,
        factor95: 2.01,
        n: 4284,
      },
      {
        fromStep: 7,
        toStep: 12,
        factor80: 1.729,
        factor95: 2.679,
        n: 8568,
      },
      {
        fromStep: 13,
        toStep: 18,
        factor80: 1.569,
        factor95: 2.589,
        n: 8568,
      },
    ],
  },
];
