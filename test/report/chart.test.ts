/**
 * Charts: rendered by Vega-Lite → Vega server-side; SVG with titles, units and legends; self-contained
 * HTML; PNG through resvg.
 */
import { isInputError } from '../../lib/errors';
import { DAYS_OF_WEEK, actionSchedule, shiftScheduleTime, type DayOfWeek } from '../../lib/model';
import { chartFormatFor, renderPlanChart, renderSimulationChart } from '../../lib/report/chart';
import { buildPlanChartSpec, weekGrid } from '../../lib/report/chart-specs';
import { simulate } from '../../lib/simulate';
import { constantTraffic, fn, planFor, staticProvisioned, stepsTraffic, workload } from '../simulate/fixtures';

const w = workload([
  fn({ name: 'api', traffic: stepsTraffic([{ atSeconds: 0, rps: 20 }, { atSeconds: 30, rps: 400 }]), durationMs: { avg: 500, p99: 1500 }, initDurationMs: 300 }),
  fn({ name: 'worker', invocation: 'sqs', traffic: constantTraffic(200), durationMs: { avg: 2000, p99: 4000 }, sqs: { fifo: false, maxQueueAgeSeconds: 60, batchSize: 10 } }),
]);
const plan = planFor(w, { api: { reservedConcurrency: 150, provisioned: staticProvisioned(20) }, worker: { reservedConcurrency: 50, sqs: { maxConcurrency: 20 } } });
const result = simulate(w, plan, { durationSeconds: 120 });

describe('simulation chart', () => {
  test('SVG has the title, axis units, panel titles and legend entries', async () => {
    const svg = (await renderSimulationChart(result, 'svg')) as string;
    expect(svg.startsWith('<svg')).toBe(true);
    for (const text of ['Lambda scaling simulation', 'Concurrency vs capacity', 'time (s)', 'environments', 'reserved concurrency', 'provisioned concurrency', 'throttles', 'cold starts', 'SQS: age of the oldest message', 'api', 'worker']) {
      expect(svg).toContain(text);
    }
  });

  test('shows only the busiest functions and says so', async () => {
    const svg = (await renderSimulationChart(result, 'svg', { maxFunctions: 1 })) as string;
    expect(svg).toContain('1 of 2 functions shown');
  });

  test('HTML is self-contained: the Vega runtime and the spec inline, no external script', async () => {
    const html = (await renderSimulationChart(result, 'html')) as string;
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).toContain('vega-lite-spec');
    expect(html).toContain('new vega.View');
  });

  test('PNG is a PNG', async () => {
    const png = (await renderSimulationChart(result, 'png')) as Uint8Array;
    expect(Array.from(png.slice(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(png.length).toBeGreaterThan(10000);
  });
});

describe('plan chart', () => {
  test('shows hourly load, the provisioned schedule and the reserved line in the plan time zone', async () => {
    const withPc = planFor(w, { api: { reservedConcurrency: 150, provisioned: { ...staticProvisioned(20), hourly: Array.from({ length: 24 }, (_, h) => (h >= 8 && h < 20 ? 30 : 5)) } } });
    const svg = (await renderPlanChart(withPc, w, 'svg')) as string;
    for (const text of ['Lambda concurrency plan', 'hour of day (UTC)', 'offered load (busy environments)', 'provisioned (schedule)', 'reserved concurrency', 'api']) {
      expect(svg).toContain(text);
    }
  });
});

describe('plan chart of a day-of-week schedule', () => {
  const WEEKDAYS: readonly DayOfWeek[] = ['MON', 'TUE', 'WED', 'THU', 'FRI'];
  const action = (name: string, minuteOfDay: number, days: readonly DayOfWeek[], pc: number) => ({ name, ...actionSchedule(shiftScheduleTime({ minuteOfDay, daysOfWeek: days }, -2)), timezone: 'UTC', min: pc, max: pc });
  // 30 from 08:00 on weekdays, 6 from 08:00 at weekends, 2 every night from 20:00 (raised 2 minutes early)
  const weekly = {
    ...staticProvisioned(2),
    max: 30,
    schedule: [action('weekdays', 8 * 60, WEEKDAYS, 30), action('weekend', 8 * 60, ['SAT', 'SUN'], 6), { name: 'night', ...actionSchedule({ minuteOfDay: 20 * 60, daysOfWeek: DAYS_OF_WEEK }), timezone: 'UTC', min: 2, max: 2 }],
  };
  const weeklyPlan = planFor(w, { api: { reservedConcurrency: 150, provisioned: weekly } });

  test('the week grid holds the PC in force at each of the 168 hours, Monday first', () => {
    const grid = weekGrid(weekly);
    expect(grid).toHaveLength(168);
    const at = (day: string, hour: number) => grid.find((c) => c.day === day && c.hour === hour)?.value;
    expect([at('MON', 0), at('MON', 7), at('MON', 8), at('FRI', 19), at('FRI', 20), at('SAT', 8), at('SUN', 19), at('SUN', 23)]).toEqual([2, 2, 30, 30, 2, 6, 6, 2]);
    expect(grid.slice(0, 24).every((c) => c.day === 'MON')).toBe(true);
  });

  test('a weekly plan gets a 7 x 24 heat map panel under its day; a daily plan none', async () => {
    const spec = buildPlanChartSpec(weeklyPlan, w) as unknown as { vconcat: { title: { text: string }; data: { values: unknown[] }; layer: { mark: { type: string } }[] }[] };
    const week = spec.vconcat.find((p) => p.title.text === 'api: provisioned concurrency through the week');
    expect(week?.layer[0].mark.type).toBe('rect');
    expect(week?.data.values).toEqual(weekGrid(weekly));
    const daily = buildPlanChartSpec(planFor(w, { api: { reservedConcurrency: 150, provisioned: staticProvisioned(20) } }), w) as unknown as { vconcat: { title: { text: string } }[] };
    expect(daily.vconcat.map((p) => p.title.text)).toEqual(['api', 'worker']);
    const svg = (await renderPlanChart(weeklyPlan, w, 'svg')) as string;
    for (const text of ['provisioned concurrency through the week', 'SAT', 'SUN', 'MON']) expect(svg).toContain(text);
  });
});

test('chart files must be .svg, .html or .png', () => {
  expect(chartFormatFor('out/x.SVG')).toBe('svg');
  expect(chartFormatFor('x.html')).toBe('html');
  let err: unknown;
  try {
    chartFormatFor('x.pdf');
  } catch (e) {
    err = e;
  }
  expect(isInputError(err)).toBe(true);
  expect((err as Error).message).toBe('--chart x.pdf: the file must end in .svg, .html or .png');
});
