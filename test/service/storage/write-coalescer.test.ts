import { expect } from 'chai';
import { WriteCoalescer } from '../../../service/storage/write-coalescer.js';

describe('service/storage/write-coalescer', () => {
  it('sends a lone write at once, and the writes that arrive meanwhile together in the next request', async () => {
    const requests: number[][] = [];
    let release: () => void = () => undefined;
    const writer = new WriteCoalescer<number>(async (items) => {
      requests.push([...items]);
      if (requests.length === 1) await new Promise<void>((r) => (release = r));
    });
    const first = writer.add([1]);
    const later = [writer.add([2, 3]), writer.add([4])];
    expect(requests).to.deep.equal([[1]]);
    release();
    await Promise.all([first, ...later]);
    expect(requests).to.deep.equal([[1], [2, 3, 4]]);
  });

  it('rejects the callers whose items a failed request carried, and goes on with the next', async () => {
    let calls = 0;
    let release: () => void = () => undefined;
    const writer = new WriteCoalescer<number>(async (items) => {
      calls++;
      if (calls === 1) await new Promise<void>((r) => (release = r));
      if (items.includes(2)) throw new Error('refused');
    });
    const first = writer.add([1]);
    const failing = writer.add([2]);
    release();
    await first;
    let caught: unknown = null;
    await failing.catch((error: unknown) => (caught = error));
    expect((caught as Error).message).to.equal('refused');
    await writer.add([3]);
    expect(calls).to.equal(3);
  });
});
