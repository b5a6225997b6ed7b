/**
 * The one rule engine: templates in, findings out. The `check` command, the `LambdaScalingChecks` validation
 * plugin and the jest helper all call {@link checkTemplates}.
 */
import { InputError } from '../errors';
import type { Finding, Severity } from '../findings';
import { DEFAULTS, defaultUnreservedFloor } from '../model';
import { label, RULES } from './catalog';
import { buildGraph, type StackTemplate, type TemplateGraph } from './graph';
import type { Outcome, Rule, RuleContext, Subjects } from './rule';
import { fillText, RULE_IDS, RULE_TEXT, TEMPLATE_NOTICE_ID, TEMPLATE_NOTICE_TEXT, UNRESOLVABLE_TEXT, type RuleId } from '../findings/text';
import type { Resource } from './values';

/** Options of a check run (all optional). */
export interface CheckOptions {
  /**
   * Account concurrency limit per region.
   * @default 1000 (the AWS default)
   */
  readonly concurrencyLimit?: number;
  /**
   * Concurrency that must stay unreserved.
   * @default min(100, concurrencyLimit)
   */
  readonly unreservedFloor?: number;
  /** Rule ids not to run. */
  readonly disabledRules?: readonly string[];
  /** Severity per rule id, replacing the default. */
  readonly severityOverrides?: Readonly<Record<string, Severity>>;
  /**
   * Headroom kept free in each RDS Proxy pool.
   * @default 0.3
   */
  readonly proxyHeadroom?: number;
  /**
   * Connections other clients hold on each proxy.
   * @default 0
   */
  readonly proxyOtherClients?: number;
  /**
   * Connections each function environment holds.
   * @default 1
   */
  readonly connectionsPerEnvironment?: number;
}

/** A rule finding: the shared {@link Finding} plus where it is in the templates. */
export interface RuleFinding extends Finding {
  readonly ruleId: RuleId | typeof TEMPLATE_NOTICE_ID;
  readonly stack: string;
  /** Template file, when the template came from a file. */
  readonly templateFile?: string;
  /** The stack's environment as CDK names it (`aws://account/region`), or `environment-agnostic`. */
  readonly environment: string;
  /** Other resources that share the blame. */
  readonly related?: ReadonlyArray<{ readonly stack: string; readonly logicalId: string; readonly path?: string; readonly templateFile?: string }>;
}

/** Checks options and fills defaults; throws {@link InputError} for misuse. */
export function resolveOptions(options: CheckOptions = {}): RuleContext & { readonly rules: readonly Rule[]; readonly severity: (rule: Rule) => Severity } {
  const problems: string[] = [];
  const int = (name: string, v: number | undefined, min: number): void => {
    if (v !== undefined && (!Number.isInteger(v) || v < min)) problems.push(`${name} must be an integer ≥ ${min}, got ${v}`);
  };
  int('concurrencyLimit', options.concurrencyLimit, 1);
  int('unreservedFloor', options.unreservedFloor, 0);
  int('proxyOtherClients', options.proxyOtherClients, 0);
  int('connectionsPerEnvironment', options.connectionsPerEnvironment, 1);
  if (options.proxyHeadroom !== undefined && !(options.proxyHeadroom >= 0 && options.proxyHeadroom < 1)) problems.push(`proxyHeadroom must be in [0, 1), got ${options.proxyHeadroom}`);
  const known = new Set<string>(RULE_IDS);
  for (const id of [...(options.disabledRules ?? []), ...Object.keys(options.severityOverrides ?? {})]) {
    if (!known.has(id)) problems.push(`unknown rule ${id}; rules are ${RULE_IDS.join(', ')}`);
  }
  for (const [id, s] of Object.entries(options.severityOverrides ?? {})) {
    if (!['error', 'warning', 'info'].includes(s)) problems.push(`severity of ${id} must be error, warning or info, got ${s}`);
  }
  if (problems.length > 0) throw new InputError(problems);
  const concurrencyLimit = options.concurrencyLimit ?? DEFAULTS.concurrencyLimit;
  const disabled = new Set(options.disabledRules ?? []);
  return {
    concurrencyLimit,
    unreservedFloor: options.unreservedFloor ?? defaultUnreservedFloor(concurrencyLimit),
    proxyHeadroom: options.proxyHeadroom ?? DEFAULTS.headroom,
    proxyOtherClients: options.proxyOtherClients ?? DEFAULTS.otherClients,
    connectionsPerEnvironment: options.connectionsPerEnvironment ?? DEFAULTS.connectionsPerEnvironment,
    rules: RULES.filter((r) => !disabled.has(r.id)),
    severity: (rule) => options.severityOverrides?.[rule.id] ?? rule.severity,
  };
}

