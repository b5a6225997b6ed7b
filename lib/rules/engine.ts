/**
 * The one rule engine: templates in, findings out. The `check` command, the `LambdaScalingChecks` validation
 * plugin and the jest helper all call {@link checkTemplates}.
 */
import { InputError } from '../errors';
import type { Finding, Severity } from '../findings';
import { DEFAULTS, defaultUnreservedFloor, LIMITS } from '../model';
import { label, RULES } from './catalog';
import { templateCoverage, type TemplateCoverage } from './coverage';
import { buildGraph, environmentName, type StackTemplate, type TemplateGraph } from './graph';
import { DEFAULTS_ASSUMED_TEXT, DUPLICATE_KEY_ID, DUPLICATE_KEY_TEXT, fillText, RULE_IDS, RULE_TEXT, TEMPLATE_NOTICE_ID, TEMPLATE_NOTICE_TEXT, UNRESOLVABLE_TEXT, type RuleId } from '../findings/text';
import { readsSqs, readsStream } from './graph';
import { defaultsReferenced } from './references';
import type { Outcome, Rule, RuleContext, Subjects, Violation } from './rule';
import { applyConditions, decidingConditions } from './conditions';
import { applyLanguageExtensions } from './language-extensions';
import { expandSam, samOriginOf } from './sam';
import { acknowledgementOptionProblems, metadataAcknowledgements, optionAcknowledgements, withAcknowledgements, type Acknowledgement, type AcknowledgementLookup, type AcknowledgementOption } from './acknowledge';
import { boundedText, plainValue, type Resolved, type Resource } from './values';

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
   * Findings accepted on purpose, by rule, reason and resource (logical id or path pattern). They stay in the
   * findings, marked `acknowledged`, as do those a resource's `Metadata` acknowledges.
   */
  readonly acknowledgements?: readonly AcknowledgementOption[];
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

/**
 * Where a resource is: its stack and logical id. For a resource the SAM expansion generated, `logicalId` is the
 * SAM resource's (what the template says) and `generated` names the generated resource and the SAM property
 * it came from (`Events.Queue`, `AutoPublishAlias`).
 */
export interface FindingLocation {
  readonly stack: string;
  readonly logicalId: string;
  readonly path?: string;
  readonly templateFile?: string;
  readonly generated?: { readonly logicalId: string; readonly from: string };
}

/** A rule finding: the shared {@link Finding} plus where it is in the templates. */
export interface RuleFinding extends Finding {
  readonly ruleId: RuleId | typeof TEMPLATE_NOTICE_ID | typeof DUPLICATE_KEY_ID;
  readonly stack: string;
  /** Template file, when the template came from a file. */
  readonly templateFile?: string;
  /** The stack's environment as CDK names it (`aws://account/region`), or `environment-agnostic`. */
  readonly environment: string;
  /** Set when the resource was generated from a SAM resource (see {@link FindingLocation}). */
  readonly generated?: FindingLocation['generated'];
  /** Other resources that share the blame. */
  readonly related?: readonly FindingLocation[];
  /** Set when every resource the finding blames is acknowledged: the acknowledgements, each once. Not counted in the exit code. */
  readonly acknowledgements?: readonly Acknowledgement[];
}

/** Findings of a check run and what it looked at. */
export interface CheckResult {
  readonly findings: RuleFinding[];
  /** One entry per stack template, in input order. */
  readonly coverage: TemplateCoverage[];
}

