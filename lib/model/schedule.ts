/**
 * Schedule expressions as data: one parser for `cron(...)`, `rate(...)` and `at(...)`, the validator the rules
 * use for each service that reads them (Application Auto Scaling, EventBridge Scheduler, EventBridge rules), and
 * the builder of the crons the planner writes.
 * @see https://docs.aws.amazon.com/autoscaling/application/userguide/scheduled-scaling-using-cron-expressions.html
 * @see https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
 */

/** Days of the week in cron order: day-of-week value n (1-7) is `DAYS_OF_WEEK[n - 1]`. */
export const DAYS_OF_WEEK = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;
/** A day of the week as cron writes it. */
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;
const MINUTES_PER_DAY = 1440;

/** The six cron fields in order, their valid ranges and names (Application Auto Scaling cron syntax). */
const FIELDS = [
  { key: 'minutes', label: 'minutes', low: 0, high: 59 },
  { key: 'hours', label: 'hours', low: 0, high: 23 },
  { key: 'daysOfMonth', label: 'day-of-month', low: 1, high: 31 },
  { key: 'months', label: 'month', low: 1, high: 12, names: MONTHS },
  { key: 'daysOfWeek', label: 'day-of-week', low: 1, high: 7, names: DAYS_OF_WEEK },
  { key: 'years', label: 'year', low: 1970, high: 2199 },
] as const;
type FieldSpec = (typeof FIELDS)[number];
const FIELD = Object.fromEntries(FIELDS.map((f) => [f.key, f])) as { readonly [K in FieldSpec['key']]: Extract<FieldSpec, { key: K }> };

/** One field of a cron expression, with ranges, steps and names expanded. */
export interface CronField {
  /** `any`: `*`; `none`: `?` (a day field that leaves the day to the other); `list`: `values`; `calendar`: an L, W or # form. */
  readonly kind: 'any' | 'none' | 'list' | 'calendar';
  /** The values the field matches, ascending (every value of the range for `any`; none for `none` and `calendar`). */
  readonly values: readonly number[];
  /** The L, W or # form as written, upper case (`L`, `15W`, `6L`, `2#1`); only for `calendar`. */
  readonly calendar?: string;
}

/** `cron(minutes hours day-of-month month day-of-week year)`. */
export interface CronExpression {
  readonly kind: 'cron';
  readonly minutes: CronField;
  readonly hours: CronField;
  readonly daysOfMonth: CronField;
  readonly months: CronField;
  readonly daysOfWeek: CronField;
  readonly years: CronField;
}

/** `rate(value unit)`. */
export interface RateExpression {
  readonly kind: 'rate';
  readonly value: number;
  readonly unit: 'minute' | 'hour' | 'day';
  /** The period in seconds. */
  readonly seconds: number;
}

