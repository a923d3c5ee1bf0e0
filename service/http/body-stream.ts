/**
 * A request body as a stream of UTF-8 text with a size limit: refused up front when the declared
 * length is over it, and cut off with 413 as soon as a body without one grows past it.
 */
import type { IncomingMessage } from 'node:http';
import { AppError } from '../errors.js';

export function tooLarge(limit: number): AppError {
  return new AppError(413, 'BODY_TOO_LARGE', `the body is larger than the limit of ${limit} bytes (PULSECAST_MAX_BODY_BYTES)`);
}

export async function* limitedText(req: IncomingMessage, limit: number): AsyncGenerator<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw tooLarge(limit);
  }
  const decoder = new TextDecoder('utf-8');
  let bytes = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > limit) throw tooLarge(limit);
    yield decoder.decode(chunk, { stream: true });
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** The whole body as text, within the limit. */
export async function readText(req: IncomingMessage, limit: number): Promise<string> {
  let text = '';
  for await (const part of limitedText(req, limit)) text += part;
  return text;
}
