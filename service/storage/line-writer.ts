/**
 * Posts line protocol to InfluxDB 1.x's `/write` on kept-alive connections of its own, so that a
 * large upload's points go out as the text they were written as, with no client objects between.
 * Failures are StoreErrors: retriable when InfluxDB could not be reached, timed out or answered
 * 5xx; not when it refused the points (4xx), which sending them again cannot fix.
 */
import type http from 'node:http';
import { keepAliveAgent, post } from '../http-post.js';
import type { InfluxConnection } from './influx-store.js';
import { StoreError, toStoreError } from './store-error.js';

/** The longest part of a refusal quoted in the error (InfluxDB names the bad line there). */
const MAX_QUOTED_ANSWER = 2000;

export class InfluxLineWriter {
  private readonly agent: http.Agent;
  private readonly url: URL;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;

  constructor(conn: InfluxConnection) {
    this.url = new URL(conn.url);
    // Two writes are in flight at a time (see ingest.ts); a few more sockets cover other writers.
    this.agent = keepAliveAgent(this.url, 4);
    this.timeoutMs = conn.timeoutMs ?? 30_000;
    this.headers = { 'content-type': 'text/plain; charset=utf-8' };
    if (conn.username !== undefined) {
      const basic = Buffer.from(`${conn.username}:${conn.password ?? ''}`).toString('base64');
      this.headers['authorization'] = `Basic ${basic}`;
    }
    this.url.pathname = `${this.url.pathname.replace(/\/$/, '')}/write`;
    this.url.searchParams.set('db', conn.database);
  }

  /**
   * Writes the lines (separated by \n) with timestamps in `precision`; resolves once InfluxDB has
   * them. A Buffer body is sent as it is and no longer used once this resolves or rejects.
   */
  async write(body: string | Buffer, precision: 's' | 'ms'): Promise<void> {
    const url = new URL(this.url);
    url.searchParams.set('precision', precision);
    let answer;
    try {
      answer = await post(url, body, {
        agent: this.agent,
        headers: this.headers,
        timeoutMs: this.timeoutMs,
        keepText: MAX_QUOTED_ANSWER,
      });
    } catch (error) {
      throw toStoreError(error, 'write');
    }
    if (answer.status !== 204) throw refusal(answer.status, answer.text);
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }
}

function refusal(status: number, answer: string): StoreError {
  const retriable = status >= 500 || status === 429;
  const why = answer.trim().slice(0, MAX_QUOTED_ANSWER) || `HTTP ${status}`;
  return new StoreError(
    retriable,
    `InfluxDB write failed${retriable ? ' (unreachable; will be retried)' : ''}: ${status} ${why}`,
  );
}
