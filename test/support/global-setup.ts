/**
 * Mocha global fixtures: whatever a test started for the whole run (the shared influxd) is
 * stopped here, once, after the last test.
 */
import { stopSharedInfluxd } from './influxd.js';

export async function mochaGlobalTeardown(): Promise<void> {
  await stopSharedInfluxd();
}
