/**
 * Output of `replan`: per function, whether the committed plan still fits recent traffic, the
 * replayed cost and rates before (committed) and after (fresh plan), and the settings that change;
 * as text, as Markdown (a pull request body) or as JSON.
 */
import Table from 'cli-table3';
import type { Replan, ReplanFunction, ReplayedPlan } from '../simulate/replan';
import { usd } from './numbers';
import { pct } from './plan-report';

const VERDICT: Readonly<Record<ReplanFunction['verdict'], string>> = { holds: 'holds', misses: 'MISSES its targets', 'over-provisioned': 'OVER-PROVISIONED' };

const rates = (r: ReplayedPlan): string => `spillover ${pct(r.spillover)}, throttles ${pct(r.throttle)}`;

/** The summary rows: function, verdict, cost and rates before → after. */
function summaryRows(r: Replan): string[][] {
  return r.functions.map((f) => [
    f.name,
    `${VERDICT[f.verdict]}${f.before.missed.length > 0 ? ` (${f.before.missed.join(', ')})` : ''}`,
    `${usd(f.before.monthlyCostUsd)} → ${usd(f.after.monthlyCostUsd)}`,
    `${rates(f.before)} → ${rates(f.after)}`,
    f.changes.length === 0 ? 'none' : String(f.changes.length),
  ]);
}

const HEAD = ['function', 'committed plan', 'monthly cost now → fresh plan', 'replayed now → fresh plan', 'settings changed'];

function verdictLine(r: Replan): string {
  const stale = r.functions.filter((f) => f.verdict !== 'holds');
  const saving = r.functions.reduce((s, f) => s + f.savingUsd, 0);
  return stale.length === 0
    ? `The committed plan holds on the last ${r.days} day(s): no function misses its targets or costs more than ${Math.round(r.overProvisionedFraction * 100)}% above a fresh plan.`
    : `The committed plan is stale on the last ${r.days} day(s): ${stale.map((f) => `${f.name} ${f.verdict}`).join(', ')}; the fresh plan changes the monthly cost by ${usd(-saving)}.`;
}

function notes(r: Replan): string[] {
  return [
    `Both plans replayed by the simulator on the same history (seed ${r.seed}); ${r.noiseRule}; over-provisioned: replayed monthly cost above the fresh plan's by more than ${Math.round(r.overProvisionedFraction * 100)}%.`,
    ...r.skipped.map((s) => `${s.name}: ${s.reason}`),
  ];
}

/** The report as text tables. */
export function renderReplanText(r: Replan): string {
  const table = new Table({ head: HEAD, style: { head: [], border: [] } });
  for (const row of summaryRows(r)) table.push(row);
  const out = [verdictLine(r), table.toString()];
  for (const f of r.functions.filter((x) => x.changes.length > 0)) {
    const changes = new Table({ head: [`${f.name}: setting`, 'committed', 'fresh plan'], style: { head: [], border: [] } });
    for (const c of f.changes) changes.push([c.setting, c.from, c.to]);
    out.push(changes.toString());
  }
  return `${[...out, ...notes(r)].join('\n')}\n`;
}

/** Escapes a Markdown table cell. */
const cell = (s: string): string => s.replace(/\|/g, '\\|');

/** The report as a pull request body. */
export function renderReplanMarkdown(r: Replan): string {
  const lines = ['## Lambda scaling: replan', '', verdictLine(r), '', `| ${HEAD.join(' | ')} |`, `|${HEAD.map(() => ' --- ').join('|')}|`];
  for (const row of summaryRows(r)) lines.push(`| ${row.map(cell).join(' | ')} |`);
  for (const f of r.functions.filter((x) => x.changes.length > 0)) {
    lines.push('', `### ${f.name}: ${VERDICT[f.verdict]}`, '', '| setting | committed | fresh plan |', '| --- | --- | --- |');
    for (const c of f.changes) lines.push(`| \`${cell(c.setting)}\` | ${cell(c.from)} | ${cell(c.to)} |`);
  }
  lines.push('', ...notes(r).map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}

/** The report as JSON (the fresh plan and workload are written by `-o`, not repeated here). */
export function renderReplanJson(r: Replan): string {
  const { workload: _workload, plan: _plan, ...report } = r;
  return `${JSON.stringify(report, null, 2)}\n`;
}
