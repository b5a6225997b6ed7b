/**
 * Charts: rendered by Vega-Lite → Vega server-side; SVG with titles, units and legends; self-contained
 * HTML; PNG through resvg.
 */
import { isInputError } from '../../lib/errors';
import { chartFormatFor, renderPlanChart, renderSimulationChart } from '../../lib/report/chart';
import { buildPlanChartSpec } from '../../lib/report/chart-specs';
import { planWorkload } from '../../lib/planner';
import { weekWorkload } from '../support/week';
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

describe('plan chart by day of the week', () => {
  test('a plan by week adds a 7 x 24 map of provisioned concurrency, days Monday first', () => {
    const w = weekWorkload({ peakPerMinute: 600 });
    const plan = planWorkload(w);
    const spec = buildPlanChartSpec(plan, w) as unknown as { vconcat: { title: { text: string }; data: { values: { day?: string; hour?: number; value: number }[] } }[] };
    const week = spec.vconcat.find((p) => p.title.text === 'api: provisioned by day of the week');
    expect(week?.data.values).toHaveLength(168);
    expect(week?.data.values[5 * 24 + 13]).toEqual({ day: 'SAT', hour: 13, value: plan.functions[0].provisioned?.weekly?.[5 * 24 + 13] });
  });

  test('the SVG draws the week map beside the day panel', async () => {
    const w = weekWorkload({ peakPerMinute: 600 });
    const svg = (await renderPlanChart(planWorkload(w), w, 'svg')) as string;
    expect(svg).toContain('provisioned by day of the week');
    expect(svg).toContain('SUN');
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
