/**
 * Text and JSON output of `check`.
 */
import { countBySeverity, type RuleFinding } from '../rules/engine';

const ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Findings sorted by severity, then stack and logical id (stable, so output diffs cleanly). */
export function sortFindings(findings: readonly RuleFinding[]): RuleFinding[] {
  return [...findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || a.stack.localeCompare(b.stack) || (a.logicalId ?? '').localeCompare(b.logicalId ?? '') || a.ruleId.localeCompare(b.ruleId));
}

/** A one-line summary: `2 errors, 1 warning, 0 info in 3 stacks`. */
export function summaryLine(findings: readonly RuleFinding[], stackCount: number): string {
  const c = countBySeverity(findings);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info in ${plural(stackCount, 'stack')}`;
}

/** Human-readable report. */
export function toText(findings: readonly RuleFinding[], stackCount: number): string {
  const lines = sortFindings(findings).map((f) => {
    const where = `${f.stack}/${f.logicalId ?? ''}${f.path ? ` (${f.path})` : ''}`;
    return `${f.severity.padEnd(7)} ${f.ruleId}  ${where}\n        ${f.message}\n        fix: ${f.fix}`;
  });
  return [...lines, summaryLine(findings, stackCount), ''].join('\n');
}

/** JSON report (`--format json`). */
export function toJsonReport(findings: readonly RuleFinding[], stackCount: number): string {
  return `${JSON.stringify({ version: 1, stacks: stackCount, summary: countBySeverity(findings), findings: sortFindings(findings) }, null, 2)}\n`;
}
