import { expect } from 'chai';
import { FailureLimiter } from '../../../service/auth/failure-limiter.js';

describe('failure-limiter', () => {
  it('blocks a client after its failures for the minute, and only that client', () => {
    const now = 0;
    const limiter = new FailureLimiter(3, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.blocked('a')).to.equal(false);
      limiter.fail('a');
    }
    expect(limiter.blocked('a')).to.equal(true);
    expect(limiter.blocked('b')).to.equal(false);
  });

  it('forgets failures when the minute is over, and says how long is left', () => {
    let now = 1_000;
    const limiter = new FailureLimiter(1, () => now);
    expect(limiter.fail('a')).to.equal(60_000);
    now += 59_999;
    expect(limiter.blocked('a')).to.equal(true);
    now += 1;
    expect(limiter.blocked('a')).to.equal(false);
  });
});
