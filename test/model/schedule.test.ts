/**
 * Schedule expressions as data: the one parser, the validator of the rules, the builder of the planner.
 */
import * as fc from 'fast-check';
import {
  DAYS_OF_WEEK,
  cronExpression,
  everyDayAt,
  hourlyAction,
  isDaily,
  parseSchedule,
  scheduleKey,
  scheduleKind,
  scheduleProblem,
  scheduleProblemFor,
  scheduleTimeOf,
  shiftScheduleTime,
  type DayOfWeek,
  type ScheduleTime,
} from '../../lib/model';
import { propertyOptions } from './support';

const WEEKDAYS: DayOfWeek[] = ['MON', 'TUE', 'WED', 'THU', 'FRI'];

const timeArb: fc.Arbitrary<ScheduleTime> = fc.record({
  minuteOfDay: fc.integer({ min: 0, max: 1439 }),
  daysOfWeek: fc.subarray([...DAYS_OF_WEEK], { minLength: 1 }),
});

describe('parseSchedule reads the times of recurring crons', () => {
  test.each([
    ['cron(0 9 * * ? *)', 540, [...DAYS_OF_WEEK]],
    ['cron(0 9 ? * * *)', 540, [...DAYS_OF_WEEK]],
    ['cron(58 23 1-31 * ? *)', 1438, [...DAYS_OF_WEEK]],
    ['cron(58 7 ? * MON-FRI *)', 478, WEEKDAYS],
    ['cron(58 7 ? * mon-fri *)', 478, WEEKDAYS],
    ['cron(0 0 ? * SAT,SUN *)', 0, ['SUN', 'SAT']],
    // day-of-week numbers count from Sunday = 1
    ['cron(0 0 ? * 1-5 *)', 0, ['SUN', 'MON', 'TUE', 'WED', 'THU']],
    ['cron(0 12 ? * 2/2 *)', 720, ['MON', 'WED', 'FRI']],
    ['  cron(30 6 * * ? *)  ', 390, [...DAYS_OF_WEEK]],
  ])('%s fires at minute %d on its days', (text, minuteOfDay, days) => {
    expect(scheduleTimeOf(text)).toEqual({ minuteOfDay, daysOfWeek: days });
  });

  test.each([
    ['more than once a day', 'cron(0/30 9 * * ? *)'],
    ['on some days of the month', 'cron(0 9 1,15 * ? *)'],
    ['in some months', 'cron(0 9 * JAN-MAR ? *)'],
    ['in some years', 'cron(0 9 * * ? 2030)'],
    ['on the last day of the month', 'cron(0 9 L * ? *)'],
    ['on the third Friday', 'cron(0 9 ? * 6#3 *)'],
    ['by rate', 'rate(5 minutes)'],
    ['once', 'at(2030-01-01T09:00:00)'],
  ])('a schedule %s has no weekly time', (_, text) => {
    expect(parseSchedule(text).ok).toBe(true);
    expect(scheduleTimeOf(text)).toBeUndefined();
  });

  test('fields come back as data: ranges, steps and names expanded', () => {
    const parsed = parseSchedule('cron(0,30 8-10 ? JAN,JUL * 2030-2032/2)');
    expect(parsed).toMatchObject({
      ok: true,
      expression: {
        kind: 'cron',
        minutes: { kind: 'list', values: [0, 30] },
        hours: { kind: 'list', values: [8, 9, 10] },
        daysOfMonth: { kind: 'none', values: [] },
        months: { kind: 'list', values: [1, 7] },
        daysOfWeek: { kind: 'any' },
        years: { kind: 'list', values: [2030, 2032] },
      },
    });
    expect(parseSchedule('rate(2 hours)')).toEqual({ ok: true, expression: { kind: 'rate', value: 2, unit: 'hour', seconds: 7200 } });
    expect(parseSchedule('at(2030-02-03T04:05:06)')).toEqual({ ok: true, expression: { kind: 'at', year: 2030, month: 2, day: 3, hour: 4, minute: 5, second: 6 } });
  });
});

