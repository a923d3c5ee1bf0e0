/**
 * A request body as a stream of text with a size limit: refused up front when the declared
 * length is over it, and cut off with 413 as soon as a body without one grows past it. The text
 * is UTF-8, or UTF-16 when the body starts with its byte-order mark (spreadsheet "Unicode text"
 * exports); bytes that are not valid UTF-8 are refused with 400 rather than stored as U+FFFD,
 * which would silently garble a quote saved in a legacy encoding such as GBK or Latin-1.
 */
import type { IncomingMessage } from 'node:http';
import { AppError } from '../errors.js';

export function tooLarge(limit: number): AppError {
  return new AppError(
    413,
    'BODY_TOO_LARGE',
    `the body is larger than the limit of ${limit} bytes (PULSECAST_MAX_BODY_BYTES)`,
  );
}

export async function* limitedText(req: IncomingMessage, limit: number): AsyncGenerator<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw tooLarge(limit);
  }
  let decoder: TextDecoder | null = null;
  let bytes = 0;
  let head = Buffer.alloc(0);
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > limit) throw tooLarge(limit);
      if (!decoder) {
        // The encoding is known from the first two bytes.
        head = Buffer.concat([head, chunk]);
        if (head.length < 2) continue;
        decoder = new TextDecoder(encodingOf(head), { fatal: true });
        yield decoder.decode(head, { stream: true });
        continue;
      }
      yield decoder.decode(chunk, { stream: true });
    }
    // A body of fewer than two bytes never chose its decoder above.
    const rest = decoder ? decoder.decode() : new TextDecoder('utf-8', { fatal: true }).decode(head);
    if (rest) yield rest;
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    req.resume();
    throw new AppError(
      400,
      'BODY_NOT_UTF8',
      `the body is not valid ${decoder?.encoding === 'utf-8' || !decoder ? 'UTF-8' : 'UTF-16'} text (within its first ${bytes} bytes); save the file as UTF-8, or as UTF-16 with a byte-order mark`,
    );
  }
}

function encodingOf(head: Buffer): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/** The whole body as text, within the limit. */
export async function readText(req: IncomingMessage, limit: number): Promise<string> {
  let text = '';
  for await (const part of limitedText(req, limit)) text += part;
  return text;
}
