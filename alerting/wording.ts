/** How alert summaries write numbers: in full, grouped, at most two decimals (the page localises its own). */
const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export function num(value: number): string {
  return NUMBER.format(value);
}

export function pct(value: number): string {
  return `${NUMBER.format(Math.round(value * 10) / 10)} %`;
}