/** `at(yyyy-mm-ddThh:mm:ss)`: once, at that local time of the action's time zone. */
export interface AtExpression {
  readonly kind: 'at';
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** A parsed schedule expression. */
export type ScheduleExpression = CronExpression | RateExpression | AtExpression;

/** What parsing gave: the expression, or the first problem as a sentence. */
export type ScheduleParse = { readonly ok: true; readonly expression: ScheduleExpression } | { readonly ok: false; readonly problem: string };

/** When a recurring action fires: a minute of the day on some days of the week, every week. */
export interface ScheduleTime {
  /** 0-1439 in the action's time zone. */
  readonly minuteOfDay: number;
  /** The days it fires on, in cron order (SUN first); all seven for a daily action. */
  readonly daysOfWeek: readonly DayOfWeek[];
}

/** The expression's kind by its prefix alone (`cron(`, `rate(`, `at(`); undefined for anything else. */
export function scheduleKind(text: string): ScheduleExpression['kind'] | undefined {
  return /^(cron|rate|at)\(/.exec(text.trim())?.[1] as ScheduleExpression['kind'] | undefined;
}

/** Thrown inside the parser only; `parseSchedule` turns it into a `problem`. */
class SyntaxProblem extends Error {}
const fail = (problem: string): never => {
  throw new SyntaxProblem(problem);
};

/**
 * Parses a schedule expression (surrounding blanks ignored). Never throws: a malformed expression
 * gives `{ ok: false, problem }`, e.g. `minutes must be 0-59, got 60`.
 */
export function parseSchedule(text: string): ScheduleParse {
  // Templates repeat the same few expressions across many actions: parse each text once.
  let parsed = PARSED.get(text);
  if (parsed === undefined) {
    if (PARSED.size >= PARSED_LIMIT) PARSED.clear();
    PARSED.set(text, (parsed = parseScheduleText(text)));
  }
  return parsed;
}

const PARSED = new Map<string, ScheduleParse>();
const PARSED_LIMIT = 4096;

function parseScheduleText(text: string): ScheduleParse {
  const m = /^(cron|rate|at)\((.*)\)$/s.exec(text.trim());
  try {
    if (!m) return fail('must be cron(...), rate(...) or at(...)');
    const body = m[2].trim();
    const expression = m[1] === 'cron' ? parseCron(body) : m[1] === 'rate' ? parseRate(body) : parseAt(body);
    return { ok: true, expression };
  } catch (err) {
    if (err instanceof SyntaxProblem) return { ok: false, problem: err.message };
    throw err;
  }
}

/** The validator of the schedule-syntax rule for Application Auto Scaling: undefined for a valid expression, else what is wrong. */
export function scheduleProblem(text: string): string | undefined {
  return scheduleProblemFor(text, 'application-autoscaling')?.problem;
}

/** A service that reads schedule expressions. */
export type ScheduleService = 'application-autoscaling' | 'scheduler' | 'events';

/**
 * What each service accepts beyond the common syntax: the kinds of expression, and whether a rate's unit must
 * agree in number with its value (`rate(1 minute)`, `rate(5 minutes)`): EventBridge rules reject
 * `rate(5 minute)` and `rate(1 minutes)`; EventBridge Scheduler documents the same forms (its API reference lists
 * both words without saying it rejects the other), so there it is only not the documented form; Application Auto
 * Scaling documents both words for any value.
 */
export const SCHEDULE_SERVICES: Readonly<Record<ScheduleService, { readonly name: string; readonly kinds: readonly ScheduleExpression['kind'][]; readonly rateUnitNumber: 'rejected' | 'documented' | 'free' }>> = {
  'application-autoscaling': { name: 'Application Auto Scaling', kinds: ['cron', 'rate', 'at'], rateUnitNumber: 'free' },
  scheduler: { name: 'EventBridge Scheduler', kinds: ['cron', 'rate', 'at'], rateUnitNumber: 'documented' },
  events: { name: 'EventBridge rules', kinds: ['cron', 'rate'], rateUnitNumber: 'rejected' },
};

/** A problem of a schedule expression: what is wrong, and whether the service rejects it (else it is only not the documented form). */
export interface ScheduleProblem {
  readonly problem: string;
  readonly rejected: boolean;
}

/** The validator of the schedule-syntax rule for `service`: undefined for a valid expression, else its problem. */
export function scheduleProblemFor(text: string, service: ScheduleService): ScheduleProblem | undefined {
  const parsed = parseSchedule(text);
  if (!parsed.ok) return { problem: parsed.problem, rejected: true };
  const { name, kinds, rateUnitNumber } = SCHEDULE_SERVICES[service];
  const e = parsed.expression;
  if (!kinds.includes(e.kind)) return { problem: `${name} accept only ${kinds.map((k) => `${k}(...)`).join(' or ')}`, rejected: true };
  if (e.kind !== 'rate' || rateUnitNumber === 'free') return undefined;
  // The parser accepted `<unit>` or `<unit>s` as the last word.
  const plural = /s\s*\)$/.test(text.trim());
  if (plural === e.value > 1) return undefined;
  const documented = `rate(${e.value} ${e.unit}${e.value > 1 ? 's' : ''})`;
  return { problem: `the unit must be singular for 1 and plural above: ${documented}`, rejected: rateUnitNumber === 'rejected' };
}

function parseCron(body: string): CronExpression {
  const parts = body.split(/\s+/);
  if (parts.length !== FIELDS.length) fail(`cron needs 6 fields (minutes hours day-of-month month day-of-week year), got ${body === '' ? 0 : parts.length}`);
  const [minutes, hours, daysOfMonth, months, daysOfWeek, years] = FIELDS.map((spec, i) => parseField(parts[i].toUpperCase(), spec));
  if ((daysOfMonth.kind === 'none') === (daysOfWeek.kind === 'none')) fail('exactly one of day-of-month and day-of-week must be ?');
  return { kind: 'cron', minutes, hours, daysOfMonth, months, daysOfWeek, years };
}

/** A value of `spec`'s field: a number in range or (month, day-of-week) a name. */
function fieldValue(token: string, spec: FieldSpec): number {
  const named = 'names' in spec ? (spec.names as readonly string[]).indexOf(token) : -1;
  const value = named >= 0 ? named + 1 : /^\d+$/.test(token) ? Number(token) : NaN;
  if (!(value >= spec.low && value <= spec.high)) fail(`${spec.label} must be ${spec.low}-${spec.high}${'names' in spec ? ` or a name (${spec.names[0]}-${spec.names[spec.names.length - 1]})` : ''}, got ${token || 'nothing'}`);
  return value;
}

/** The L, W and # forms of the day fields (each stands alone in its field). */
const CALENDAR: Readonly<Record<string, RegExp>> = {
  'day-of-month': /^(L|LW|(\d{1,2})W)$/,
  'day-of-week': /^(L|([1-7A-Z]{1,3})L|([1-7A-Z]{1,3})#([1-5]))$/,
};

/** Every value of a field, built once per field (the year field alone has 230). */
const ALL_VALUES = new Map<FieldSpec, readonly number[]>();

function parseField(text: string, spec: FieldSpec): CronField {
  if (text === '*') {
    let all = ALL_VALUES.get(spec);
    if (!all) ALL_VALUES.set(spec, (all = Object.freeze(Array.from({ length: spec.high - spec.low + 1 }, (_, i) => spec.low + i))));
    return { kind: 'any', values: all };
  }
  if (text === '?') {
    if (!(spec.label in CALENDAR)) fail(`${spec.label} cannot be ?, only day-of-month or day-of-week`);
    return { kind: 'none', values: [] };
  }
  const calendar = CALENDAR[spec.label]?.exec(text);
  if (calendar) {
    // the day in 15W, 6L or 2#1 must itself be valid
    for (const day of calendar.slice(2, 4)) if (day !== undefined) fieldValue(day, spec);
    return { kind: 'calendar', values: [], calendar: text };
  }
  const values = new Set<number>();
  for (const item of text.split(',')) {
    // `5,` (a list written with commas and spaces, `cron(5, 0, ...)`) has an empty item: name the field as written.
    if (item === '') fail(`${spec.label} has an empty item in ${text} (fields are separated by spaces, list items by commas alone)`);
    const m = /^([^/-]*)(?:-([^/]*))?(?:\/(.*))?$/.exec(item) ?? fail(`${spec.label} has a malformed item ${item}`);
    const [, first, last, step] = m;
    const from = first === '*' && last === undefined && step !== undefined ? spec.low : fieldValue(first, spec);
    const to = last !== undefined ? fieldValue(last, spec) : step !== undefined ? spec.high : from;
    if (from > to) fail(`${spec.label} range ${item} must not run backwards`);
    const by = step === undefined ? 1 : Number(step);
    if (!(/^\d+$/.test(step ?? '1') && by >= 1)) fail(`${spec.label} step must be a positive integer, got ${step}`);
    for (let v = from; v <= to; v += by) values.add(v);
  }
  return { kind: 'list', values: [...values].sort((a, b) => a - b) };
}

const RATE_UNITS: Readonly<Record<string, { unit: RateExpression['unit']; seconds: number }>> = {
  minute: { unit: 'minute', seconds: 60 },
  hour: { unit: 'hour', seconds: 3600 },
  day: { unit: 'day', seconds: 86400 },
};

function parseRate(body: string): RateExpression {
  const m = /^(\d+)\s+(minute|hour|day)s?$/.exec(body) ?? fail(`rate must be rate(value unit) with unit minute(s), hour(s) or day(s), got rate(${body})`);
  const value = Number(m[1]);
  if (value < 1) fail(`rate value must be a positive integer, got ${m[1]}`);
  const { unit, seconds } = RATE_UNITS[m[2]];
  return { kind: 'rate', value, unit, seconds: value * seconds };
}

function parseAt(body: string): AtExpression {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body) ?? fail(`at must be at(yyyy-mm-ddThh:mm:ss), got at(${body})`);
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59)) fail(`at(${body}) is not a valid date and time`);
  return { kind: 'at', year, month, day, hour, minute, second };
}

