/**
 * Vega-Lite specs of the simulation and plan charts (pure data in, spec out; rendering is in chart.ts).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Plan } from '../planner/types';
import type { SimulationResult, FunctionSeries } from '../simulate/types';
import type { Workload } from '../workload/types';

export type { TopLevelSpec };

const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

/** Every series a chart can draw: its legend label, colour and dash, in legend order. */
const SERIES_STYLE = {
  busy: { label: 'executing (max per interval)', color: '#1f77b4', dash: [] as number[] },
  warm: { label: 'initialized (warm + provisioned)', color: '#9ecae1', dash: [] as number[] },
  provisioned: { label: 'provisioned concurrency', color: '#2ca02c', dash: [] as number[] },
  reserved: { label: 'reserved concurrency', color: '#d62728', dash: [6, 4] },
  throttles: { label: 'throttles', color: '#ff7f0e', dash: [] as number[] },
  coldStarts: { label: 'cold starts', color: '#9467bd', dash: [] as number[] },
  oldestAgeSeconds: { label: 'oldest message age (s)', color: '#8c564b', dash: [] as number[] },
  queueDepth: { label: 'visible messages', color: '#7f7f7f', dash: [4, 3] },
  load: { label: 'offered load (busy environments)', color: '#9ecae1', dash: [] as number[] },
  scheduled: { label: 'provisioned (schedule)', color: '#2ca02c', dash: [] as number[] },
  scheduledMax: { label: 'provisioned max (target tracking)', color: '#2ca02c', dash: [3, 3] },
} as const;
type SeriesKey = keyof typeof SERIES_STYLE;

function colorScale(keys: readonly SeriesKey[]) {
  return { domain: keys.map((k) => SERIES_STYLE[k].label), range: keys.map((k) => SERIES_STYLE[k].color) };
}

function dashScale(keys: readonly SeriesKey[]) {
  return { domain: keys.map((k) => SERIES_STYLE[k].label), range: keys.map((k) => SERIES_STYLE[k].dash) };
}

const CONFIG = {
  font: FONT,
  title: { fontSize: 15, subtitleFontSize: 12, anchor: 'start' as const, subtitleColor: '#444' },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: '#e8e8e8' },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'right' as const, labelLimit: 400 },
  view: { stroke: '#ccc' },
};

/** The time unit for a run: seconds up to 15 minutes, minutes up to 6 hours, then hours. */
function timeUnit(durationSeconds: number): { divisor: number; label: string } {
  if (durationSeconds <= 900) return { divisor: 1, label: 's' };
  if (durationSeconds <= 6 * 3600) return { divisor: 60, label: 'min' };
  return { divisor: 3600, label: 'h' };
}

function intervalName(seconds: number): string {
  if (seconds === 1) return 'second';
  if (seconds === 60) return 'minute';
  return `${seconds} s`;
}

interface Row {
  readonly time: number;
  readonly series: string;
  readonly value: number;
}

function rowsOf(series: FunctionSeries, keys: readonly (keyof FunctionSeries & SeriesKey)[], toTime: (i: number) => number): Row[] {
  const rows: Row[] = [];
  const n = series.arrivals.length;
  for (const key of keys) {
    const col = series[key];
    for (let i = 0; i < n; i++) rows.push({ time: toTime(i), series: SERIES_STYLE[key].label, value: col[i] });
  }
  return rows;
}

function lineLayer(keys: readonly SeriesKey[], yTitle: string, xTitle: string, xMax: number, width: number, height: number, title: string, rows: Row[]) {
  return {
    title: { text: title, fontSize: 12, fontWeight: 'normal' as const },
    width,
    height,
    data: { values: rows },
    mark: { type: 'line' as const, strokeWidth: 1.6, interpolate: 'step-after' as const },
    encoding: {
      x: { field: 'time', type: 'quantitative' as const, title: xTitle, scale: { domain: [0, xMax], nice: false } },
      y: { field: 'value', type: 'quantitative' as const, title: yTitle },
      color: { field: 'series', type: 'nominal' as const, title: null, scale: colorScale(keys), sort: keys.map((k) => SERIES_STYLE[k].label) },
      strokeDash: { field: 'series', type: 'nominal' as const, title: null, scale: dashScale(keys), sort: keys.map((k) => SERIES_STYLE[k].label) },
      tooltip: [
        { field: 'series', type: 'nominal' as const },
        { field: 'time', type: 'quantitative' as const, title: xTitle },
        { field: 'value', type: 'quantitative' as const, format: ',.0f' },
      ],
    },
  };
}

