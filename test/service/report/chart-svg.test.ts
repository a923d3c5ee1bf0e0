import { expect } from 'chai';
import { chartSvg, contiguousRuns, niceTicks } from '../../../service/report/chart-svg.js';
import { svgToPng } from '../../../service/report/chart-png.js';
import { storedFrom, SALES } from './report-fixtures.js';

describe('chart-svg', () => {
  const ticks: [number, number, number[]][] = [
    [0, 47, [0, 20, 40, 60]],
    [0, 60000, [0, 20000, 40000, 60000]],
    [0, 1, [0, 0.25, 0.5, 0.75, 1]],
    [-5, 12, [-5, 0, 5, 10, 15]],
  ];
  for (const [lo, hi, want] of ticks) {
    it(`puts round ticks ${want.join(', ')} over ${lo}..${hi}`, () => {
      expect(niceTicks(lo, hi)).to.deep.equal(want);
    });
  }

  it('breaks the actuals line at a missing month, so a gap shows as a gap', () => {
    const runs = contiguousRuns([
      { month: '2024-01', value: 1 },
      { month: '2024-02', value: 2 },
      { month: '2024-04', value: 4 },
    ]);
    expect(runs.map((r) => r.map((p) => p.month))).to.deep.equal([['2024-01', '2024-02'], ['2024-04']]);
  });

  it('draws actuals, the forecast line and both bands, and rasterises to a PNG', () => {
    const actuals = SALES.flatMap((v, i) =>
      Number.isFinite(v)
        ? [{ month: `${2022 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`, value: v }]
        : [],
    );
    const svg = chartSvg({ title: 'Sales', unit: 'units', actuals, forecast: storedFrom(SALES, '2022-01').points });
    expect(svg.match(/<polygon /g)).to.have.length(2);
    expect(svg.match(/stroke-dasharray="6 4"/g)!.length).to.be.greaterThan(1);
    // Two runs of actuals: the gap in 2023-09 splits the line.
    expect(svg.match(/<polyline [^>]*stroke="#1f3a5f"/g)).to.have.length(2);
    const png = svgToPng(svg);
    expect(png.subarray(1, 4).toString('latin1')).to.equal('PNG');
    expect(png.readUInt32BE(16)).to.equal(1280);
  });
});
