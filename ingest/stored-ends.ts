/**
 * Where each series' stored figures end, as this process last saw them: from which month on
 * nothing is stored. An ingest of later months (a new month, the usual monthly upload) then has
 * nothing to reconcile them with and nothing they could disagree with, so it need not read the
 * series back: at 10,000 series that read was most of an upload's time, InfluxDB spending about
 * 0.1 ms a series on each query that names them whatever it finds.
 *
 * What is known here is learned from this process's own reads and writes, so it holds only while
 * this process is the one writer: the service leaves it out when instances share a Redis, and a
 * `pulsecast ingest` run that writes to the database of a running service should go through the
 * service (`--service`). A write that failed forgets its series: part of it may be stored.
 */
import { addMonths } from '../common/month.js';
import type { MonthKey } from './types.js';

/** Series remembered at most; past this the longest unused are forgotten (and read back when next needed). */
const REMEMBERED = 200_000;

export class StoredEnds {
  private readonly emptyFrom = new Map<string, MonthKey>();

  /** The first month from which nothing is stored for the series, when known. */
  of(series: string): MonthKey | undefined {
    return this.emptyFrom.get(series);
  }

  /**
   * After a read of every figure from `from` on: `latest` is the latest month it found (null:
   * none), so nothing is stored after it, or from `from` on.
   */
  read(series: string, from: MonthKey, latest: MonthKey | null): void {
    this.set(series, latest === null ? from : addMonths(latest, 1));
  }

  /** A series created now: nothing of it is stored before `month`, the first it is given. */
  created(series: string, month: MonthKey): void {
    this.set(series, month);
  }

  /** After a write that stored figures up to `latest`: moves the end on when it is known. */
  wrote(series: string, latest: MonthKey): void {
    const known = this.emptyFrom.get(series);
    if (known === undefined) return;
    const after = addMonths(latest, 1);
    if (after > known) this.set(series, after);
  }

  /** After a write that may or may not have landed. */
  forget(series: string): void {
    this.emptyFrom.delete(series);
  }

  private set(series: string, month: MonthKey): void {
    this.emptyFrom.delete(series);
    this.emptyFrom.set(series, month);
    if (this.emptyFrom.size > REMEMBERED) this.emptyFrom.delete(this.emptyFrom.keys().next().value as string);
  }
}
