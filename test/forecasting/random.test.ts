import { expect } from 'chai';
import { normalSource, randomIndex, seededRandom } from '../../forecasting/random.js';

describe('forecasting/random', () => {
  it('repeats the same stream for the same seed and differs for another', () => {
    const a = seededRandom(5);
    const b = seededRandom(5);
    const c = seededRandom(6);
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).to.deep.equal(xs);
    expect(c()).to.not.equal(xs[0]);
  });

  it('draws standard normals with mean 0 and variance 1 (20,000 draws, 4 standard errors)', () => {
    const normal = normalSource(seededRandom(1));
    const n = 20000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = normal();
      s += z;
      s2 += z * z;
    }
    expect(s / n).to.be.closeTo(0, 4 / Math.sqrt(n));
    expect(s2 / n).to.be.closeTo(1, 4 * Math.sqrt(2 / n));
  });

  it('draws indices within range', () => {
    const random = seededRandom(2);
    for (let i = 0; i < 1000; i++) expect(randomIndex(random, 7)).to.be.within(0, 6);
  });
});
