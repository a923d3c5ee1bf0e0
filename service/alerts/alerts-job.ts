/**
 * The `alerts` row of the job table: on its schedule (ALERTS_CRON), and once at start, it looks
 * for missing months, moves on what time alone decides (pending periods, flap windows, repeats
 * due) and retries evaluations an earlier failure left undone.
 */
import type { Schedule } from '../jobs/cron-schedule.js';
import { noOptions, type JobDefinition } from '../jobs/job.js';
import type { AlertEvaluator } from './evaluator.js';

export const ALERTS_JOB = 'alerts';

export function alertsJob(deps: { schedule: Schedule; evaluator: AlertEvaluator }): JobDefinition<undefined> {
  return {
    name: ALERTS_JOB,
    schedule: deps.schedule,
    options: noOptions(ALERTS_JOB),
    run: async () => {
      const { series, transitions } = await deps.evaluator.sweep();
      return {
        total: series,
        done: series,
        errors: [],
        message: `checked ${series} series; ${transitions} alert transitions`,
      };
    },
  };
}
