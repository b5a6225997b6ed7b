/**
 * Erlang B and C (MODEL §2, §3, §7): loss and delay probabilities of C servers under offered load A.
 */

/**
 * Largest offered load (concurrent executions) the functions here accept: ten times the largest account
 * concurrency limit a workload may state (1,000,000). The searches walk C one server at a time, which
 * would take minutes far above it and never end above 2^53 (where k + 1 === k); workloads are checked
 * against it before planning (exit 2), so reaching it here is a bug.
 */
export const MAX_OFFERED_LOAD = 10_000_000;

function checkArgs(servers: number, load: number): void {
  if (!Number.isInteger(servers) || servers < 0) {
    throw new RangeError(`servers must be a non-negative integer, got ${servers}`);
  }
  if (!Number.isFinite(load) || load < 0 || load > MAX_OFFERED_LOAD) {
    throw new RangeError(`load must be a finite number from 0 to ${MAX_OFFERED_LOAD}, got ${load}`);
  }
}

function checkWait(meanServiceSeconds: number, waitSeconds: number): void {
  if (!(meanServiceSeconds > 0 && Number.isFinite(meanServiceSeconds))) {
    throw new RangeError(`meanServiceSeconds must be a finite number > 0, got ${meanServiceSeconds}`);
  }
  if (!(waitSeconds >= 0 && Number.isFinite(waitSeconds))) throw new RangeError(`waitSeconds must be a finite number >= 0, got ${waitSeconds}`);
}

/**
 * How far below the load the recurrence must start so a rough start value no longer matters:
 * `Σ_{k=s+1}^{t} (A − k)/A ≥ CONTRACTION` (see `recurrenceStart`).
 */
const CONTRACTION = 40;
/** The fluid start 1/B(s, A) ≈ A / (A − s) is within about A/(A − s)² of the truth: ≤ 1% this far below A. */
const FLUID_MARGIN_SQRT = 10;

/**
 * Where the recurrence of 1/B may start instead of k = 0 and still give B(target, A) at full double
 * precision. The inverse I_k = 1/B(k, A) obeys I_k = 1 + (k/A)·I_{k−1}: an error in I is multiplied by
 * at most k/A per step in relative terms (B(k, A) ≥ 1 − k/A, since at most k environments are busy), so
 * it shrinks below k = A and never grows above it. Starting at s = A − d from the fluid value A/d, the
 * error has shrunk by Π_{k=s+1}^{min(target, A)} k/A ≤ exp(−Σ (A − k)/A) ≤ e^{−40} ≈ 4e-18 once
 * d² ≥ 80·A + (A − target)₊². That makes B(C, A) O(√A + (C − A)₊) instead of O(C). Returns 0 (start at
 * I_0 = 1) when the start would not be above 0.
 */
function recurrenceStart(target: number, load: number): number {
  const gap = Math.max(0, load - target);
  const d = Math.max(FLUID_MARGIN_SQRT * Math.sqrt(load), Math.sqrt(2 * CONTRACTION * load + gap * gap));
  const start = Math.floor(load - d);
  return start > 0 && start < target ? start : 0;
}

/**
 * 1 / B(C, A), for callers that advance the recurrence `I_k = 1 + (k/A)·I_{k−1}` themselves (see
 * `provisionedForSamples`); `Infinity` once B underflows double precision. Requires A > 0.
 */
export function erlangBInverse(servers: number, load: number): number {
  checkArgs(servers, load);
  if (!(load > 0)) throw new RangeError(`load must be > 0, got ${load}`);
  const start = recurrenceStart(servers, load);
  let inverse = start > 0 ? load / (load - start) : 1;
  for (let k = start + 1; k <= servers && inverse !== Infinity; k++) inverse = 1 + (k / load) * inverse;
  return inverse;
}

/**
 * Erlang B blocking probability B(C, A): the fraction of arrivals that find all C busy.
 *
 * Uses the recurrence of the inverse, `1/B(k) = 1 + (k/A)·1/B(k−1)`, which is numerically stable
 * (relative errors never grow), started late where that loses nothing (`recurrenceStart`): accurate to
 * double precision for A and C up to 100,000 (tested against a 60-digit reference), in
 * O(√A + (C − A)₊) steps. 0 once B underflows (below ~1e-308). Insensitive to the service-time
 * distribution (M/G/C/C).
 */
export function erlangB(servers: number, load: number): number {
  checkArgs(servers, load);
  if (load === 0) return servers === 0 ? 1 : 0;
  const inverse = erlangBInverse(servers, load);
  return inverse === Infinity ? 0 : 1 / inverse;
}

/**
 * The smallest C with B(C, A) ≤ target: the concurrency that throttles at most `target` of requests.
 * `serversForBlocking(100, 0.001) === 128`. No C below A·(1 − target) can do (B(C, A) ≥ 1 − C/A), so
 * the walk starts there, with the recurrence started early enough to be exact by then.
 */
export function serversForBlocking(load: number, target: number): number {
  checkArgs(0, load);
  if (!(target > 0 && target <= 1)) {
    throw new RangeError(`target must be in (0, 1], got ${target}`);
  }
  if (load === 0 || target === 1) return 0;
  const first = Math.max(1, Math.ceil(load * (1 - target)));
  let k = recurrenceStart(first, load);
  let inverse = k > 0 ? load / (load - k) : 1;
  for (;;) {
    k++;
    inverse = 1 + (k / load) * inverse;
    if (k >= first && 1 / inverse <= target) return k;
  }
}

/**
 * Erlang C: the probability that an arrival waits (M/M/c) with c servers and load A.
 * 1 when A ≥ c (the queue grows without bound).
 */
export function erlangC(servers: number, load: number): number {
  checkArgs(servers, load);
  if (load === 0) return 0;
  if (load >= servers) return 1;
  const b = erlangB(servers, load);
  const rho = load / servers;
  return b / (1 - rho * (1 - b));
}

/**
 * P(wait > t) in M/M/c: `ErlangC(c, A) · e^{−(cμ − λ)t}` with μ = 1 / E[S] and λ = A·μ.
 * 1 when the system is unstable (A ≥ c).
 */
export function waitExceedProbability(servers: number, load: number, meanServiceSeconds: number, waitSeconds: number): number {
  checkWait(meanServiceSeconds, waitSeconds);
  const c = erlangC(servers, load);
  if (c >= 1) return 1;
  const mu = 1 / meanServiceSeconds;
  return c * Math.exp(-(servers * mu - load * mu) * waitSeconds);
}

/**
 * The smallest c > A with P(wait > t) ≤ probability: consumers needed for a queue-age target (MODEL §7).
 */
export function serversForWait(load: number, meanServiceSeconds: number, waitSeconds: number, probability: number): number {
  checkArgs(0, load);
  checkWait(meanServiceSeconds, waitSeconds);
  if (!(probability > 0 && probability <= 1)) throw new RangeError(`probability must be in (0, 1], got ${probability}`);
  if (load === 0) return 1;
  const mu = 1 / meanServiceSeconds;
  // Walk c upward carrying Erlang B along (O(c) in all, not O(c²)).
  let b = 1;
  for (let c = 1; ; c++) {
    const ab = load * b;
    b = ab / (c + ab);
    if (c <= load) continue;
    const waitProbability = b / (1 - (load / c) * (1 - b));
    if (waitProbability * Math.exp(-(c - load) * mu * waitSeconds) <= probability) return c;
  }
}
