/**
 * Erlang B and C (MODEL §2, §3, §7): loss and delay probabilities of C servers under offered load A.
 */

function checkArgs(servers: number, load: number): void {
  if (!Number.isInteger(servers) || servers < 0) {
    throw new RangeError(`servers must be a non-negative integer, got ${servers}`);
  }
  if (!Number.isFinite(load) || load < 0) {
    throw new RangeError(`load must be a finite number >= 0, got ${load}`);
  }
}

function checkWait(meanServiceSeconds: number, waitSeconds: number): void {
  if (!(meanServiceSeconds > 0 && Number.isFinite(meanServiceSeconds))) {
    throw new RangeError(`meanServiceSeconds must be a finite number > 0, got ${meanServiceSeconds}`);
  }
  if (!(waitSeconds >= 0 && Number.isFinite(waitSeconds))) throw new RangeError(`waitSeconds must be a finite number >= 0, got ${waitSeconds}`);
}

/**
 * Erlang B blocking probability B(C, A): the fraction of arrivals that find all C busy.
 *
 * Uses the forward recurrence `B(k) = A·B(k−1) / (k + A·B(k−1))`, which is numerically stable
 * (each step is a convex combination) and stays finite for A and C up to 100,000. O(C).
 * Insensitive to the service-time distribution (M/G/C/C).
 */
export function erlangB(servers: number, load: number): number {
  checkArgs(servers, load);
  if (load === 0) return servers === 0 ? 1 : 0;
  let b = 1;
  for (let k = 1; k <= servers; k++) {
    const ab = load * b;
    b = ab / (k + ab);
    if (b === 0) return 0;
  }
  return b;
}

/**
 * The smallest C with B(C, A) ≤ target: the concurrency that throttles at most `target` of requests.
 * O(C). `serversForBlocking(100, 0.001) === 128`.
 */
export function serversForBlocking(load: number, target: number): number {
  checkArgs(0, load);
  if (!(target > 0 && target <= 1)) {
    throw new RangeError(`target must be in (0, 1], got ${target}`);
  }
  if (load === 0) return 0;
  let b = 1;
  let k = 0;
  while (b > target) {
    k++;
    const ab = load * b;
    b = ab / (k + ab);
  }
  return k;
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
