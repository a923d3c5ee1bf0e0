// Mocha's spec output, then the plain closing line CI reads: `N passed, N failed` (`, N skipped` when any were).
'use strict';
const Mocha = require('mocha');

const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const { passes, failures, pending } = this.stats;
      // Printed after the spec reporter's own epilogue so that it is the last line of the run.
      process.nextTick(() => {
        const skipped = pending > 0 ? `, ${pending} skipped` : '';
        process.stdout.write(`\n${passes} passed, ${failures} failed${skipped}\n`);
      });
    });
  }
}

module.exports = SummaryReporter;
