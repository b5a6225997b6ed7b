/**
 * Text and JSON output of `check`.
 */
import type { TemplateCoverage } from '../rules/coverage';
import { isAcknowledged } from '../rules/acknowledge';
import { countBySeverity, type RuleFinding } from '../rules/engine';
import type { RefusedInput } from '../rules/load';
import { escapeControl as esc, guardLines, safeJson } from './escape';

const ORDER = { error: 0, warning: 1, info: 2 } as const;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Findings sorted acknowledged last, then by severity, stack and logical id (stable, so output diffs cleanly). */
export function sortFindings(findings: readonly RuleFinding[]): RuleFinding[] {
  return [...findings].sort((a, b) => Number(isAcknowledged(a)) - Number(isAcknowledged(b)) || ORDER[a.severity] - ORDER[b.severity] || a.stack.localeCompare(b.stack) || (a.logicalId ?? '').localeCompare(b.logicalId ?? '') || a.ruleId.localeCompare(b.ruleId));
}

/** Counts by severity of the findings not acknowledged, and the count of those acknowledged when there are any. */
export function findingCounts(findings: readonly RuleFinding[]): ReturnType<typeof countBySeverity> & { acknowledged?: number } {
  const acknowledged = findings.filter(isAcknowledged).length;
  return acknowledged === 0 ? countBySeverity(findings) : { ...countBySeverity(findings.filter((f) => !isAcknowledged(f))), acknowledged };
}

/** A one-line summary: `2 errors, 1 warning, 0 info in 3 stacks` (`; 1 acknowledged` when findings are). */
export function summaryLine(findings: readonly RuleFinding[], stackCount: number): string {
  const c = findingCounts(findings);
  return `${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info in ${plural(stackCount, 'stack')}${c.acknowledged ? `; ${c.acknowledged} acknowledged` : ''}`;
}

/** The lines saying why a finding is acknowledged (none when it is not). */
export function acknowledgementLines(f: RuleFinding): string[] {
  // The reason and where it is written come from the template or the configuration file.
  return (f.acknowledgements ?? []).map((a) => esc(`acknowledged: ${a.reason} (${a.source})`));
}

/**
 * Where a finding is: stack/logicalId, the SAM property and generated id when the SAM expansion made the resource,
 * and the template file when another file makes a stack of the same name (a hundred `template.yaml` files).
 */
function location(f: RuleFinding, shared: ReadonlySet<string>): string {
  const generated = f.generated ? ` ${f.generated.from} (${f.generated.logicalId})` : '';
  const file = f.templateFile !== undefined && shared.has(f.stack) ? ` in ${f.templateFile}` : '';
  return esc(`${f.stack}/${f.logicalId ?? ''}${generated}${f.path ? ` (${f.path})` : ''}${file}`);
}

/** Stack names that more than one template file has (coverage and findings both say which file a stack is from). */
function sharedStackNames(findings: readonly RuleFinding[], coverage: readonly TemplateCoverage[]): Set<string> {
  const files = new Map<string, Set<string>>();
  for (const { stack, templateFile } of [...coverage, ...findings]) {
    if (templateFile !== undefined) files.set(stack, (files.get(stack) ?? new Set()).add(templateFile));
  }
  return new Set([...files].filter(([, of]) => of.size > 1).map(([stack]) => stack));
}

/** `file:line: reason` of a refused input. */
export function refusedLocation(r: RefusedInput): string {
  return `${r.file}${r.line !== undefined ? `:${r.line}` : ''}`;
}

/** What the rules saw in one template: `3 functions, 2 event source mappings, 2 queues, 0 scalable targets of 12 resources`. */
export function coverageCounts(c: TemplateCoverage): string {
  const counts = `${plural(c.functions, 'function')}, ${plural(c.mappings, 'event source mapping')}, ${plural(c.queues, 'queue')}, ${plural(c.scalableTargets, 'scalable target')} of ${plural(c.resources, 'resource')}`;
  return c.functions + c.mappings + c.queues + c.scalableTargets === 0 ? `${counts}: nothing the rules apply to` : counts;
}

/** What the rules could not look into in one template, or an empty string. */
export function coverageGaps(c: TemplateCoverage): string {
  return c.unchecked.map((u) => esc(`${u.what}${u.count > 1 ? ` ×${u.count}` : ''} (${u.reason})`)).join('; ');
}

/** One line per template: `checked template.yaml (SAM, expanded): 3 functions, ...; not checked: ...`. */
export function coverageLines(coverage: readonly TemplateCoverage[]): string[] {
  return coverage.map((c) => {
    const gaps = coverageGaps(c);
    const notDeployed = c.notDeployed ? `; not deployed (Condition false): ${esc(c.notDeployed.join(', '))}` : '';
    return `checked ${esc(c.templateFile ?? c.stack)}${c.sam ? ' (SAM, expanded)' : ''}: ${coverageCounts(c)}${notDeployed}${gaps ? `; not checked: ${gaps}` : ''}`;
  });
}

/** Human-readable report; with coverage, a line per template says what was checked; refused inputs come first, each naming file, line and why. */
export function toText(findings: readonly RuleFinding[], stackCount: number, coverage: readonly TemplateCoverage[] = [], refused: readonly RefusedInput[] = []): string {
  const shared = sharedStackNames(findings, coverage);
  const notRead = refused.map((r) => `refused ${esc(refusedLocation(r))}\n        ${esc(r.reason)}`);
  const lines = sortFindings(findings).map((f) =>
    [`${f.severity.padEnd(7)} ${f.ruleId}  ${location(f, shared)}${isAcknowledged(f) ? '  [acknowledged]' : ''}`, esc(f.message), `fix: ${esc(f.fix)}`, ...acknowledgementLines(f)].join('\n        '),
  );
  const summary = `${summaryLine(findings, stackCount)}${refused.length > 0 ? `; ${plural(refused.length, 'input')} refused (not checked)` : ''}`;
  return guardLines([...notRead, ...lines, ...coverageLines(coverage), summary, ''].join('\n'));
}

/** JSON report (`--format json`); `summary.coverage` has one entry per template; `refused` (when any) names the inputs not checked. */
export function toJsonReport(findings: readonly RuleFinding[], stackCount: number, coverage: readonly TemplateCoverage[] = [], refused: readonly RefusedInput[] = []): string {
  const summary = { ...findingCounts(findings), coverage, ...(refused.length > 0 ? { refused: refused.length } : {}) };
  const notRead = refused.length > 0 ? { refused: refused.map(({ input, file, line, reason }) => ({ input, file, ...(line !== undefined ? { line } : {}), reason })) } : {};
  return `${safeJson({ version: 1, stacks: stackCount, summary, ...notRead, findings: sortFindings(findings) }, 2)}\n`;
}
