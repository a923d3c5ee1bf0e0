/**
 * Loaded with `--import` into a benchmarked service when BENCH_HEAP_PROF names a folder: samples
 * every allocation from start to exit, including objects the GC has since collected (so the
 * per-row garbage of a hot path shows, not only what is still held), and writes a
 * `.heapprofile` there at exit (open it in Chrome DevTools, Memory tab). Node's own
 * `--heap-prof` keeps only the objects still alive at exit, which says little about a run's garbage;
 * with BENCH_HEAP_LIVE=1 this one does the same.
 */
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.env['BENCH_HEAP_PROF'];
if (dir) {
  const session = new Session();
  session.connect();
  session.post('HeapProfiler.enable');
  // BENCH_HEAP_LIVE=1 keeps only what is still held at exit: what a run retains rather than churns.
  const churn = process.env['BENCH_HEAP_LIVE'] !== '1';
  session.post('HeapProfiler.startSampling', {
    samplingInterval: 32 * 1024,
    includeObjectsCollectedByMajorGC: churn,
    includeObjectsCollectedByMinorGC: churn,
  });
  // A session in the same process answers synchronously, so the profile is written before exit.
  process.once('exit', () => {
    session.post('HeapProfiler.stopSampling', (error, result) => {
      if (error) return void console.error(`heap profile not written: ${error.message}`);
      const file = path.join(dir, `Heap.${process.pid}.${Date.now()}.heapprofile`);
      writeFileSync(file, JSON.stringify(result.profile));
      console.error(`heap profile written to ${file}`);
    });
  });
}