const FULL_WEEK: CronField = { kind: 'any', values: [1, 2, 3, 4, 5, 6, 7] };

/** True when a field matches every value of its range (`*`, or a list of all of them). */
function isEvery(field: CronField, spec: FieldSpec): boolean {
  return field.kind === 'any' || (field.kind === 'list' && field.values.length === spec.high - spec.low + 1);
}

/**
 * When a cron fires once a day at one minute on fixed days of the week, every week of every month and
 * year (`cron(0 9 * * ? *)`, `cron(58 7 ? * MON-FRI *)`); undefined for any other expression.
 */
export function scheduleTime(expression: ScheduleExpression): ScheduleTime | undefined {
  if (expression.kind !== 'cron') return undefined;
  const { minutes, hours, daysOfMonth, months, daysOfWeek, years } = expression;
  if (minutes.values.length !== 1 || hours.values.length !== 1 || !isEvery(months, FIELD.months) || !isEvery(years, FIELD.years)) return undefined;
  // One day field is ?; the other decides: every day of the month, or a set of days of the week.
  const days = daysOfMonth.kind === 'none' ? daysOfWeek : isEvery(daysOfMonth, FIELD.daysOfMonth) ? FULL_WEEK : undefined;
  if (!days || days.kind === 'calendar') return undefined;
  return { minuteOfDay: hours.values[0] * 60 + minutes.values[0], daysOfWeek: days.values.map((d) => DAYS_OF_WEEK[d - 1]) };
}

