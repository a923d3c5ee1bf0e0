import { expect } from 'chai';
import { GROUPS_IN_FLIGHT, inGroups, SERIES_PER_QUERY } from '../../../service/storage/series-groups.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('service/storage/series-groups', () => {
  const items = Array.from({ length: SERIES_PER_QUERY * 5 + 3 }, (_, i) => i);

  it('asks every item once, in groups of at most SERIES_PER_QUERY, and answers in their order', async () => {
    const asked: number[] = [];
    // Later groups answer sooner: the order must come from the groups, not from the answers.
    const rows = await inGroups(items, async (group) => {
      asked.push(...group);
      expect(group.length).to.be.at.most(SERIES_PER_QUERY);
      for (let i = 0; i < 10 - group[0]! / SERIES_PER_QUERY; i++) await tick();
      return group.map((n) => n * 2);
    });
    expect([...asked].sort((a, b) => a - b)).to.deep.equal(items);
    expect(rows).to.deep.equal(items.map((n) => n * 2));
  });

  it(`keeps at most ${GROUPS_IN_FLIGHT} groups in flight`, async () => {
    let inFlight = 0;
    let most = 0;
    await inGroups(items, async (group) => {
      most = Math.max(most, ++inFlight);
      await tick();
      inFlight--;
      return [...group];
    });
    expect(most).to.equal(GROUPS_IN_FLIGHT);
  });

  it('throws the failure of a group, starts no group after it, and lets the ones under way end', async () => {
    const started: number[] = [];
    let under = 0;
    const failing = inGroups(items, async (group) => {
      const at = group[0]! / SERIES_PER_QUERY;
      started.push(at);
      under++;
      await tick();
      under--;
      if (at === 1) throw new Error('group 1 failed');
      return [...group];
    });
    let caught: unknown = null;
    await failing.catch((error: unknown) => {
      caught = error;
    });
    expect((caught as Error).message).to.equal('group 1 failed');
    expect(under).to.equal(0);
    expect(started.length).to.be.below(6);
  });
});
