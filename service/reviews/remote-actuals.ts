/**
 * Another instance's change of a series' actuals, applied on this one. A review of a month in conflict is
 * announced as a change of that month's actuals, so the reviews are read again before the overview reads
 * the series: else this instance would go on showing the figure the review overruled until it restarted.
 * Changes that arrive during a read wait for the next one, so an upload of 10,000 series elsewhere costs a
 * few reads of the small review table here, not 10,000.
 */
import type { Logger } from '../logger.js';
import type { ReviewStore } from './review-store.js';

export interface RemoteActualsDeps {
  readonly reviews: Pick<ReviewStore, 'reload'>;
  /** Reads the series again where this instance keeps them (the overview). */
  readonly actualsChanged: (series: string[]) => void;
  readonly logger: Logger;
}

/** A function to call with each series another instance changed; it never throws. */
export function remoteActuals(deps: RemoteActualsDeps): (series: string) => void {
  let pending = new Set<string>();
  let reading = false;
  const drain = async () => {
    reading = true;
    while (pending.size > 0) {
      const series = [...pending];
      pending = new Set();
      try {
        await deps.reviews.reload();
      } catch (error) {
        deps.logger.warn(
          { err: error },
          "could not read the conflict reviews again; another instance's review shows here after the next change",
        );
      }
      deps.actualsChanged(series);
    }
    reading = false;
  };
  return (series) => {
    pending.add(series);
    if (!reading) void drain();
  };
}