describe('scheduleProblem validates at the boundaries of every field', () => {
  test.each([
    ['cron(59 9 * * ? *)', 'cron(60 9 * * ? *)', 'minutes must be 0-59, got 60'],
    ['cron(0 23 * * ? *)', 'cron(0 24 * * ? *)', 'hours must be 0-23, got 24'],
    ['cron(0 9 31 * ? *)', 'cron(0 9 0 * ? *)', 'day-of-month must be 1-31, got 0'],
    ['cron(0 9 * 12 ? *)', 'cron(0 9 * 13 ? *)', 'month must be 1-12 or a name (JAN-DEC), got 13'],
    ['cron(0 9 ? * 7 *)', 'cron(0 9 ? * 8 *)', 'day-of-week must be 1-7 or a name (SUN-SAT), got 8'],
    ['cron(0 9 ? * SAT *)', 'cron(0 9 ? * SUNDAY *)', 'day-of-week must be 1-7 or a name (SUN-SAT), got SUNDAY'],
    ['cron(0 9 * * ? 2199)', 'cron(0 9 * * ? 2200)', 'year must be 1970-2199, got 2200'],
    ['cron(0 9 * * ? 1970)', 'cron(0 9 * * ? 1969)', 'year must be 1970-2199, got 1969'],
    ['cron(0 9 * * ? *)', 'cron(0 9 * * *)', 'cron needs 6 fields (minutes hours day-of-month month day-of-week year), got 5'],
    ['cron(0 9 ? * * *)', 'cron(0 9 * * * *)', 'exactly one of day-of-month and day-of-week must be ?'],
    ['cron(0 9 * * ? *)', 'cron(0 9 ? * ? *)', 'exactly one of day-of-month and day-of-week must be ?'],
    ['cron(0 9 * * ? *)', 'cron(0 ? * * ? *)', 'hours cannot be ?, only day-of-month or day-of-week'],
    ['cron(0 9 ? * MON-FRI *)', 'cron(0 9 ? * FRI-MON *)', 'day-of-week range FRI-MON must not run backwards'],
    ['cron(*/1 9 * * ? *)', 'cron(*/0 9 * * ? *)', 'minutes step must be a positive integer, got 0'],
    ['cron(0 9 ? * 2#5 *)', 'cron(0 9 ? * 2#6 *)', 'day-of-week must be 1-7 or a name (SUN-SAT), got 2#6'],
    ['cron(0 9 31W * ? *)', 'cron(0 9 32W * ? *)', 'day-of-month must be 1-31, got 32'],
    ['cron(5,10 0 1 * ? *)', 'cron(5, 0, 1, *, ?, *)', 'minutes has an empty item in 5, (fields are separated by spaces, list items by commas alone)'],
    ['rate(1 minute)', 'rate(0 minutes)', 'rate value must be a positive integer, got 0'],
    ['rate(7 days)', 'rate(7 weeks)', 'rate must be rate(value unit) with unit minute(s), hour(s) or day(s), got rate(7 weeks)'],
    ['at(2028-02-29T23:59:59)', 'at(2027-02-29T23:59:59)', 'at(2027-02-29T23:59:59) is not a valid date and time'],
    ['at(2028-12-31T00:00:00)', 'at(2028-12-31T24:00:00)', 'at(2028-12-31T24:00:00) is not a valid date and time'],
    ['at(2028-12-31T00:00:00)', 'at(2028-12-31 00:00:00)', 'at must be at(yyyy-mm-ddThh:mm:ss), got at(2028-12-31 00:00:00)'],
    ['cron(0 9 * * ? *)', 'every day at 9', 'must be cron(...), rate(...) or at(...)'],
  ])('%s is valid, %s is not', (valid, invalid, problem) => {
    expect(scheduleProblem(valid)).toBeUndefined();
    expect(scheduleProblem(invalid)).toBe(problem);
  });

  test('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('cron(', 'rate(', 'at('), (body, prefix) => {
        for (const text of [body, `${prefix}${body})`]) {
          const parsed = parseSchedule(text);
          expect(parsed.ok || typeof parsed.problem === 'string').toBe(true);
        }
      }),
      propertyOptions(),
    );
  });
});

describe('cronExpression builds what the parser reads', () => {
  test('daily actions keep the form the planner has always written', () => {
    expect(cronExpression(everyDayAt(540))).toBe('cron(0 9 * * ? *)');
    expect(hourlyAction(0, 2)).toEqual({ cron: 'cron(58 23 * * ? *)', when: { minuteOfDay: 1438, daysOfWeek: [...DAYS_OF_WEEK] } });
  });

  test('days of the week become ranges and lists', () => {
    expect(cronExpression({ minuteOfDay: 478, daysOfWeek: WEEKDAYS })).toBe('cron(58 7 ? * MON-FRI *)');
    expect(cronExpression({ minuteOfDay: 0, daysOfWeek: ['SAT', 'SUN'] })).toBe('cron(0 0 ? * SUN,SAT *)');
  });

  test('refuses a time outside the day or no days', () => {
    expect(() => cronExpression({ minuteOfDay: 1440, daysOfWeek: WEEKDAYS })).toThrow('minuteOfDay must be an integer in 0-1439, got 1440');
    expect(() => cronExpression({ minuteOfDay: 0, daysOfWeek: [] })).toThrow('daysOfWeek must name at least one day, got none');
  });

  test('round trip: the parsed time of a built cron is the time it was built from', () => {
    fc.assert(
      fc.property(timeArb, (t) => {
        const text = cronExpression(t);
        expect(scheduleProblem(text)).toBeUndefined();
        expect(scheduleTimeOf(text)).toEqual(t);
      }),
      propertyOptions(),
    );
  });
});

