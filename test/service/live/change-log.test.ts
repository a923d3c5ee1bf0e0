import { expect } from 'chai';
import { ChangeLog } from '../../../service/live/change-log.js';

describe('service/live/change-log', () => {
  it('lists the series changed after a time, merged per series, for the rooms asked about', () => {
    const log = new ChangeLog(1000);
    log.record(1001, 'actuals', 'a');
    log.record(1002, 'forecast', 'a');
    log.record(1003, 'actuals', 'b');
    log.record(1004, 'job', null);
    expect(log.since(1001, new Set(['a', 'b']), false)).to.deep.equal({
      complete: true,
      series: [
        { id: 'a', actuals: false, forecast: true },
        { id: 'b', actuals: true, forecast: false },
      ],
      jobs: true,
    });
    expect(log.since(1000, new Set(['a']), false).series).to.deep.equal([{ id: 'a', actuals: true, forecast: true }]);
    expect(log.since(1000, new Set(), true).series.map((s) => s.id)).to.deep.equal(['a', 'b']);
    expect(log.since(1004, new Set(['a']), true)).to.deep.equal({ complete: true, series: [], jobs: false });
  });

  it('says it is incomplete for a time before it started or before what it still holds', () => {
    const log = new ChangeLog(1000, 2);
    expect(log.since(999, new Set(['a']), false).complete).to.equal(false);
    log.record(1001, 'actuals', 'a');
    log.record(1002, 'actuals', 'b');
    log.record(1003, 'actuals', 'c');
    expect(log.since(1000, new Set(['a']), false).complete).to.equal(false);
    expect(log.since(1001, new Set(['b', 'c']), false)).to.deep.equal({
      complete: true,
      series: [
        { id: 'c', actuals: true, forecast: false },
        { id: 'b', actuals: true, forecast: false },
      ],
      jobs: false,
    });
  });
});
