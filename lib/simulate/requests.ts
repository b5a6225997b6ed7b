/**
 * Sync and async requests (MODEL §8): Poisson arrivals at exact times within a second, and Lambda's
 * async retries: throttled events come back with backoff, failed ones are retried twice, and events
 * past the maximum age (or out of retries) go to the DLQ.
 */
import { LIMITS } from '../model';
import type { FunctionSim, RunContext } from './function-state';
import type { Cohort } from './structures';
import { SIMULATION_DEFAULTS } from './types';

/** Sync and async requests of one second: retries due now, then Poisson arrivals at exact times. */
export function requestSecond(sim: FunctionSim, s: number, ctx: RunContext): void {
  const due = sim.retries.get(s);
  if (due) {
    sim.retries.delete(s);
    for (const c of due) {
      let i = 0;
      while (i < c.count && handleRequest(sim, s, ctx, c.firstAt, c.attempt, c.errorRetries)) i++;
      // one attempt was throttled at this instant: nothing frees up or refills before the rest, so they are too
      const rest = c.count - i - 1;
      if (rest > 0) {
        sim.totals.throttles += rest;
        scheduleRetry(sim, s + asyncBackoffSeconds(c.attempt), c.firstAt, c.attempt + 1, c.errorRetries, rest);
      }
    }
  }
  const lambda = sim.rate.rateAt(s);
  const rng = sim.arrivalsRng;
  if (lambda !== sim.arrivalRate || sim.nextArrival < s) {
    // the rate changed (or nothing was drawn yet): by memorylessness, draw afresh from now
    sim.arrivalRate = lambda;
    sim.nextArrival = lambda > 0 ? s + rng.exponential() / lambda : Infinity;
  }
  const end = s + 1;
  let t = sim.nextArrival;
  while (t < end) {
    sim.totals.arrivals++;
    handleRequest(sim, t, ctx, t, 0, 0);
    t += rng.exponential() / lambda;
  }
  sim.nextArrival = t;
}

/** Async retry delay after `attempt` throttled attempts: 1 s doubling, at most 5 minutes. */
function asyncBackoffSeconds(attempt: number): number {
  return Math.min(SIMULATION_DEFAULTS.asyncBackoffMaxSeconds, SIMULATION_DEFAULTS.asyncBackoffMinSeconds * 2 ** attempt);
}

/** One request at time `t`; false when it was throttled (an async one is then queued for a retry). */
function handleRequest(sim: FunctionSim, t: number, ctx: RunContext, firstAt: number, attempt: number, errorRetries: number): boolean {
  const seconds = sim.drawExecution();
  const timedOut = sim.timedOut;
  sim.release(t);
  const totals = sim.totals;
  if (!sim.admit(t, seconds)) {
    totals.throttles++;
    if (sim.invocation === 'async') scheduleRetry(sim, t + asyncBackoffSeconds(attempt), firstAt, attempt + 1, errorRetries, 1);
    return false;
  }
  const failed = timedOut || (ctx.errorRate > 0 && sim.otherRng.chance(ctx.errorRate));
  if (!failed) return true;
  totals.errors++;
  if (sim.invocation === 'async') {
    if (errorRetries < SIMULATION_DEFAULTS.asyncErrorRetries) {
      scheduleRetry(sim, t + seconds + SIMULATION_DEFAULTS.asyncErrorRetryDelaySeconds * (errorRetries + 1), firstAt, attempt, errorRetries + 1, 1);
    } else {
      totals.dlq++;
    }
  }
  return true;
}

/** Queues an async retry, or gives the event up (to the DLQ / on-failure destination) past the maximum event age. */
function scheduleRetry(sim: FunctionSim, at: number, firstAt: number, attempt: number, errorRetries: number, count: number): void {
  if (at - firstAt > LIMITS.asyncMaxEventAgeSeconds) {
    sim.totals.dlq += count;
    return;
  }
  const second = Math.ceil(at);
  const list = sim.retries.get(second);
  const last = list?.[list.length - 1];
  if (last && last.attempt === attempt && last.errorRetries === errorRetries && Math.floor(last.firstAt) === Math.floor(firstAt)) {
    last.count += count;
    return;
  }
  const cohort: Cohort = { count, firstAt, attempt, errorRetries, visibleAt: second };
  if (list) list.push(cohort);
  else sim.retries.set(second, [cohort]);
}
