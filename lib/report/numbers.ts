/**
 * Numbers in tables: rounded to what a reader compares, thousands grouped (en-US, so output is the same
 * on every machine). JSON output keeps full precision; these are for text and Markdown only.
 */

/** A count: rounded to a whole number, thousands grouped (`2,754,241`). */
export function count(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

/** Dollars with cents, thousands grouped (`$75,362.55`). */
export function usd(x: number): string {
  return `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Dollars with cents without the sign, for a column whose header says `$` (`75,362.55`). */
export function dollars(x: number): string {
  return usd(x).slice(1);
}

/**
 * A measured quantity (a load in concurrent executions, a rate): three significant digits, never fewer
 * than the whole number (`23.8`, `0.457`, `1,235`).
 */
export function approx(x: number): string {
  if (Math.abs(x) >= 1000) return count(x);
  return Number(x.toPrecision(3)).toLocaleString('en-US', { maximumFractionDigits: 20 });
}