describe('shiftScheduleTime moves the days with midnight', () => {
  test('two minutes before Monday-Friday midnight is Sunday-Thursday 23:58', () => {
    expect(shiftScheduleTime({ minuteOfDay: 0, daysOfWeek: WEEKDAYS }, -2)).toEqual({ minuteOfDay: 1438, daysOfWeek: ['SUN', 'MON', 'TUE', 'WED', 'THU'] });
  });

  test('shifting there and back is the identity; a whole day moves every day by one', () => {
    fc.assert(
      fc.property(timeArb, fc.integer({ min: -10_000, max: 10_000 }), (t, minutes) => {
        expect(shiftScheduleTime(shiftScheduleTime(t, minutes), -minutes)).toEqual(t);
        const nextDay = shiftScheduleTime(t, 1440);
        expect(nextDay.minuteOfDay).toBe(t.minuteOfDay);
        expect(nextDay.daysOfWeek.length).toBe(t.daysOfWeek.length);
        expect(isDaily(nextDay)).toBe(isDaily(t));
      }),
      propertyOptions(),
    );
  });
});

describe('scheduleKey and scheduleKind', () => {
  test('equivalent spellings share a key, different times do not', () => {
    const key = scheduleKey('cron(0 9 * * ? *)');
    for (const same of ['cron(0 9 ? * * *)', 'cron(00 09 ? * SUN-SAT *)', ' cron(0 9 1-31 * ? *) ']) expect(scheduleKey(same)).toBe(key);
    expect(scheduleKey('cron(0 10 * * ? *)')).not.toBe(key);
    expect(scheduleKey('cron(0 9 ? * MON-FRI *)')).not.toBe(key);
    expect(scheduleKey('cron(0/30 * * * ? *)')).toBe(scheduleKey('cron(0,30 0-23 ? * * *)'));
    expect(scheduleKey('not a schedule')).toBe('not a schedule');
  });

  test('the kind is read from the prefix, even of a malformed expression', () => {
    expect(['cron(0 9 * * ? *)', 'cron(bad)', 'rate(5 minutes)', 'at(2030-01-01T00:00:00)', 'daily'].map(scheduleKind)).toEqual(['cron', 'cron', 'rate', 'at', undefined]);
  });
});

describe('scheduleProblemFor: what each service accepts', () => {
  test.each([
    ['rate(1 minute)', undefined, undefined, undefined],
    ['rate(5 minutes)', undefined, undefined, undefined],
    ['rate(5 minute)', undefined, { problem: 'the unit must be singular for 1 and plural above: rate(5 minutes)', rejected: false }, { problem: 'the unit must be singular for 1 and plural above: rate(5 minutes)', rejected: true }],
    ['rate(1 hours)', undefined, { problem: 'the unit must be singular for 1 and plural above: rate(1 hour)', rejected: false }, { problem: 'the unit must be singular for 1 and plural above: rate(1 hour)', rejected: true }],
    ['at(2030-01-01T09:00:00)', undefined, undefined, { problem: 'EventBridge rules accept only cron(...) or rate(...)', rejected: true }],
    ['cron(0 9 * * ?)', 'cron needs 6 fields', 'cron needs 6 fields', 'cron needs 6 fields'],
  ])('%s: Application Auto Scaling %j, Scheduler %j, rules %j', (text, aas, scheduler, events) => {
    const verdict = (expected: unknown) => (typeof expected === 'string' ? { problem: expect.stringContaining(expected), rejected: true } : expected);
    expect(scheduleProblemFor(text, 'application-autoscaling')).toEqual(verdict(aas));
    expect(scheduleProblemFor(text, 'scheduler')).toEqual(verdict(scheduler));
    expect(scheduleProblemFor(text, 'events')).toEqual(verdict(events));
  });

  test('a valid rate has a unit that agrees with its value for every service, and Application Auto Scaling takes either (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom('minute', 'hour', 'day'), fc.boolean(), (value, unit, plural) => {
        const text = `rate(${value} ${unit}${plural ? 's' : ''})`;
        const agrees = plural === value > 1;
        expect(scheduleProblemFor(text, 'application-autoscaling')).toBeUndefined();
        expect(scheduleProblemFor(text, 'scheduler') === undefined).toBe(agrees);
        expect(scheduleProblemFor(text, 'events') === undefined).toBe(agrees);
        expect(scheduleProblem(text)).toBeUndefined();
      }),
      propertyOptions(),
    );
  });
});