/** The time of a recurring schedule expression given as text (see {@link scheduleTime}); undefined when it is none. */
export function scheduleTimeOf(text: string): ScheduleTime | undefined {
  const parsed = parseSchedule(text);
  return parsed.ok ? scheduleTime(parsed.expression) : undefined;
}

/** True when the action fires every day of the week. */
export function isDaily(time: ScheduleTime): boolean {
  return time.daysOfWeek.length === DAYS_OF_WEEK.length;
}

/**
 * The same action `minutes` later (earlier when negative), wrapping past midnight onto the next (or
 * previous) day: 00:00 MON-FRI moved back 2 minutes is 23:58 SUN-THU.
 */
export function shiftScheduleTime(time: ScheduleTime, minutes: number): ScheduleTime {
  if (!Number.isInteger(minutes)) throw new RangeError(`minutes must be an integer, got ${minutes}`);
  const total = time.minuteOfDay + minutes;
  const dayShift = Math.floor(total / MINUTES_PER_DAY);
  const shifted = new Set(time.daysOfWeek.map((d) => DAYS_OF_WEEK[(((DAYS_OF_WEEK.indexOf(d) + dayShift) % 7) + 7) % 7]));
  return { minuteOfDay: ((total % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY, daysOfWeek: DAYS_OF_WEEK.filter((d) => shifted.has(d)) };
}

/** Day-of-week field text: runs of consecutive days as ranges (`MON-FRI`), the rest as a list (`SUN,SAT`). */
export function daysOfWeekField(days: readonly DayOfWeek[]): string {
  const ordered = DAYS_OF_WEEK.map((d, i) => (days.includes(d) ? i : -1)).filter((i) => i >= 0);
  const runs: number[][] = [];
  for (const i of ordered) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1] === i - 1) run.push(i);
    else runs.push([i]);
  }
  return runs.map((r) => (r.length === 1 ? DAYS_OF_WEEK[r[0]] : `${DAYS_OF_WEEK[r[0]]}-${DAYS_OF_WEEK[r[r.length - 1]]}`)).join(',');
}

