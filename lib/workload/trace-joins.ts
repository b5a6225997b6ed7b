/**
 * What joining a trace's files leaves unclear, said in the plan's notes instead of decided silently: a
 * per-minute file that ends before the end of its day (the rest of the day is unknown, not idle), files
 * of a time-stamped list that do not join on whole weeks (the next file's weekdays shift), public-dataset
 * day files listed out of day order. And the one join that is never meant: the same file twice.
 */
import { basename } from 'path';
import { weekdayOf, zoneOffsetMinutes } from './calendar';
import { MINUTES_PER_DAY } from './traces';

const MS_PER_MINUTE = 60_000;
const DAYS_PER_WEEK = 7;
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
/** The public Azure dataset's day files: `invocations_per_function_md.anon.d01.csv`. */
const DATASET_DAY = /[._-]d(\d+)\.csv$/i;

/** Where minute `i` of a joined trace falls: `day 2 10:59`, or with a start `2026-03-02 10:59` (local time). */
export type TraceClock = (i: number) => { readonly text: string; readonly weekday?: string };

const hhmm = (minuteOfDay: number): string => `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;

/** The clock of a trace: from its `start` (ms since epoch) in `timezone`, else by day of the trace. */
export function traceClock(startMs: number | undefined, timezone: string): TraceClock {
  if (startMs === undefined) return (i) => ({ text: `day ${Math.floor(i / MINUTES_PER_DAY) + 1} ${hhmm(i % MINUTES_PER_DAY)}` });
  return (i) => {
    const ms = startMs + i * MS_PER_MINUTE;
    const local = new Date(ms + zoneOffsetMinutes(timezone, ms) * MS_PER_MINUTE).toISOString();
    const date = local.slice(0, 10);
    return { text: `${date} ${local.slice(11, 16)}`, weekday: WEEKDAYS[weekdayOf(date)] };
  };
}

/** One per-minute file of a trace as joined: its name, where it starts in the joined trace, its length. */
export interface JoinedFile {
  readonly file: string;
  /** Minute of the joined trace the file's minute 0 is. */
  readonly offset: number;
  /** Minutes up to its last listed row. */
  readonly listedMinutes: number;
  /** Minutes it takes in the joined trace (whole days). */
  readonly minutes: number;
}

/**
 * Notes on per-minute files joined into one trace: each file whose last row is not the last minute of a
 * day (the rest of that day is unknown) and, with a start, each file but the last that holds some days
 * but not whole weeks (the next file's weekdays follow from where it ends).
 */
export function joinNotes(files: readonly JoinedFile[], clock: TraceClock, timeStamped: boolean): string[] {
  const notes: string[] = [];
  files.forEach((f, k) => {
    const next = files[k + 1];
    if (f.listedMinutes % MINUTES_PER_DAY !== 0) {
      const last = f.listedMinutes - 1;
      const then = next ? ` and ${next.file} starts on the next day` : '';
      notes.push(
        `${f.file} ends at minute ${last} (${clock(f.offset + last).text}): the rest of that day is unknown${then}; if the function was idle, list its last minute with count 0`,
      );
    }
    const days = f.minutes / MINUTES_PER_DAY;
    if (timeStamped && next && days > 1 && days % DAYS_PER_WEEK !== 0) {
      const from = clock(next.offset);
      const weekEnd = Math.ceil(days / DAYS_PER_WEEK) * DAYS_PER_WEEK * MINUTES_PER_DAY - 1;
      notes.push(
        `${f.file} holds ${days} days, not whole weeks: ${next.file} is joined from the day after (${from.text}, a ${from.weekday}); if ${f.file} covers whole weeks, list its last minute (${weekEnd}) with count 0`,
      );
    }
  });
  return notes;
}

/** A note when the list names public-dataset day files (`…d03.csv`) out of day order, else undefined. */
export function dayOrderNote(names: readonly string[]): string | undefined {
  const numbers = names.map((n) => DATASET_DAY.exec(basename(n))?.[1]);
  const known = numbers.filter((n): n is string => n !== undefined);
  if (known.length < 2 || known.every((n, i) => i === 0 || Number(n) > Number(known[i - 1]))) return undefined;
  return `the trace files are joined in the order listed, but their day numbers are out of order (${known.map((n) => `d${n}`).join(', ')}): the plan's days follow the list; list the files by day if that was not meant`;
}

/** For each file that repeats an earlier one (same `key`), its index and the earlier one's. */
export function repeatedFiles(names: readonly string[], key: (file: string) => string): Array<{ readonly index: number; readonly first: number }> {
  const seen = new Map<string, number>();
  const repeats: Array<{ index: number; first: number }> = [];
  names.forEach((name, index) => {
    const first = seen.get(key(name));
    if (first === undefined) seen.set(key(name), index);
    else repeats.push({ index, first });
  });
  return repeats;
}