/** Checks options and fills defaults; throws {@link InputError} for misuse. */
export function resolveOptions(options: CheckOptions = {}): RuleContext & { readonly rules: readonly Rule[]; readonly severity: (rule: Rule, own?: Severity) => Severity } {
  const problems: string[] = [];
  const int = (name: string, v: number | undefined, min: number): void => {
    if (v !== undefined && (!Number.isInteger(v) || v < min)) problems.push(`${name} must be an integer ≥ ${min}, got ${v}`);
  };
  int('concurrencyLimit', options.concurrencyLimit, 1);
  int('unreservedFloor', options.unreservedFloor, 0);
  if (options.concurrencyLimit !== undefined && options.concurrencyLimit > LIMITS.maxAccountConcurrency) {
    problems.push(`concurrencyLimit must be <= ${LIMITS.maxAccountConcurrency}, got ${options.concurrencyLimit}`);
  }
  // A floor above the limit would leave less than nothing to reserve: every budget check would pass or fail alike.
  const limitForFloor = options.concurrencyLimit ?? DEFAULTS.concurrencyLimit;
  if (options.unreservedFloor !== undefined && options.unreservedFloor > limitForFloor) {
    problems.push(`unreservedFloor (--unreserved-floor) must be <= concurrencyLimit (--account-concurrency, ${limitForFloor}), got ${options.unreservedFloor}`);
  }
  int('proxyOtherClients', options.proxyOtherClients, 0);
  int('connectionsPerEnvironment', options.connectionsPerEnvironment, 1);
  if (options.proxyHeadroom !== undefined && !(options.proxyHeadroom >= 0 && options.proxyHeadroom < 1)) problems.push(`proxyHeadroom must be in [0, 1), got ${options.proxyHeadroom}`);
  const known = new Set<string>(RULE_IDS);
  for (const id of [...(options.disabledRules ?? []), ...Object.keys(options.severityOverrides ?? {})]) {
    if (!known.has(id)) problems.push(`unknown rule ${id}; rules are ${RULE_IDS.join(', ')}`);
  }
  problems.push(...acknowledgementOptionProblems(options.acknowledgements ?? []));
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
    // A violation may be milder than its rule (a recommendation next to a deploy failure); the user's override wins.
    severity: (rule, own = rule.severity) => options.severityOverrides?.[rule.id] ?? own,
  };
}

/**
 * Runs the rule catalog on stack templates. Throws InputError on bad options and on acknowledgements in a
 * template's `Metadata` that are not valid, never on anything else in a template.
 * @param acknowledgedElsewhere more acknowledgements (a CDK app's construct tree), matched with those of the templates and options
 */
export function checkTemplates(stacks: readonly StackTemplate[], options: CheckOptions = {}, acknowledgedElsewhere: readonly AcknowledgementLookup[] = []): RuleFinding[] {
  const { expanded, findings } = checkEveryBranch(stacks, resolveOptions(options));
  return acknowledged(findings, expanded, options, acknowledgedElsewhere);
}

/**
 * Runs the rule catalog and reports coverage. AWS SAM templates are checked as they deploy: expanded first
 * (see lib/rules/sam), their findings named by the SAM resource.
 */
export function runChecks(stacks: readonly StackTemplate[], options: CheckOptions = {}, acknowledgedElsewhere: readonly AcknowledgementLookup[] = []): CheckResult {
  const ctx = resolveOptions(options);
  const { expanded, graph, findings, notBranched } = checkEveryBranch(stacks, ctx);
  const coverage = templateCoverage(
    graph,
    expanded.map((e, i) => ({
      original: e.stack.template,
      checked: e.template,
      unfollowed: e.unfollowed,
      loopsNotUnrolled: e.loopsNotUnrolled,
      nestedStacksRead: e.stack.nestedStacksRead,
      includesNotRead: e.stack.includesNotRead,
      notDeployed: e.notDeployed,
      conditionsNotBranched: notBranched.get(i),
    })),
  );
  return { findings: [...duplicateKeyFindings(stacks), ...acknowledged(findings, expanded, options, acknowledgedElsewhere)], coverage };
}

/** An error finding for each template whose file gives a key twice (checked with the last value, as CloudFormation keeps it). */
function duplicateKeyFindings(stacks: readonly StackTemplate[]): RuleFinding[] {
  return stacks.flatMap((s): RuleFinding[] => {
    if (s.duplicateKey === undefined) return [];
    const file = s.templateFile ?? s.stackName;
    return [
      {
        ruleId: DUPLICATE_KEY_ID,
        severity: 'error',
        message: fillText(DUPLICATE_KEY_TEXT.message, { file, key: s.duplicateKey.key, line: s.duplicateKey.line }),
        fix: DUPLICATE_KEY_TEXT.fix,
        stack: s.stackName,
        templateFile: s.templateFile,
        environment: environmentName(s.account, s.region),
      },
    ];
  });
}

