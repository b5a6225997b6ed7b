/**
 * Time-stamped traces on the workload's calendar: reading `trace.start` (ISO 8601 with an offset) and
 * laying a trace's minutes onto local days of `defaults.timezone`, so minute 0 of the result is local
 * midnight of the trace's first day and its days have weekdays.
 */
import { MINUTES_PER_DAY } from './traces';

const MS_PER_MINUTE = 60_000;
/** Offsets change only on whole local clock times, which fall on UTC quarter hours in every zone. */
const OFFSET_STEP_MINUTES = 15;
/** `2026-03-02T00:00:00Z`, `2026-03-02T00:00+01:00`, `2026-03-02T00:00:00.000-0500`. */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;

/** What is wrong with a `start` value, or the instant (ms since epoch) it names. */
export function parseInstant(text: string): { ms: number } | { problem: string } {
  const m = INSTANT.exec(text);
  if (!m) return { problem: 'must be an ISO 8601 date and time with an offset, such as 2026-03-02T00:00:00Z or 2026-03-02T00:00:00+01:00' };
  const [year, month, day, hour, minute] = m.slice(1, 6).map(Number);
  const second = Number(m[6] ?? 0);
  const fraction = Number(`0.${m[7] ?? 0}`);
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(local);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return { problem: 'is not a real date and time' };
  }
  if (second !== 0 || fraction !== 0) return { problem: 'must fall on a whole minute (a per-minute trace counts whole minutes)' };
  const zone = m[8];
  const offsetMinutes = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  return { ms: local - offsetMinutes * MS_PER_MINUTE };
}

const formats = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

/** Minutes `timezone` is ahead of UTC at the instant `ms` (e.g. 60 for Europe/Paris in winter). */
export function zoneOffsetMinutes(timezone: string, ms: number): number {
  const key = `${timezone} ${ms}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  let format = formats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    formats.set(timezone, format);
  }
  const parts: Record<string, number> = {};
  for (const p of format.formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
  const offset = Math.round((wall - Math.floor(ms / MS_PER_MINUTE) * MS_PER_MINUTE) / MS_PER_MINUTE);
  offsets.set(key, offset);
  return offset;
}

/** A trace laid onto local days. */
export interface LocalTrace {
  /** Counts per local minute from 00:00 of `startDate`; NaN where the trace says nothing (before its start, after its end, or unknown in the file). */
  readonly perMinute: number[];
  /** Local date (YYYY-MM-DD in the time zone) of minute 0. */
  readonly startDate: string;
}

/**
 * Lays counts of consecutive minutes from the instant `startMs` onto local wall-clock minutes of
 * `timezone`, from local midnight of the first day to the end of the last (whole days). A minute the
 * clocks skip (spring forward) has no calls; a local minute that happens twice (fall back) keeps the
 * busier of the two.
 */
export function toLocalDays(counts: readonly number[], startMs: number, timezone: string): LocalTrace {
  const localMinute = (i: number): number => {
    const ms = startMs + i * MS_PER_MINUTE;
    const step = Math.floor(ms / (OFFSET_STEP_MINUTES * MS_PER_MINUTE)) * OFFSET_STEP_MINUTES * MS_PER_MINUTE;
    return Math.floor(ms / MS_PER_MINUTE) + zoneOffsetMinutes(timezone, step);
  };
  const firstDay = Math.floor(localMinute(0) / MINUTES_PER_DAY);
  const base = firstDay * MINUTES_PER_DAY;
  const days = Math.floor(localMinute(Math.max(0, counts.length - 1)) / MINUTES_PER_DAY) - firstDay + 1;
  const perMinute = new Array<number>(days * MINUTES_PER_DAY).fill(NaN);
  let reached = localMinute(0) - base - 1;
  for (let i = 0; i < counts.length; i++) {
    const at = localMinute(i) - base;
    // Clocks jumped forward over the minutes between: they never happened, so they had no calls.
    for (let skipped = reached + 1; skipped < at; skipped++) perMinute[skipped] = 0;
    const value = counts[i];
    const seen = perMinute[at];
    perMinute[at] = Number.isNaN(seen) ? value : Number.isNaN(value) ? seen : Math.max(seen, value);
    reached = Math.max(reached, at);
  }
  return { perMinute, startDate: new Date(base * MS_PER_MINUTE).toISOString().slice(0, 10) };
}

/** Day of the week of a local date `YYYY-MM-DD` plus `days`: 0 Monday … 6 Sunday. */
export function weekdayOf(startDate: string, days = 0): number {
  const [y, m, d] = startDate.split('-').map(Number);
  return (new Date(Date.UTC(y, m - 1, d + days)).getUTCDay() + 6) % 7;
}

/** The local date `days` after `startDate`, as `YYYY-MM-DD`. */
export function addDays(startDate: string, days: number): string {
  const [y, m, d] = startDate.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
