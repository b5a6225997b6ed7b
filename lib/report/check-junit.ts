/**
 * JUnit XML output of `check`: one test suite per rule, one failing test case per error or warning finding,
 * info and acknowledged findings as skipped cases (what could not be checked), and one passing case for a rule with no finding.
 * With coverage, a `coverage` suite has a case per template: passing, or skipped naming what was not checked.
 */
import { RULES } from '../rules/catalog';
import type { TemplateCoverage } from '../rules/coverage';
import type { RuleFinding } from '../rules/engine';
import type { RefusedInput } from '../rules/load';
import { isAcknowledged } from '../rules/acknowledge';
import { acknowledgementLines, coverageCounts, coverageGaps, refusedLocation } from './check-text';
import { escapeControl, guardLines } from './escape';

const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Escapes one value for XML attributes and content: control and bidi characters and newlines as visible
 * escapes (see {@link escapeControl}), then the XML specials; U+FFFE and U+FFFF, which XML 1.0 cannot carry, dropped.
 */
export function escapeXml(text: string): string {
  return escapeControl(text)
    .replace(/[\ufffe\uffff]/g, '')
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}

/** Several values as XML content, one per line (the line breaks are ours; each value's own are escaped). */
function xmlLines(values: readonly string[]): string {
  return values.map(escapeXml).join('\n');
}

function testCase(f: RuleFinding): string {
  const name = escapeXml(`${f.ruleId} ${f.stack}/${f.logicalId ?? ''}${f.generated ? ` ${f.generated.from}` : ''}`);
  const body = xmlLines([f.message, `Fix: ${f.fix}`, ...(f.path ? [`Path: ${f.path}`] : []), ...(f.templateFile ? [`Template: ${f.templateFile}`] : [])]);
  const inner = isAcknowledged(f)
    ? `<skipped message="${escapeXml(`${f.severity} ${acknowledgementLines(f).join('; ')}: ${f.message}`)}"/>`
    : f.severity === 'info'
      ? `<skipped message="${escapeXml(f.message)}"/>`
      : `<failure message="${escapeXml(f.message)}" type="${f.severity}">${body}</failure>`;
  return `    <testcase classname="${escapeXml(f.stack)}" name="${name}">${inner}</testcase>`;
}

/** The `coverage` suite: one case per template, with what was checked as a property. */
function coverageSuite(coverage: readonly TemplateCoverage[]): string[] {
  const cases = coverage.map((c) => {
    const gaps = coverageGaps(c);
    const name = escapeXml(c.templateFile ?? c.stack);
    const properties = `<properties><property name="checked" value="${escapeXml(coverageCounts(c))}"/><property name="sam" value="${c.sam}"/></properties>`;
    return `    <testcase classname="coverage" name="${name}">${properties}${gaps ? `<skipped message="${escapeXml(`not checked: ${gaps}`)}"/>` : ''}</testcase>`;
  });
  const skipped = coverage.filter((c) => c.unchecked.length > 0).length;
  return [`  <testsuite name="coverage" tests="${cases.length}" failures="0" errors="0" skipped="${skipped}">`, ...cases, '  </testsuite>'];
}

/** The `inputs` suite: one case in error per input refused, naming file, line and why. */
function refusedSuite(refused: readonly RefusedInput[]): string[] {
  const cases = refused.map(
    (r) => `    <testcase classname="inputs" name="${escapeXml(r.input)}"><error message="${escapeXml(`${refusedLocation(r)}: ${r.reason}`)}" type="refused">${escapeXml(r.message)}</error></testcase>`,
  );
  return [`  <testsuite name="inputs" tests="${cases.length}" failures="0" errors="${cases.length}" skipped="0">`, ...cases, '  </testsuite>'];
}

/** A failing case: an error or warning that is not acknowledged (those are skipped cases, as info findings are). */
const counted = (f: RuleFinding) => f.severity !== 'info' && !isAcknowledged(f);

/** Renders findings (and, when given, what each template's check covered and the inputs refused) as JUnit XML. */
export function toJUnit(findings: readonly RuleFinding[], coverage: readonly TemplateCoverage[] = [], refused: readonly RefusedInput[] = []): string {
  const ids = [...RULES.map((r) => r.id as string), ...new Set(findings.map((f) => f.ruleId as string))].filter((id, i, all) => all.indexOf(id) === i);
  const suites = ids.map((id) => {
    const mine = findings.filter((f) => f.ruleId === id);
    const failures = mine.filter(counted).length;
    const skipped = mine.length - failures;
    const cases = mine.length > 0 ? mine.map(testCase) : [`    <testcase classname="cdk-lambda-scaling" name="${escapeXml(id)}"/>`];
    return [`  <testsuite name="${escapeXml(id)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}">`, ...cases, '  </testsuite>'].join('\n');
  });
  if (coverage.length > 0) suites.push(coverageSuite(coverage).join('\n'));
  if (refused.length > 0) suites.unshift(refusedSuite(refused).join('\n'));
  const failures = findings.filter(counted).length;
  const tests = ids.length + findings.length - ids.filter((id) => findings.some((f) => f.ruleId === id)).length + coverage.length + refused.length;
  const errors = refused.length > 0 ? ` errors="${refused.length}"` : '';
  return guardLines(['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="cdk-lambda-scaling check" tests="${tests}" failures="${failures}"${errors}>`, ...suites, '</testsuites>', ''].join('\n'));
}
