/**
 * How big one simulation may be. The simulator replays every request as an event, so its time grows
 * with the requests simulated (about a million per second of CPU); a rate or duration that is finite
 * but huge would otherwise run for days. Both bounds are checked before the first simulated second.
 */
import { InputError } from '../errors';
import { LIMITS } from '../model/defaults';
import type { Workload } from '../workload/types';
import { defaultDurationSeconds, RateProfile } from './traffic';

/** Longest simulation: 31 days, a month of per-minute history. */
export const MAX_SIMULATED_SECONDS = LIMITS.maxSimulatedSeconds;
/** Most requests (and SQS messages) one simulation replays: minutes of CPU, not days. */
export const MAX_SIMULATED_REQUESTS = 500_000_000;

/**
 * Most series rows (intervals × functions) one simulation keeps. Its JSON is about 270 bytes a row (330
 * with 64-character function names), so 1.5e6 rows stay under the longest text Node can build
 * (buffer.constants.MAX_STRING_LENGTH, 536,870,888 characters); a month at 1-second intervals
 * (2.7e6 rows) failed inside JSON.stringify (exit 3), and 300 functions for an hour (1.08e6) work.
 */
export const MAX_SERIES_ROWS = 1_500_000;

/**
 * Throws InputError (exit 2) when the series of a simulation (`intervals` of `intervalSeconds` for
 * `functions` functions) would have more than {@link MAX_SERIES_ROWS} rows, naming the smallest interval
 * that fits.
 */
export function checkSeriesSize(functions: number, durationSeconds: number, intervalSeconds: number): void {
  const rows = Math.ceil(durationSeconds / intervalSeconds) * functions;
  if (rows <= MAX_SERIES_ROWS) return;
  const fits = Math.ceil((durationSeconds * functions) / MAX_SERIES_ROWS);
  throw new InputError(
    `simulate: a series at --interval ${intervalSeconds} over ${durationSeconds} s for ${functions} function(s) is ${rows.toPrecision(3)} rows; ` +
      `one simulation keeps at most ${MAX_SERIES_ROWS.toExponential()} (the series budget): give --interval ${fits} or more, or a shorter --duration`,
  );
}

/** Requests (or messages) `profile` brings in `durationSeconds`, summed over the stretches of constant rate. */
export function expectedArrivals(profile: RateProfile, durationSeconds: number): number {
  let total = 0;
  for (let s = 0; s < durationSeconds; ) {
    const next = Math.min(durationSeconds, profile.nextChangeAfter(s));
    total += profile.rateAt(s) * (next - s);
    s = next;
  }
  return total;
}

/**
 * Throws InputError (exit 2) when a simulation of `workload` for `durationSeconds` would be longer than
 * {@link MAX_SIMULATED_SECONDS} and the workload's own history, or replay more than {@link MAX_SIMULATED_REQUESTS}
 * requests. The history may be longer than 31 days: a 31-day trace whose `start` is not local midnight, or
 * that crosses the spring clock change, is laid onto 32 (or 33) local days, and the loader has bounded it.
 */
export function checkSimulationSize(workload: Workload, durationSeconds: number): void {
  const history = Math.max(0, ...workload.functions.map((f) => (f.traffic.perMinute?.length ? defaultDurationSeconds(f.traffic) : 0)));
  const longest = Math.max(MAX_SIMULATED_SECONDS, history);
  if (!(durationSeconds <= longest)) {
    const what = history > MAX_SIMULATED_SECONDS ? `the workload's history, ${history / 86400} days` : '31 days';
    throw new InputError(`simulate: the duration must be at most ${longest} seconds (${what}), got ${durationSeconds}`);
  }
  const perFunction = workload.functions.map((f) => ({ name: f.name, requests: expectedArrivals(new RateProfile(f.traffic), durationSeconds) }));
  const total = perFunction.reduce((sum, f) => sum + f.requests, 0);
  if (!(total > MAX_SIMULATED_REQUESTS)) return;
  const busiest = perFunction.reduce((a, b) => (b.requests > a.requests ? b : a));
  throw new InputError(
    `simulate: ${durationSeconds} s of this traffic is about ${total.toPrecision(3)} requests (${busiest.name}: ${busiest.requests.toPrecision(3)}); ` +
      `one simulation replays at most ${MAX_SIMULATED_REQUESTS.toExponential()} (each request is an event): shorten --duration or lower the rates`,
  );
}