/**
 * The cron expression of a recurring action: `cron(M H * * ? *)` every day, `cron(M H ? * MON-FRI *)`
 * on some days. `scheduleTimeOf(cronExpression(t))` gives `t` back.
 */
export function cronExpression(time: ScheduleTime): string {
  const { minuteOfDay, daysOfWeek } = time;
  if (!(Number.isInteger(minuteOfDay) && minuteOfDay >= 0 && minuteOfDay < MINUTES_PER_DAY)) throw new RangeError(`minuteOfDay must be an integer in 0-1439, got ${minuteOfDay}`);
  if (daysOfWeek.length === 0) throw new RangeError('daysOfWeek must name at least one day, got none');
  const clock = `${minuteOfDay % 60} ${Math.floor(minuteOfDay / 60)}`;
  return isDaily(time) ? `cron(${clock} * * ? *)` : `cron(${clock} ? * ${daysOfWeekField(daysOfWeek)} *)`;
}

/** The schedule fields of a plan's scheduled action: the cron written to the plan, and its time as data. */
export function actionSchedule(time: ScheduleTime): { readonly cron: string; readonly when: ScheduleTime } {
  return { cron: cronExpression(time), when: time };
}

/** Every day of the week at `minuteOfDay`. */
export function everyDayAt(minuteOfDay: number): ScheduleTime {
  return { minuteOfDay, daysOfWeek: DAYS_OF_WEEK };
}

/**
 * Cron expression of Application Auto Scaling for a daily action at `hour`:00, or `leadMinutes` before it
 * (wrapping past midnight): `hourlyCron(9) === 'cron(0 9 * * ? *)'`, `hourlyCron(0, 2) === 'cron(58 23 * * ? *)'`.
 */
export function hourlyCron(hour: number, leadMinutes = 0): string {
  return hourlyAction(hour, leadMinutes).cron;
}

/** The schedule fields (cron and time) of a daily action at `hour`:00, or `leadMinutes` before it (see {@link hourlyCron}). */
export function hourlyAction(hour: number, leadMinutes = 0): { readonly cron: string; readonly when: ScheduleTime } {
  if (!(Number.isInteger(hour) && hour >= 0 && hour < 24)) throw new RangeError(`hour must be an integer in 0-23, got ${hour}`);
  if (!(Number.isInteger(leadMinutes) && leadMinutes >= 0 && leadMinutes < 60)) throw new RangeError(`leadMinutes must be an integer in 0-59, got ${leadMinutes}`);
  return actionSchedule(shiftScheduleTime(everyDayAt(hour * 60), -leadMinutes));
}

/**
 * A key under which equivalent expressions are equal (`cron(0 9 * * ? *)` and `cron(0 9 ? * * *)`, day
 * names and numbers, blanks); a malformed expression is its own key.
 */
export function scheduleKey(text: string): string {
  const parsed = parseSchedule(text);
  if (!parsed.ok) return text;
  const e = parsed.expression;
  if (e.kind !== 'cron') return JSON.stringify(e);
  const time = scheduleTime(e);
  if (time) return `cron ${time.minuteOfDay} ${time.daysOfWeek.join(',')}`;
  const field = (f: CronField, spec: FieldSpec) => (f.kind === 'calendar' ? f.calendar : f.kind === 'none' ? '?' : isEvery(f, spec) ? '*' : f.values.join(','));
  const fields = FIELDS.map((spec) => field(e[spec.key], spec));
  // every day of the month or every day of the week: the same days
  if ((fields[2] === '*' && fields[4] === '?') || (fields[2] === '?' && fields[4] === '*')) [fields[2], fields[4]] = ['*', '?'];
  return `cron ${fields.join(' ')}`;
}
