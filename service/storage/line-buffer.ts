/**
 * Request bodies written as bytes into buffers kept from one write request to the next: a large
 * upload's chunks then leave no body-sized string or buffer behind them each, which V8 would
 * move to its old generation while the write is under way and free only at its next full
 * collection (a body of 5,000 figures is about 1.2 MB).
 */

/** Longest ASCII text {@link LineBuffer.appendAscii} copies a character at a time. */
const SHORT_ASCII = 64;

/** Text appended as UTF-8 into a byte buffer that grows when it must. */
export class LineBuffer {
  private bytes: Buffer;
  private used = 0;

  constructor(capacity = 1 << 20) {
    this.bytes = Buffer.allocUnsafe(capacity);
  }

  append(text: string): void {
    // A UTF-16 unit never takes more than three bytes in UTF-8.
    const room = text.length * 3;
    if (this.used + room > this.bytes.length) this.grow(this.used + room);
    this.used += this.bytes.write(text, this.used);
  }

  /**
   * Bytes encoded earlier (a line's tags and fixed fields, shared by many lines): a copy within
   * memory, where encoding the same text again would cost a call into the runtime.
   */
  appendBytes(bytes: Uint8Array): void {
    if (this.used + bytes.length > this.bytes.length) this.grow(this.used + bytes.length);
    this.bytes.set(bytes, this.used);
    this.used += bytes.length;
  }

  /** Text of ASCII characters alone (numbers, separators): written a byte a character, without UTF-8 encoding. */
  appendAscii(text: string): void {
    const n = text.length;
    if (this.used + n > this.bytes.length) this.grow(this.used + n);
    // A number or a timestamp is a few characters: a loop beats the call into the runtime that
    // Buffer.write makes, which a longer text is worth.
    if (n > SHORT_ASCII) {
      this.used += this.bytes.write(text, this.used, 'latin1');
      return;
    }
    const bytes = this.bytes;
    let at = this.used;
    for (let i = 0; i < n; i++) bytes[at++] = text.charCodeAt(i);
    this.used = at;
  }

  /** One ASCII character, by its code (a separator, a line break). */
  appendByte(code: number): void {
    if (this.used === this.bytes.length) this.grow(this.used + 1);
    this.bytes[this.used++] = code;
  }

  get length(): number {
    return this.used;
  }

  /** The bytes written so far: a view, valid until the buffer is appended to or reset. */
  contents(): Buffer {
    return this.bytes.subarray(0, this.used);
  }

  reset(): void {
    this.used = 0;
  }

  private grow(needed: number): void {
    const next = Buffer.allocUnsafe(Math.max(needed, this.bytes.length * 2));
    this.bytes.copy(next, 0, 0, this.used);
    this.bytes = next;
  }
}

/** LineBuffers to borrow for one request each; a few are kept for the next ones. */
export class LineBufferPool {
  private readonly free: LineBuffer[] = [];

  constructor(private readonly keep = 4) {}

  /** An empty buffer; give it back once the request that sent it has been answered. */
  take(): LineBuffer {
    const buffer = this.free.pop() ?? new LineBuffer();
    buffer.reset();
    return buffer;
  }

  give(buffer: LineBuffer): void {
    if (this.free.length < this.keep) this.free.push(buffer);
  }
}