/** The findings with their acknowledgements: the templates' Metadata, the options', then those given. */
function acknowledged(findings: RuleFinding[], expanded: ReadonlyArray<ReturnType<typeof expandStack>>, options: CheckOptions, elsewhere: readonly AcknowledgementLookup[]): RuleFinding[] {
  // Metadata as written, before SAM expansion: a SAM resource's covers what SAM generates from it.
  const lookups = [
    metadataAcknowledgements(expanded.map((e) => ({ stackName: e.stack.stackName, templateFile: e.stack.templateFile, template: e.declared }))),
    optionAcknowledgements(options.acknowledgements ?? []),
    ...elsewhere,
  ].filter((l): l is AcknowledgementLookup => l !== undefined);
  return withAcknowledgements(findings, lookups);
}

/** One stack's template as it deploys: `AWS::LanguageExtensions` loops unrolled, known conditions applied, then SAM expanded. */
function expandStack(stack: StackTemplate, forced?: ReadonlyMap<string, boolean>) {
  const source = stack.templateFile ?? stack.stackName;
  const extended = applyLanguageExtensions(stack.template, source);
  const conditioned = applyConditions(extended.template, { account: stack.account, region: stack.region, passedParameters: stack.passedParameters?.values, source }, forced);
  const sam = expandSam(conditioned.template);
  return {
    stack,
    declared: extended.template,
    ...sam,
    expanded: sam.expanded || conditioned.template !== stack.template,
    loopsNotUnrolled: extended.unfollowed,
    notDeployed: conditioned.notDeployed,
    branching: conditioned.branching,
  };
}

/** The graph of expanded stacks (the templates that needed no change are passed as they are). */
function graphOf(expanded: ReadonlyArray<ReturnType<typeof expandStack>>): TemplateGraph {
  return buildGraph(expanded.map((e) => (e.expanded ? { ...e.stack, template: e.template } : e.stack)));
}

/**
 * Conditions only known at deploy time whose branches are checked, at most (each costs two more runs of the rules;
 * the others stay deploy-time values, named in the coverage).
 */
const MAX_BRANCHED_CONDITIONS = 8;

/** A condition whose branches were checked: the findings (as keys) of each branch. */
interface Branched {
  readonly name: string;
  readonly whenTrue: ReadonlyMap<string, RuleFinding>;
  readonly whenFalse: ReadonlyMap<string, RuleFinding>;
}

/**
 * Checks the stacks as they deploy, with each condition only known at deploy time that a resource reads checked in
 * both of its branches (one condition at a time, the others left unknown: two runs per condition, never every
 * combination). A finding that holds in one branch only names it (`when HasPc is true`); one that holds in both is
 * reported as it is; one that only came from not knowing the condition (a deploy-time value it could not check) is
 * replaced by what each branch found.
 */
function checkEveryBranch(stacks: readonly StackTemplate[], ctx: ReturnType<typeof resolveOptions>) {
  const expanded = stacks.map((s) => expandStack(s));
  const graph = graphOf(expanded);
  const findings = checkGraph(graph, ctx);
  const notBranched = new Map<number, string[]>();
  const branched: Branched[] = [];
  expanded.forEach((e, i) => {
    for (const name of e.branching) {
      if (branched.length >= MAX_BRANCHED_CONDITIONS) {
        notBranched.set(i, [...(notBranched.get(i) ?? []), name]);
        continue;
      }
      const [whenTrue, whenFalse] = [true, false].map((value) => {
        const world = expanded.slice();
        world[i] = expandStack(stacks[i], new Map([[name, value]]));
        return new Map(checkGraph(graphOf(world), ctx).map((f) => [findingKey(f), f]));
      });
      branched.push({ name, whenTrue, whenFalse });
    }
  });
  return { expanded, graph, findings: branched.length === 0 ? findings : mergeBranches(findings, branched), notBranched };
}

/**
 * A finding's identity across branches: everything but the parameter defaults it assumed, which a branch changes
 * without changing what is found (an `Fn::If` of two parameters assumes one default in each branch, both where the
 * condition is unknown).
 */
const findingKey = (f: RuleFinding): string => {
  const assumed = assumedSuffix.get(f);
  return JSON.stringify(assumed === undefined ? f : { ...f, message: f.message.slice(0, f.message.length - assumed.length) });
};

/** The "(assuming parameter defaults: ...)" suffix each finding's message ends with, when it has one. */
const assumedSuffix = new WeakMap<RuleFinding, string>();

