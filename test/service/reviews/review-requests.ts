/** What the conflict-review tests send: series `c`'s rows from sources a and b, and a review of one of its months. */
import { jsonBody, request } from '../../support/service.js';

/** A CSV row of series `c` from `https://<source>.example/`. */
export const row = (month: string, value: number, source: string) =>
  `c,${month},${value},units,https://${source}.example/\n`;
export const A = 'https://a.example/';
export const B = 'https://b.example/';

/** An admin's review of series `c`'s conflict at `month`. */
export const review = (url: string, month: string, body: unknown) =>
  request(url, `/api/v1/series/c/conflicts/${month}/review`, jsonBody(body));
