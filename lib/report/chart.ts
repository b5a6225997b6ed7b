/**
 * Charts of simulations and plans: Vega-Lite specs built here, compiled and rendered server-side by
 * Vega (headless, renderer 'none') to SVG; `.html` is a self-contained page (the Vega runtime inlined,
 * no network); `.png` is the SVG rasterized by resvg with the system's fonts.
 *
 * vega, vega-lite and @resvg/resvg-js are optional peer dependencies (about 80 packages and 40 MB that
 * a CDK app using the constructs should not carry): they are loaded on first use, and a chart asked for
 * without them stops with exit 2 and the command that installs them.
 */
import { readFileSync } from 'fs';
import { extname } from 'path';
import { InputError } from '../errors';
import { writeOutput } from '../files';
import { requireOptionalPeers } from '../optional-peers';
import type { Plan } from '../planner/types';
import type { Workload } from '../workload/types';
import type { SimulationResult } from '../simulate/types';
import { buildPlanChartSpec, buildSimulationChartSpec } from './chart-specs';
import type { TopLevelSpec } from './chart-specs';

/** Output formats of a chart, chosen by the file's extension. */
export type ChartFormat = 'svg' | 'html' | 'png';
const FORMATS: Readonly<Record<string, ChartFormat>> = { '.svg': 'svg', '.html': 'html', '.htm': 'html', '.png': 'png' };

/** Optional packages each chart format needs: vega draws, resvg rasterizes. */
export const CHART_PACKAGES: Readonly<Record<ChartFormat, readonly string[]>> = {
  svg: ['vega', 'vega-lite'],
  html: ['vega', 'vega-lite'],
  png: ['vega', 'vega-lite', '@resvg/resvg-js'],
};

/**
 * The chart format for `file`; InputError for any other extension, or when the packages that draw it
 * are not installed (checked here, so the CLI stops before a long simulation).
 */
export function chartFormatFor(file: string, option = '--chart'): ChartFormat {
  const format = FORMATS[extname(file).toLowerCase()];
  if (!format) throw new InputError(`${option} ${file}: the file must end in .svg, .html or .png`);
  requireOptionalPeers(`${option} ${file}`, CHART_PACKAGES[format]);
  return format;
}

/** Font stack of every chart: DejaVu Sans is on most Linux machines (and what resvg finds), then the usual fallbacks. */
export const CHART_FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

/** Renders a Vega-Lite spec as SVG text, HTML text or PNG bytes. */
export async function renderChart(spec: TopLevelSpec, format: ChartFormat): Promise<string | Uint8Array> {
  requireOptionalPeers(`a ${format} chart`, CHART_PACKAGES[format]);
  // CommonJS builds (vega 5 / vega-lite 5), loaded on first use: the CLI pays for them only when charting.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const vl = require('vega-lite') as typeof import('vega-lite');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const vega = require('vega') as typeof import('vega');
  const vgSpec = vl.compile(spec).spec;
  if (format === 'html') return htmlPage(spec, vgSpec);
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  if (format === 'svg') return svg;
  return svgToPng(svg);
}

/** Rasterizes SVG with resvg, at twice the size for readability, using the system's fonts. */
export function svgToPng(svg: string): Uint8Array {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Resvg } = require('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  const resvg = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: 2 },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

function htmlPage(spec: TopLevelSpec, vgSpec: unknown): string {
  const vegaJs = readFileSync(require.resolve('vega/build/vega.min.js'), 'utf8').replace(/<\/script/gi, '<\\/script');
  const title = typeof spec.title === 'string' ? spec.title : ((spec.title as { text?: string } | undefined)?.text ?? 'chart');
  const json = (x: unknown) => JSON.stringify(x).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(String(title))}</title>
<style>body { font-family: ${CHART_FONT}; margin: 16px; }</style>
</head>
<body>
<div id="chart"></div>
<script type="application/json" id="vega-lite-spec">${json(spec)}</script>
<script>${vegaJs}</script>
<script>
const spec = ${json(vgSpec)};
new vega.View(vega.parse(spec), { renderer: 'svg', container: '#chart', hover: true }).runAsync();
</script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}

/** Options of the simulation chart. */
export interface SimulationChartOptions {
  /** Most functions drawn (the busiest by invocations). @default 6 */
  readonly maxFunctions?: number;
}

/**
 * Chart of a simulation: per function, concurrency against capacity (reserved, provisioned),
 * throttles and cold starts, and for SQS the age of the oldest message.
 */
export function renderSimulationChart(result: SimulationResult, format: ChartFormat, options: SimulationChartOptions = {}): Promise<string | Uint8Array> {
  return renderChart(buildSimulationChartSpec(result, options.maxFunctions ?? 6), format);
}

/** Chart of a plan: per function, hourly offered load, the provisioned schedule and the reserved line. */
export function renderPlanChart(plan: Plan, workload: Workload, format: ChartFormat = 'svg'): Promise<string | Uint8Array> {
  return renderChart(buildPlanChartSpec(plan, workload), format);
}

/** Renders a chart in the format `file`'s extension names and writes it (relative to `cwd`); returns the absolute path. */
async function writeChart(spec: TopLevelSpec, file: string, cwd: string): Promise<string> {
  const format = chartFormatFor(file);
  return writeOutput(file, await renderChart(spec, format), cwd);
}

/** Writes the plan chart to `file` (.svg, .html or .png); returns the absolute path. */
export function writePlanChart(plan: Plan, workload: Workload, file: string, cwd: string): Promise<string> {
  chartFormatFor(file);
  return writeChart(buildPlanChartSpec(plan, workload), file, cwd);
}

/** Writes the simulation chart to `file` (.svg, .html or .png); returns the absolute path. */
export function writeSimulationChart(result: SimulationResult, file: string, cwd: string, options: SimulationChartOptions = {}): Promise<string> {
  chartFormatFor(file);
  return writeChart(buildSimulationChartSpec(result, options.maxFunctions ?? 6), file, cwd);
}
