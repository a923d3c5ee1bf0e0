/**
 * Written by `npx tsx test/bench/calibration-learn.ts --split odd`; do not edit by hand (see calibration.ts).
 * Curves of the factors of the model's own 80 % / 95 % half-widths, and the number of errors each comes from.
 */
import type { CalibrationCurve } from './calibration.js';

export const CALIBRATION_SOURCE =
  'out-of-sample errors on the odd half of m3-monthly.csv cut short and in every style of its sparse regime';

export const CALIBRATION_TABLE: readonly CalibrationCurve[] = [
  {
    method: 'comb4',
    fromMonths: 24,
    toMonths: 48,
    maxStep: 18,
    spanRange: [24, 42],
    factor80: {
      intercept: 0.0344,
      lnStep: -0.0802,
      lnStep2: 0.04,
      lnSpan: 0,
    },
    factor95: {
      intercept: 0.0616,
      lnStep: -0.1371,
      lnStep2: 0.0738,
      lnSpan: 0,
    },
    n: 34524,
  },
  {
    method: 'comb4',
    fromMonths: 48,
    toMonths: null,
    maxStep: 18,
    spanRange: [48, 126],
    factor80: {
      intercept: -0.0181,
      lnStep: -0.0607,
      lnStep2: 0.0248,
      lnSpan: 0,
    },
    factor95: {
      intercept: 0.0412,
      lnStep: -0.0874,
      lnStep2: 0.0351,
      lnSpan: 0,
    },
    n: 12852,
  },
  {
    method: 'comb4-yoy',
    fromMonths: 0,
    toMonths: 24,
    maxStep: 18,
    spanRange: [11, 24],
    factor80: {
      intercept: 1.5664,
      lnStep: 0.0083,
      lnStep2: 0.0277,
      lnSpan: -0.5498,
    },
    factor95: {
      intercept: 2.0923,
      lnStep: -0.0889,
      lnStep2: 0.0764,
      lnSpan: -0.6939,
    },
    n: 51156,
  },
  {
    method: 'yoy-growth',
    fromMonths: 0,
    toMonths: 24,
    maxStep: 18,
    spanRange: [15, 21],
    factor80: {
      intercept: 3.4178,
      lnStep: 0.2209,
      lnStep2: -0.0471,
      lnSpan: -1.0968,
    },
    factor95: {
      intercept: 4.9349,
      lnStep: 0.1355,
      lnStep2: 0.0444,
      lnSpan: -1.5927,
    },
    n: 25704,
  },
];
