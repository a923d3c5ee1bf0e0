/**
 * Written by `npx tsx test/bench/calibration-learn.ts --split odd`; do not edit by hand (see calibration.ts).
 * Factors of the model's own 80 % / 95 % half-widths, and the number of errors each comes from.
 */
import type { CalibrationRow } from './calibration.js';

export const CALIBRATION_SOURCE = 'the odd half of m3-monthly.csv and of its sparse and gappy regimes';

export const CALIBRATION_TABLE: readonly CalibrationRow[] = [
  {
    method: 'comb4-yoy',
    history: '24-47',
    bands: [
      {
        fromStep: 1,
        toStep: 3,
        factor80: 0.841,
        factor95: 0.915,
        n: 2142,
      },
      {
        fromStep: 4,
        toStep: 6,
        factor80: 0.886,
        factor95: 0.959,
        n: 2142,
      },
      {
        fromStep: 7,
        toStep: 12,
        factor80: 0.895,
        factor95: 0.964,
        n: 4284,
      },
      {
        fromStep: 13,
        toStep: 18,
        factor80: 0.91,
        factor95: 0.997,
        n: 4284,
      },
    ],
  },
  {
    method: 'comb4-yoy',
    history: '<24',
    bands: [
      {
        fromStep: 1,
        toStep: 3,
        factor80: 0.977,
        factor95: 1.023,
        n: 6393,
      },
      {
        fromStep: 4,
        toStep: 6,
        factor80: 1.073,
        factor95: 1.103,
        n: 6393,
      },
      {
        fromStep: 7,
        toStep: 12,
        factor80: 1.111,
        factor95: 1.202,
        n: 12786,
      },
      {
        fromStep: 13,
        toStep: 18,
        factor80: 1.12,
        factor95: 1.267,
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
        factor80: 0.965,
        factor95: 1.005,
        n: 4317,
      },
      {
        fromStep: 4,
        toStep: 6,
        factor80: 1.051,
        factor95: 1.054,
        n: 4317,
      },
      {
        fromStep: 7,
        toStep: 12,
        factor80: 1.004,
        factor95: 1.074,
        n: 8634,
      },
      {
        fromStep: 13,
        toStep: 18,
        factor80: 1.128,
        factor95: 1.263,
        n: 8568,
      },
    ],
  },
  {
    method: 'comb4',
    history: '>=48',
    bands: [
      {
        fromStep: 1,
        toStep: 3,
        factor80: 0.925,
        factor95: 0.963,
        n: 2142,
      },
      {
        fromStep: 4,
        toStep: 6,
        factor80: 0.959,
        factor95: 0.993,
        n: 2142,
      },
      {
        fromStep: 7,
        toStep: 12,
        factor80: 0.894,
        factor95: 0.94,
        n: 4284,
      },
      {
        fromStep: 13,
        toStep: 18,
        factor80: 0.956,
        factor95: 1.022,
        n: 4284,
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