/**
 * The simulation chart: for each of the busiest `maxFunctions` functions, a panel of concurrency
 * against capacity, a panel of throttles and cold starts per interval, and for SQS the oldest message age.
 */
export function buildSimulationChartSpec(result: SimulationResult, maxFunctions: number): TopLevelSpec {
  const unit = timeUnit(result.durationSeconds);
  const toTime = (i: number) => (i * result.intervalSeconds) / unit.divisor;
  const xTitle = `time (${unit.label})`;
  const xMax = result.durationSeconds / unit.divisor;
  const ranked = [...result.series].sort((a, b) => (result.summary[b.name]?.invocations ?? 0) - (result.summary[a.name]?.invocations ?? 0));
  const shown = ranked.slice(0, maxFunctions);
  const per = intervalName(result.intervalSeconds);
  const panels = shown.map((s) => {
    const reserved = result.reserved[s.name];
    const hasPc = s.provisioned.some((p) => p > 0);
    const capKeys: SeriesKey[] = ['busy', 'warm', ...(hasPc ? (['provisioned'] as const) : []), ...(reserved !== null && reserved !== undefined ? (['reserved'] as const) : [])];
    // initialized first, so the executing line is drawn on top of it
    const capRows = rowsOf(s, ['warm', 'busy', ...(hasPc ? (['provisioned'] as const) : [])], toTime);
    if (reserved !== null && reserved !== undefined) {
      const last = toTime(s.arrivals.length);
      capRows.push({ time: 0, series: SERIES_STYLE.reserved.label, value: reserved }, { time: last, series: SERIES_STYLE.reserved.label, value: reserved });
    }
    const eventKeys: SeriesKey[] = ['throttles', 'coldStarts'];
    const charts: object[] = [
      lineLayer(capKeys, 'environments', xTitle, xMax, 640, 190, 'Concurrency vs capacity', capRows),
      lineLayer(eventKeys, `per ${per}`, xTitle, xMax, 640, 110, `Throttles and cold starts per ${per}`, rowsOf(s, ['throttles', 'coldStarts'], toTime)),
    ];
    if (s.queueDepth.some((d) => d > 0) || s.oldestAgeSeconds.some((a) => a > 0)) {
      charts.push(lineLayer(['oldestAgeSeconds'], 'seconds', xTitle, xMax, 640, 110, 'SQS: age of the oldest message', rowsOf(s, ['oldestAgeSeconds'], toTime)));
    }
    const sum = result.summary[s.name];
    return {
      title: { text: s.name, subtitle: sum ? `${fmt(sum.invocations)} invocations, ${fmt(sum.throttles)} throttles, ${fmt(sum.coldStarts)} cold starts, peak ${fmt(sum.peakConcurrency)}` : '', fontSize: 14 },
      vconcat: charts,
      resolve: { scale: { color: 'independent' as const, strokeDash: 'independent' as const }, legend: { color: 'independent' as const } },
    };
  });
  const minutes = result.durationSeconds / 60;
  const subtitle = [
    `${result.scalingModel} scaling, seed ${result.seed}, ${minutes >= 1 ? `${+minutes.toFixed(1)} minutes` : `${result.durationSeconds} s`} simulated, one point per ${per}`,
    ...(ranked.length > shown.length ? [`${shown.length} of ${ranked.length} functions shown (the busiest by invocations)`] : []),
  ];
  return topLevel('Lambda scaling simulation', subtitle, panels);
}

/** The chart around per-function panels: title, shared config, one column of panels. */
function topLevel(title: string, subtitle: string[], panels: object[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: title, subtitle },
    config: CONFIG,
    vconcat: panels,
    spacing: 28,
    // functions differ in which series they have: each panel keeps its own colours and legend
    resolve: { scale: { color: 'independent', strokeDash: 'independent' }, legend: { color: 'independent', strokeDash: 'independent' } },
  } as TopLevelSpec;
}

