import { expect } from 'chai';
import { LineBuffer, LineBufferPool } from '../../../service/storage/line-buffer.js';

describe('line-buffer', () => {
  it('holds what was appended as UTF-8, growing past its first capacity', () => {
    const buffer = new LineBuffer(8);
    const parts = ['report,series=a', ' quote="蔚来 🚗"', '\n', 'x'.repeat(100)];
    for (const part of parts) buffer.append(part);
    expect(buffer.contents().toString('utf8')).to.equal(parts.join(''));
    expect(buffer.length).to.equal(Buffer.byteLength(parts.join('')));
  });

  it('holds ASCII appended a byte a character among UTF-8 text, growing when it must', () => {
    const buffer = new LineBuffer(4);
    const parts: [string, boolean][] = [
      ['figure,series=b source="蔚来",value=', false],
      ['44126,yoy_pct_stated=0 1717200000\n', true],
      ['9'.repeat(50), true],
      ['8'.repeat(100), true],
    ];
    for (const [part, ascii] of parts) {
      if (ascii) buffer.appendAscii(part);
      else buffer.append(part);
    }
    const text = parts.map(([part]) => part).join('');
    expect(buffer.contents().toString('utf8')).to.equal(text);
    expect(buffer.length).to.equal(Buffer.byteLength(text));
  });

  it('copies encoded bytes and single characters in place, growing when it must', () => {
    const buffer = new LineBuffer(4);
    const head = Buffer.from('report,series=蔚来 value=');
    buffer.appendBytes(head);
    buffer.appendAscii('44126');
    buffer.appendByte(0x0a);
    buffer.appendBytes(head);
    buffer.appendAscii('7.5');
    expect(buffer.contents().toString('utf8')).to.equal('report,series=蔚来 value=44126\nreport,series=蔚来 value=7.5');
  });

  it('starts empty again after reset, and the pool hands out a buffer it was given back, emptied', () => {
    const pool = new LineBufferPool(1);
    const first = pool.take();
    first.append('old');
    pool.give(first);
    const again = pool.take();
    expect(again).to.equal(first);
    expect(again.length).to.equal(0);
    expect(pool.take()).to.not.equal(first);
  });
});
