/**
 * Reads a benchmark data set in the two-file format of shared/benchmarks (long CSV
 * `series_id,split,t,value` and meta CSV with at least `series_id,horizon`).
 */
import { existsSync, readFileSync } from 'node:fs';

export interface BenchSeries {
  readonly id: string;
  readonly horizon: number;
  readonly train: Float64Array;
  readonly test: Float64Array;
}

function columns(header: string, needed: readonly string[], file: string): Map<string, number> {
  const names = header.trim().split(',');
  const map = new Map(names.map((name, i) => [name, i]));
  for (const name of needed)
    if (!map.has(name)) throw new Error(`${file}: missing column ${name} in header ${header.trim()}`);
  return map;
}

/** Loads and checks a data set; throws naming the file and line when the format is not as documented. */
export function loadBenchData(dataFile: string, metaFile: string): BenchSeries[] {
  for (const file of [dataFile, metaFile]) {
    if (!existsSync(file))
      throw new Error(`benchmark data not found: ${file} (pass --data FILE --meta FILE; M3 is in test/bench/data/m3)`);
  }
  const metaLines = readFileSync(metaFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const metaCols = columns(metaLines[0] ?? '', ['series_id', 'horizon'], metaFile);
  const order: string[] = [];
  const horizon = new Map<string, number>();
  for (const line of metaLines.slice(1)) {
    const f = line.split(',');
    const id = f[metaCols.get('series_id') as number] as string;
    order.push(id);
    horizon.set(id, Number(f[metaCols.get('horizon') as number]));
  }
  const dataLines = readFileSync(dataFile, 'utf8').split('\n');
  const cols = columns(dataLines[0] ?? '', ['series_id', 'split', 't', 'value'], dataFile);
  const [ci, cs, ct, cv] = ['series_id', 'split', 't', 'value'].map((c) => cols.get(c) as number) as [
    number,
    number,
    number,
    number,
  ];
  const values = new Map<string, { train: number[]; test: number[] }>();
  for (let i = 1; i < dataLines.length; i++) {
    const line = dataLines[i] as string;
    if (line.trim() === '') continue;
    const f = line.split(',');
    const id = f[ci] as string;
    let entry = values.get(id);
    if (!entry) {
      entry = { train: [], test: [] };
      values.set(id, entry);
    }
    const split = f[cs];
    const target = split === 'train' ? entry.train : split === 'test' ? entry.test : null;
    if (target === null) throw new Error(`${dataFile}:${i + 1}: split must be train or test`);
    const t = Number(f[ct]);
    if (t !== target.length + 1) throw new Error(`${dataFile}:${i + 1}: t=${t} out of order for ${id}`);
    target.push(Number(f[cv]));
  }
  return order.map((id) => {
    const entry = values.get(id);
    const h = horizon.get(id) as number;
    if (!entry) throw new Error(`${metaFile}: series ${id} has no rows in ${dataFile}`);
    if (entry.test.length !== h) throw new Error(`${id}: horizon ${h} but ${entry.test.length} test values`);
    return { id, horizon: h, train: Float64Array.from(entry.train), test: Float64Array.from(entry.test) };
  });
}
