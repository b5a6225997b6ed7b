/**
 * Renders a plan as a terminal table or Markdown. One column table drives both formats.
 */
import Table from 'cli-table3';
import type { Finding } from '../findings';
import type { FunctionPlan, Plan } from '../planner/types';
import { writePlan } from '../plan-file';
import { approx, dollars } from './numbers';
import { escapeControl as esc, guardLines, safeJsonText } from './escape';

/** One column of the plan summary: header and how to print a function's cell. */
interface Column {
  readonly header: string;
  readonly cell: (f: FunctionPlan) => string;
}

/** A probability as a short percentage (`4.91%`, `3.0e-5`, `-` for none). */
export const pct = (p: number | null): string => (p === null ? '-' : p === 0 ? '0' : p < 0.0001 ? p.toExponential(1) : `${Number((p * 100).toPrecision(3))}%`);

const COLUMNS: readonly Column[] = [
  { header: 'function', cell: (f) => esc(f.name) },
  { header: 'invocation', cell: (f) => esc(f.invocation) },
  { header: 'load peak/avg', cell: (f) => `${approx(f.offeredLoad.peak)} / ${approx(f.offeredLoad.average)}` },
  { header: 'reserved', cell: (f) => String(f.reservedConcurrency) },
  {
    header: 'provisioned',
    cell: (f) => (f.provisioned ? `${f.provisioned.min}-${f.provisioned.max} ${f.provisioned.targetUtilization === null ? 'scheduled' : `@${f.provisioned.targetUtilization}`}, ${f.provisioned.schedule.length} actions` : '-'),
  },
  {
    header: 'sqs batch/window/maxConc/visibility',
    cell: (f) => (f.sqs ? `${f.sqs.batchSize} / ${f.sqs.maxBatchingWindowSeconds}s / ${f.sqs.maxConcurrency} / ${f.sqs.visibilityTimeoutSeconds}s` : '-'),
  },
  { header: 'P(throttle)', cell: (f) => pct(f.predicted.throttleProbability) },
  { header: 'P(spillover)', cell: (f) => pct(f.predicted.spilloverProbability) },
  { header: '$/month', cell: (f) => dollars(f.predicted.monthlyCostUsd.total) },
];

function accountLine(plan: Plan): string {
  const a = plan.account;
  return `Account ${esc(a.region)}: limit ${a.concurrencyLimit}, reserved ${a.reservedTotal}, unreserved ${a.unreservedRemaining} (floor ${a.unreservedFloor}), scaling model ${a.scalingModel}`;
}

function findingLine(f: Finding): string {
  return esc(`${f.severity.toUpperCase()} ${f.ruleId}${f.function ? ` [${f.function}]` : ''}: ${f.message}. Fix: ${f.fix}`);
}

/** The plan as terminal text: account line, summary table, findings, rationale, notes. */
export function renderPlanText(plan: Plan, options: { color?: boolean } = {}): string {
  const table = new Table({ head: COLUMNS.map((c) => c.header), style: { head: options.color ? ['cyan'] : [], border: options.color ? ['grey'] : [] } });
  for (const f of plan.functions) table.push(COLUMNS.map((c) => c.cell(f)));
  // The table's cells are escaped; its own colours (with `color`) are escape sequences of ours, so it is not guarded.
  const out: string[] = [''];
  if (plan.findings.length) {
    out.push('Findings:', ...plan.findings.map((f) => `  ${findingLine(f)}`), '');
  }
  for (const f of plan.functions) out.push(`${esc(f.name)}:`, ...f.rationale.map((r) => `  - ${esc(r)}`));
  for (const d of plan.databases) out.push(`database ${esc(d.name)}:`, ...d.rationale.map((r) => `  - ${esc(r)}`));
  out.push('', ...plan.notes.map((n) => `Note: ${esc(n)}`), '');
  return [guardLines(accountLine(plan)), table.toString(), guardLines(out.join('\n'))].join('\n');
}

/** A value in a Markdown table cell or list item: one line, `|` escaped. */
const mdCell = (s: string): string => esc(s).replace(/\|/g, '\\|');

/** The plan as GitHub-flavoured Markdown (for PR comments and docs). */
export function renderPlanMarkdown(plan: Plan): string {
  const out = [
    '# Lambda scaling plan',
    '',
    accountLine(plan),
    '',
    `| ${COLUMNS.map((c) => c.header).join(' | ')} |`,
    `| ${COLUMNS.map(() => '---').join(' | ')} |`,
    ...plan.functions.map((f) => `| ${COLUMNS.map((c) => mdCell(c.cell(f))).join(' | ')} |`),
    '',
  ];
  if (plan.findings.length) out.push('## Findings', '', ...plan.findings.map((f) => `- ${mdCell(findingLine(f))}`), '');
  out.push('## Rationale', '');
  for (const f of plan.functions) out.push(`### ${esc(f.name)}`, '', ...f.rationale.map((r) => `- ${esc(r)}`), '');
  for (const d of plan.databases) out.push(`### database ${esc(d.name)}`, '', ...d.rationale.map((r) => `- ${esc(r)}`), '');
  out.push(...plan.notes.map((n) => `> ${esc(n)}`), '');
  return guardLines(out.join('\n'));
}

/** The plan as JSON v1 (2-space indent, trailing newline): byte-identical for the same input. */
export function renderPlanJson(plan: Plan): string {
  return safeJsonText(writePlan(plan));
}