/** The findings of every branch together, each naming the branches it holds in (see {@link checkEveryBranch}). */
function mergeBranches(findings: readonly RuleFinding[], branched: readonly Branched[]): RuleFinding[] {
  const out: RuleFinding[] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    const key = findingKey(f);
    seen.add(key);
    const when: string[] = [];
    let inSomeBranch = true;
    for (const b of branched) {
      const [t, e] = [b.whenTrue.has(key), b.whenFalse.has(key)];
      if (t !== e) when.push(`${b.name} is ${t}`);
      else if (!t) inSomeBranch = false;
    }
    // In no branch of some condition: it only said that condition was not known, and its branches said the rest.
    if (inSomeBranch) out.push(inBranches(f, when));
  }
  for (const b of branched) {
    for (const [key, f] of [...b.whenTrue, ...b.whenFalse]) {
      if (seen.has(key)) continue;
      seen.add(key);
      const [t, e] = [b.whenTrue.has(key), b.whenFalse.has(key)];
      out.push(inBranches(f, t === e ? [] : [`${b.name} is ${t}`]));
    }
  }
  return out;
}

/** `f` with the branches it holds in named at the end of its message. */
function inBranches(f: RuleFinding, when: readonly string[]): RuleFinding {
  return when.length === 0 ? f : { ...f, message: `${f.message} (when ${when.join(' and ')})` };
}

/** Runs resolved rules on a built graph. */
export function checkGraph(graph: TemplateGraph, ctx: ReturnType<typeof resolveOptions>): RuleFinding[] {
  const subjects: { readonly [K in keyof Subjects]: readonly Subjects[K][] } = {
    function: graph.functions,
    mapping: graph.mappings,
    sqsMapping: graph.mappings.filter(readsSqs),
    streamMapping: graph.mappings.filter(readsStream),
    queue: graph.queues,
    scalableTarget: graph.scalableTargets,
    schedule: graph.schedules,
    proxy: graph.proxies,
    environment: graph.environments,
    stack: graph.stacks,
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
  if (outcome.status === 'non-compliant' || outcome.status === 'unresolvable') findings.push(...toFindings(rule, ctx, outcome));
}

function where(r: Resource): FindingLocation {
  const origin = samOriginOf(r.rawProperties);
  const at = { stack: r.stack.name, logicalId: r.logicalId, path: r.path, templateFile: r.stack.templateFile };
  return origin ? { ...at, logicalId: origin.logicalId, generated: { logicalId: r.logicalId, from: origin.from } } : at;
}

function toFindings(rule: Rule, ctx: ReturnType<typeof resolveOptions>, outcome: Outcome): RuleFinding[] {
  if (outcome.status === 'unresolvable') {
    return [
      {
        ruleId: rule.id,
        severity: 'info',
        message: fillText(UNRESOLVABLE_TEXT.message, { rule: rule.id, resource: label(outcome.at), what: outcome.what }),
        fix: UNRESOLVABLE_TEXT.fix,
        ...where(outcome.at),
        environment: outcome.at.stack.environment,
        value: boundedText(outcome.what),
      },
    ];
  }
  if (outcome.status !== 'non-compliant') return [];
  const text = RULE_TEXT[rule.id];
  return outcome.violations.map((v) => {
    const assumed = assumedDefaults(v);
    const finding: RuleFinding = {
      ruleId: rule.id,
      severity: ctx.severity(rule, v.severity),
      message: fillText(text.messages[v.variant ?? 'default'] ?? text.messages.default, v.params) + assumed,
      fix: fillText((v.variant !== undefined ? text.fixes?.[v.variant] : undefined) ?? text.fix, v.params),
      ...where(v.at),
      environment: v.at.stack.environment,
      // Bounded, secret-shaped strings hidden: a rule may hand over the value as the template has it.
      value: plainValue(v.value as Resolved),
      ...(v.related && v.related.length > 0 ? { related: v.related.map(where) } : {}),
    };
    if (assumed !== '') assumedSuffix.set(finding, assumed);
    return finding;
  });
}

/** What a violation assumed of parameters with a `Default` its resources refer to, as a message suffix (empty for none). */
function assumedDefaults(v: Violation): string {
  const assumed = [...new Set([v.at, ...(v.related ?? [])].flatMap((r) => defaultsReferenced(r.stack, [r.rawProperties, ...decidingConditions(r.rawProperties)])))];
  return assumed.length === 0 ? '' : fillText(DEFAULTS_ASSUMED_TEXT, { defaults: assumed.join(', ') });
}

/** Counts of findings by severity. */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
