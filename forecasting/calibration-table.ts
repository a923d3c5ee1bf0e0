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
        factor80: 0.807,
        factor95: 0.89,
        n: 2142,
      },
      {
        fromStep: 4,
        toStep: 6,
        factor80: 0.852,
        factor95: 0.934,
        n: 2142,
      },
      {
        fromStep: 7,
        toStep: 12,
        factor80: 0.864,
        factor95: 0.936,
        n: 4284,
      },
      {
        fromStep: 13,
        toStep: 18,
        factor80: 0.872,
        factor95: 0.965,
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
        factor80: 0.965,
        factor95: 1.064,
        n: 6393,
      },
      {
        fromStep: 4,
        toStep: 6,
        factor80: 1.094,
        factor95: 1.183,
        n: 6393,
      },
      {
        fromStep: 7,
        toStep: 12,
        factor80: 1.148,
        factor95: 1.312,
        n: 12786,
      },
      {
        fromStep: 13,
        toStep: 18,
        factor80: 1.193,
        factor95: 1.54,
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
        factor80: 0.945,
        factor95: 0.989,
        n: 4317,
      },
      {
        fromStep: 4,
        toStep: 6,
        factor80: 1.03,
        factor95: 1.041,
        n: 4317,
      },
      {
        fromStep: 7,
        toStep: 12,
        factor80: 1.001,
        factor95: 1.067,
        n: 8634,
      },
      {
        fromStep: 13,
        toStep: 18,
        factor80: 1.117,
        factor95: 1.257,
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
        factor80: 0.912,
        factor95: 0.939,
        n: 2142,
      },
      {
        fromStep: 4,
        toStep: 6,
        factor80: 0.953,
        factor95: 0.987,
        n: 2142,
      },
      {
        fromStep: 7,
        toStep: 12,
        factor80: 0.883,
        factor95: 0.932,
        n: 4284,
      },
      {
        fromStep: 13,
        toStep: 18,
        factor80: 0.949,
        factor95: 1.015,
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
