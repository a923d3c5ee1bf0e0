/**
 * Quantiles of sample paths without sorting them. An interval needs four quantiles of 2,000 draws, that is
 * eight order statistics; sorting all 2,000 (V8's typed-array sort: about 0.1 ms each) was a sixth of what a
 * forecast costs, twelve horizon steps, a calibration and year totals over. Selecting just the ranks needed
 * (a quickselect that follows every wanted rank into its side of each partition) costs a few passes over the
 * draws and returns exactly what sorting would: the same order statistics, interpolated the same way.
 */

/** Below this many elements a range is finished by insertion sort. */
const SMALL = 16;

/**
 * Reorders `a` in place so that `a[k]` holds the k-th smallest value (0-based) for every k in `ranks`
 * (ascending, distinct, inside `a`). NaN must have been moved out of the range first: it compares with nothing.
 */
export function selectRanks(a: Float64Array, ranks: readonly number[], from = 0, to = a.length - 1): void {
  selectBetween(a, from, to, ranks, 0, ranks.length);
}

function selectBetween(
  a: Float64Array,
  lo: number,
  hi: number,
  ranks: readonly number[],
  r0: number,
  r1: number,
): void {
  while (r0 < r1) {
    if (hi - lo < SMALL) {
      insertionSort(a, lo, hi);
      return;
    }
    const pivot = medianOfThree(a, lo, (lo + hi) >>> 1, hi);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    // [lo, j] ≤ pivot ≤ [i, hi]; ranks strictly between j and i already hold the pivot's value.
    let left = r0;
    while (left < r1 && (ranks[left] as number) <= j) left++;
    let right = left;
    while (right < r1 && (ranks[right] as number) < i) right++;
    selectBetween(a, lo, j, ranks, r0, left);
    lo = i;
    r0 = right;
  }
}

function medianOfThree(a: Float64Array, x: number, y: number, z: number): number {
  const u = a[x] as number;
  const v = a[y] as number;
  const w = a[z] as number;
  if (u < v) return v < w ? v : u < w ? w : u;
  return u < w ? u : v < w ? w : v;
}

function insertionSort(a: Float64Array, lo: number, hi: number): void {
  for (let i = lo + 1; i <= hi; i++) {
    const v = a[i] as number;
    let j = i - 1;
    while (j >= lo && (a[j] as number) > v) {
      a[j + 1] = a[j] as number;
      j--;
    }
    a[j + 1] = v;
  }
}

/**
 * Quantiles of `values` at each of `levels` (R's type 7: linear interpolation between order statistics),
 * equal to `quantileSorted` of the sorted values (up to the sign of a zero: -0 and 0 count as equal here), NaN
 * sorted last as a typed-array sort puts it. Reorders `values` in place.
 */
export function quantilesInPlace(values: Float64Array, levels: readonly number[]): number[] {
  const n = values.length;
  if (n === 0) return levels.map(() => NaN);
  // NaN to the end, where a sort would put it; only the numbers before it are ordered.
  let numbers = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (v === v) {
      values[i] = values[numbers] as number;
      values[numbers++] = v;
    }
  }
  const positions = levels.map((p) => (n - 1) * p);
  const wanted = new Set<number>();
  for (const pos of positions) {
    const lo = Math.floor(pos);
    for (const k of [lo, Math.min(n - 1, lo + 1)]) if (k < numbers) wanted.add(k);
  }
  selectRanks(
    values,
    [...wanted].sort((x, y) => x - y),
    0,
    numbers - 1,
  );
  return positions.map((pos) => {
    const lo = Math.floor(pos);
    const hi = Math.min(n - 1, lo + 1);
    const frac = pos - lo;
    return (values[lo] as number) * (1 - frac) + (values[hi] as number) * frac;
  });
}
