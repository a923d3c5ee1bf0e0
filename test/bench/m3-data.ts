/**
 * Where the benchmarks find the M3 monthly data set: a copy of shared/benchmarks inside the
 * repository (test/bench/data/m3, with its README and R's reference figures), so that a clean
 * clone anywhere runs every benchmark without a folder beside it.
 */
import path from 'node:path';
import { repoRoot } from './bench-support.js';

const folder = path.join(repoRoot, 'test', 'bench', 'data', 'm3');

/** The long CSV (`series_id,split,t,value`) and the meta file of the 1,428 M3 monthly series. */
export const M3 = {
  data: path.join(folder, 'm3-monthly.csv'),
  meta: path.join(folder, 'm3-monthly-meta.csv'),
} as const;