/** Runs the rule catalog on stack templates. Never throws on template content; throws InputError on bad options. */
export function checkTemplates(stacks: readonly StackTemplate[], options: CheckOptions = {}): RuleFinding[] {
  const ctx = resolveOptions(options);
  return checkGraph(buildGraph(stacks), ctx);
}

/** Runs resolved rules on a built graph. */
export function checkGraph(graph: TemplateGraph, ctx: ReturnType<typeof resolveOptions>): RuleFinding[] {
  const subjects: { readonly [K in keyof Subjects]: readonly Subjects[K][] } = {
    function: graph.functions,
    mapping: graph.mappings,
    queue: graph.queues,
    scalableTarget: graph.scalableTargets,
    proxy: graph.proxies,
    environment: graph.environments,
  };
  const findings: RuleFinding[] = graph.invalidTemplates.map(({ stack, problem }) => ({
    ruleId: TEMPLATE_NOTICE_ID,
    severity: 'info',
    message: fillText(TEMPLATE_NOTICE_TEXT.message, { entry: `template of ${stack.name}`, problem }),
    fix: TEMPLATE_NOTICE_TEXT.fix,
    stack: stack.name,
    templateFile: stack.templateFile,
    environment: stack.environment,
  }));
  for (const rule of ctx.rules) {
    for (const subject of subjects[rule.subject] as readonly never[]) {
      const result = rule.check(subject, ctx);
      if (!Array.isArray(result)) addFindings(findings, rule, ctx, result as Outcome);
      else for (const outcome of result as readonly Outcome[]) addFindings(findings, rule, ctx, outcome);
    }
  }
  return findings;
}

/** Appends the findings of one outcome (none when compliant or not applicable). */
function addFindings(findings: RuleFinding[], rule: Rule, ctx: ReturnType<typeof resolveOptions>, outcome: Outcome): void {
  if (outcome.status === 'non-compliant' || outcome.status === 'unresolvable') findings.push(...toFindings(rule, ctx.severity(rule), outcome));
}

function where(r: Resource): { stack: string; logicalId: string; path?: string; templateFile?: string } {
  return { stack: r.stack.name, logicalId: r.logicalId, path: r.path, templateFile: r.stack.templateFile };
}

function toFindings(rule: Rule, severity: Severity, outcome: Outcome): RuleFinding[] {
  if (outcome.status === 'unresolvable') {
    return [
      {
        ruleId: rule.id,
        severity: 'info',
        message: fillText(UNRESOLVABLE_TEXT.message, { rule: rule.id, resource: label(outcome.at), what: outcome.what }),
        fix: UNRESOLVABLE_TEXT.fix,
        ...where(outcome.at),
        environment: outcome.at.stack.environment,
        value: outcome.what,
      },
    ];
  }
  if (outcome.status !== 'non-compliant') return [];
  const text = RULE_TEXT[rule.id];
  return outcome.violations.map((v) => ({
    ruleId: rule.id,
    severity,
    message: fillText(text.messages[v.variant ?? 'default'] ?? text.messages.default, v.params),
    fix: fillText(text.fix, v.params),
    ...where(v.at),
    environment: v.at.stack.environment,
    value: v.value,
    ...(v.related && v.related.length > 0 ? { related: v.related.map(where) } : {}),
  }));
}

/** Counts of findings by severity. */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
