/**
 * InfluxDB 1.x applies a write field by field: a query that runs meanwhile can answer a point with
 * some of its fields still null. Read as they come, such a row is a number nobody sent: an outcome
 * whose actual read as 0, a figure of 0. Measured on the shared test influxd, one row in about
 * 370,000 while points were written and read back in a loop, and once in a CI run, where a forecast
 * outcome showed `actual: 0` for a month that had arrived as 1,500.
 *
 * Every write of ours sets every field of its point (schema.ts), so a row that lacks one of the
 * fields its measurement always had is a write under way: it is read again shortly, when the write
 * has finished. A row still torn after a few reads is left out rather than answered half.
 */

/** Waits between reads of a query that answered a torn row: the write it caught takes a few milliseconds. */
export const TORN_RETRY_MS: readonly number[] = [5, 20, 80];

/**
 * The rows `read` answers, read again while any lacks one of `fields` (see above); after the last
 * retry, without the rows still torn.
 */
export async function wholeRows<R extends Record<string, unknown>>(
  read: () => Promise<R[]>,
  fields: readonly string[],
  wait: (ms: number) => Promise<void> = sleep,
): Promise<R[]> {
  const whole = (row: R) => fields.every((f) => row[f] !== null && row[f] !== undefined);
  for (let attempt = 0; ; attempt++) {
    const rows = await read();
    if (rows.every(whole)) return rows;
    const delay = TORN_RETRY_MS[attempt];
    if (delay === undefined) return rows.filter(whole);
    await wait(delay);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
