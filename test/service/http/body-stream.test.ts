import { expect } from 'chai';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { readText } from '../../../service/http/body-stream.js';

/** A request body arriving in these chunks, without a declared length. */
const body = (...chunks: number[][]) =>
  Object.assign(Readable.from(chunks.map((c) => Buffer.from(c))), { headers: {} }) as unknown as IncomingMessage;
const utf8 = (s: string) => [...Buffer.from(s, 'utf8')];
const utf16le = (s: string) => [0xff, 0xfe, ...Buffer.from(s, 'utf16le')];
const utf16be = (s: string) => [0xfe, 0xff, ...Buffer.from(s, 'utf16le').swap16()];

describe('service/http/body-stream', () => {
  const cases: { name: string; chunks: number[][]; text?: string; code?: string }[] = [
    {
      name: 'UTF-8, split inside a character',
      chunks: [utf8('a,比亚迪').slice(0, 4), utf8('a,比亚迪').slice(4)],
      text: 'a,比亚迪',
    },
    { name: 'UTF-8 with a byte-order mark (dropped)', chunks: [[0xef, 0xbb, 0xbf, ...utf8('x')]], text: 'x' },
    {
      name: 'UTF-16 LE with its byte-order mark',
      chunks: [utf16le('series,比亚迪\n').slice(0, 1), utf16le('series,比亚迪\n').slice(1)],
      text: 'series,比亚迪\n',
    },
    { name: 'UTF-16 BE with its byte-order mark', chunks: [utf16be('v=1')], text: 'v=1' },
    { name: 'a single byte', chunks: [[0x41]], text: 'A' },
    { name: 'nothing', chunks: [], text: '' },
    { name: 'a byte that is not UTF-8 (Latin-1 é)', chunks: [[0x63, 0x61, 0x66, 0xe9, 0x0a]], code: 'BODY_NOT_UTF8' },
    { name: 'a UTF-8 sequence cut short at the end', chunks: [[0x61, 0xe6, 0xaf]], code: 'BODY_NOT_UTF8' },
    { name: 'a lone surrogate in UTF-16', chunks: [[0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00]], code: 'BODY_NOT_UTF8' },
    {
      name: 'more than the limit, without a declared length',
      chunks: [utf8('x'.repeat(60)), utf8('x'.repeat(60))],
      code: 'BODY_TOO_LARGE',
    },
  ];
  for (const c of cases) {
    it(`reads ${c.name}${c.code ? ` as ${c.code}` : ''}`, async () => {
      const outcome = await readText(body(...c.chunks), 100).then(
        (text) => ({ text }),
        (error: { code?: string; status?: number; message: string }) => ({
          code: error.code,
          status: error.status,
          message: error.message,
        }),
      );
      if (c.code) {
        expect(outcome).to.include({ code: c.code });
        expect((outcome as { status: number }).status).to.be.within(400, 499);
      } else {
        expect(outcome).to.deep.equal({ text: c.text });
      }
    });
  }
});
