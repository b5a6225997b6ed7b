/**
 * Shared helpers of the model tests: high-precision references and fast-check settings.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import Decimal from 'decimal.js';

/** fast-check settings: a fixed seed so a failure reproduces, and a run count that keeps the folder fast. */
export function propertyOptions(numRuns = 200): { seed: number; numRuns: number } {
  return { seed: 20261122, numRuns };
}

/** 60 significant digits: 20 more than the 40 the brief asks, so rounding stays far below 1e-50. */
const HighPrecision = Decimal.clone({ precision: 60 });

/**
 * The exact value of a double in 60 digits. `new Decimal(0.1)` would read the shortest decimal
 * that round-trips ("0.1"), not the binary value the code under test actually receives.
 */
function exactly(x: number): Decimal {
  return new HighPrecision(x.toPrecision(60));
}

/** Relative size below which an omitted tail of a series is ignored. */
const TAIL_TOLERANCE = new HighPrecision('1e-50');

/**
 * Erlang B in 60-digit arithmetic, for reference only.
 *
 * Why this formula: it is NOT the forward recurrence the code under test uses, so a slip shared by
 * code and reference cannot cancel. Dividing the truncated Poisson series by its last term gives
 *
 *     1 / B(C, A) = Σ_{k=0..C} (A^k / k!) / (A^C / C!) = Σ_{j=0..C} t_j,  t_0 = 1,  t_j = t_{j−1} · (C − j + 1) / A
 *
 * Every term is positive (no cancellation), each step costs one multiply and one divide at 60
 * digits, so after up to 10^5 steps the accumulated rounding is < 10^−54 relative. The ratio
 * r_j = t_j / t_{j−1} falls with j, so once r < 1 the omitted tail after t_j is at most
 * t_j · r / (1 − r) (a geometric bound) and we stop when that is below 10^−50 of the sum; the sum
 * therefore needs only a few thousand terms even at A = C = 100,000 (about 0.1 s). The closed form
 * through log-gamma and the incomplete gamma function would need both in 40+ digits — more
 * reference code to get wrong for no gain in independence.
 */
export function erlangBReference(servers: number, load: number): Decimal {
  if (servers === 0) return new HighPrecision(1);
  const a = exactly(load);
  let term = new HighPrecision(1);
  let sum = new HighPrecision(1);
  for (let j = 1; j <= servers; j++) {
    term = term.times(servers - j + 1).div(a);
    sum = sum.plus(term);
    const nextRatio = (servers - j) / load;
    if (nextRatio < 1 && term.times(nextRatio).div(1 - nextRatio).lt(sum.times(TAIL_TOLERANCE))) break;
  }
  return new HighPrecision(1).div(sum);
}

/**
 * Erlang C in 60-digit arithmetic from the textbook sum form (Kleinrock Vol. 1, M/M/c), for
 * reference only — it does not go through Erlang B as the code under test does:
 *
 *     C(c, A) = (A^c / c!) · c / (c − A)  /  ( Σ_{k=0..c−1} A^k / k!  +  (A^c / c!) · c / (c − A) ),  A < c
 */
export function erlangCReference(servers: number, load: number): Decimal {
  const a = exactly(load);
  let term = new HighPrecision(1);
  let below = new HighPrecision(0);
  for (let k = 0; k < servers; k++) {
    below = below.plus(term);
    term = term.times(a).div(k + 1);
  }
  const waiting = term.times(servers).div(new HighPrecision(servers).minus(a));
  return waiting.div(below.plus(waiting));
}

/** |actual − expected| / expected, in high precision. */
export function relativeError(actual: number, expected: Decimal): number {
  return exactly(actual).minus(expected).abs().div(expected).toNumber();
}

/** What a call of a model function did when run in a child process with a time limit. */
export interface GuardedCall {
  /** `returned <value>`, `<ErrorName>: <message>`, or `timed out` when it ran past the limit. */
  readonly outcome: string;
}

/**
 * Runs `<fn>(...args)` from lib/model in a child Node process, killed after `timeoutMs`, so a call
 * that never returns fails its test instead of hanging the whole run. `argsSource` is a JavaScript
 * array literal (so NaN and Infinity survive), e.g. `'[1, 1, 1, NaN]'`.
 */
export function callModelGuarded(fn: string, argsSource: string, timeoutMs = 3000): GuardedCall {
  const modelPath = path.join(__dirname, '..', '..', 'lib', 'model', 'index.ts');
  const script = [
    `const model = require(${JSON.stringify(modelPath)});`,
    `const args = ${argsSource};`,
    `try { console.log('returned ' + model[${JSON.stringify(fn)}](...args)); }`,
    'catch (e) { console.log(e.name + \': \' + e.message); }',
  ].join('\n');
  const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { timeout: timeoutMs, encoding: 'utf8' });
  if (run.error || run.signal) return { outcome: 'timed out' };
  return { outcome: run.stdout.trim() };
}
