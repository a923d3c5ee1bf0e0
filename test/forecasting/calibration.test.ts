import { expect } from 'chai';
import {
  applyCalibration,
  calibrationFor,
  historyBucket,
  historyPool,
  parameterWidening,
  POOL_WORDS,
  type Calibration,
} from '../../forecasting/calibration.js';
import { CALIBRATION_TABLE } from '../../forecasting/calibration-table.js';
import { stepIntervals } from '../../forecasting/intervals.js';

/** 1,001 paths of one step, evenly spread from 0 to 100 around a point at 50. */
const evenPaths = (): Float64Array[] => Array.from({ length: 1001 }, (_, p) => Float64Array.of(p / 10));
const fixed = (factor80: number, factor95: number): Calibration => ({
  label: 'test',
  factor80: [factor80],
  factor95: [factor95],
});

describe('forecasting/calibration', () => {
  it('moves the 80 % and 95 % bounds out by their own factors, keeping the point and each path in rank', () => {
    const paths = evenPaths();
    applyCalibration(paths, Float64Array.of(50), fixed(1.2, 1.5));
    const [iv] = stepIntervals(paths, Float64Array.of(50));
    expect(iv?.point).to.equal(50);
    expect(iv?.hi80).to.be.closeTo(50 + 1.2 * 40, 1e-9);
    expect(iv?.lo80).to.be.closeTo(50 - 1.2 * 40, 1e-9);
    expect(iv?.hi95).to.be.closeTo(50 + 1.5 * 47.5, 1e-9);
    expect(iv?.lo95).to.be.closeTo(50 - 1.5 * 47.5, 1e-9);
    for (let p = 1; p < paths.length; p++) expect(paths[p]?.[0] as number).to.be.at.least(paths[p - 1]?.[0] as number);
  });

  it('narrows as well as widens, and leaves the paths alone at factors of 1', () => {
    const narrowed = evenPaths();
    applyCalibration(narrowed, Float64Array.of(50), fixed(0.8, 0.9));
    expect(stepIntervals(narrowed, Float64Array.of(50))[0]?.hi80).to.be.closeTo(50 + 0.8 * 40, 1e-9);
    const same = evenPaths();
    applyCalibration(same, Float64Array.of(50), fixed(1, 1));
    expect(same).to.deep.equal(evenPaths());
  });

  it('buckets histories as the bench reports them', () => {
    expect([23, 24, 47, 48, 95, 96].map(historyBucket)).to.deep.equal([
      '<24',
      '24-47',
      '24-47',
      '48-95',
      '48-95',
      '>=96',
    ]);
  });

  it('looks histories of four years or more up in one pool, shorter ones by their bucket', () => {
    expect([23, 24, 47, 48, 95, 96, 200].map(historyPool)).to.deep.equal([
      '<24',
      '24-47',
      '24-47',
      '>=48',
      '>=48',
      '>=48',
      '>=48',
    ]);
    expect(calibrationFor('comb4', 60)).to.deep.equal(calibrationFor('comb4', 120));
    expect(calibrationFor('comb4', 60).label).to.contain('of comb4 on histories of 48 months or more');
    expect(calibrationFor('comb4', 60)).to.not.deep.equal(calibrationFor('comb4', 36));
  });

  it('falls back to the parameter-uncertainty widening √(1 + 6/n), saying so, where the table has no row', () => {
    const c = calibrationFor('no-such-method', 18);
    expect(c.factor80[0]).to.be.closeTo(Math.sqrt(1 + 6 / 18), 1e-12);
    expect(c.label).to.match(/parameter-uncertainty widening .*1\.15× \(no learned calibration/);
    expect(c).to.deep.equal(parameterWidening(18));
  });

  it('learned rows name their method and history and cover steps from 1 without holes', () => {
    const within = { '<24': 18, '24-47': 36, '>=48': 60 } as const;
    for (const row of CALIBRATION_TABLE) {
      const c = calibrationFor(row.method, within[row.history]);
      expect(c.label).to.contain(`of ${row.method} on histories of ${POOL_WORDS[row.history]}`);
      row.bands.forEach((b, i) => expect(b.fromStep).to.equal(i === 0 ? 1 : (row.bands[i - 1]?.toStep ?? 0) + 1));
      for (const b of row.bands) {
        expect(b.factor80).to.be.above(0);
        expect(b.factor95).to.be.above(0);
      }
    }
  });
});