function fmt(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

/**
 * The plan chart: for each function (up to `maxFunctions`, the largest peak load first), the hourly
 * offered load as bars, the provisioned-concurrency schedule as steps, and the reserved line.
 */
export function buildPlanChartSpec(plan: Plan, workload: Workload, maxFunctions = 8): TopLevelSpec {
  const tz = workload.defaults.timezone;
  const ranked = [...plan.functions].sort((a, b) => b.offeredLoad.peak - a.offeredLoad.peak);
  const shown = ranked.slice(0, maxFunctions);
  const panels = shown.map((f) => {
    const keys: SeriesKey[] = ['load', ...(f.provisioned ? (['scheduled', 'scheduledMax'] as const) : []), 'reserved'];
    const rows: { hour: number; series: string; value: number }[] = [];
    f.offeredLoad.hourly.forEach((a, hour) => rows.push({ hour, series: SERIES_STYLE.load.label, value: a }));
    if (f.provisioned) {
      const maxByHour = scheduledMaxByHour(f.provisioned);
      f.provisioned.hourly.forEach((p, hour) => {
        rows.push({ hour, series: SERIES_STYLE.scheduled.label, value: p });
        rows.push({ hour, series: SERIES_STYLE.scheduledMax.label, value: maxByHour[hour] });
      });
    }
    const color = { field: 'series', type: 'nominal' as const, title: null, scale: colorScale(keys), sort: keys.map((k) => SERIES_STYLE[k].label) };
    const x = { field: 'hour', type: 'ordinal' as const, title: `hour of day (${tz})`, axis: { labelAngle: 0 } };
    const y = { field: 'value', type: 'quantitative' as const, title: 'environments' };
    const is = (k: SeriesKey) => ({ filter: { field: 'series', equal: SERIES_STYLE[k].label } });
    return {
      title: { text: f.name, subtitle: `reserved ${f.reservedConcurrency}${f.provisioned ? `, provisioned ${f.provisioned.min}–${f.provisioned.max}, ${f.provisioned.targetUtilization === null ? 'schedule only' : `target utilization ${f.provisioned.targetUtilization} (${f.provisioned.statistic})`}` : ', no provisioned concurrency'}`, fontSize: 14 },
      width: 640,
      height: 200,
      data: { values: [...rows, { hour: 0, series: SERIES_STYLE.reserved.label, value: f.reservedConcurrency }] },
      layer: [
        { transform: [is('load')], mark: { type: 'bar' as const, opacity: 0.9 }, encoding: { x, y, color, tooltip: [{ field: 'hour' }, { field: 'value', title: 'busy environments', format: ',.1f' }] } },
        ...(f.provisioned
          ? [
              { transform: [is('scheduled')], mark: { type: 'line' as const, interpolate: 'step' as const, strokeWidth: 2.2 }, encoding: { x, y, color } },
              { transform: [is('scheduledMax')], mark: { type: 'line' as const, interpolate: 'step' as const, strokeWidth: 1.2, strokeDash: [3, 3] }, encoding: { x, y, color } },
            ]
          : []),
        { transform: [is('reserved')], mark: { type: 'rule' as const, strokeDash: [6, 4], strokeWidth: 1.6 }, encoding: { y, color } },
      ],
    };
  });
  const subtitle = [
    `hourly offered load A = rps x mean duration; provisioned concurrency per hour as scheduled in ${tz}`,
    ...(ranked.length > shown.length ? [`${shown.length} of ${ranked.length} functions shown (the largest peak load)`] : []),
  ];
  return topLevel('Lambda concurrency plan', subtitle, panels);
}

/** The scalable target's max in force at each hour (from the schedule, or the plan's max all day). */
function scheduledMaxByHour(pc: NonNullable<Plan['functions'][number]['provisioned']>): number[] {
  const hours = new Array(24).fill(pc.max);
  if (pc.schedule.length === 0) return hours;
  const starts = pc.schedule
    .map((a) => ({ hour: Math.floor(a.when.minuteOfDay / 60), max: a.max }))
    .sort((a, b) => a.hour - b.hour);
  for (let h = 0; h < 24; h++) {
    const inForce = [...starts].reverse().find((s) => s.hour <= h) ?? starts[starts.length - 1];
    hours[h] = inForce.max;
  }
  return hours;
}
