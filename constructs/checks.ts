/**
 * `LambdaScalingChecks`: the rule catalog as a CDK policy validation plugin (the stable
 * `IPolicyValidationPlugin` API): `Validations.of(app).addPlugins(new LambdaScalingChecks())`.
 */
import { PACKAGE_VERSION } from '../lib/version';
import { basename, dirname, resolve, sep } from 'path';
import { Stack, Stage, type IPolicyValidationContext, type IPolicyValidationPlugin, type PolicyValidationPluginReport, type PolicyViolation } from 'aws-cdk-lib';
import { parseJsonText, readInputText, realPathOf, Root } from '../lib/files';
import {
  assemblyFiles,
  blamedResources,
  checkTemplates,
  environmentInText,
  environmentName,
  isAcknowledged,
  LoadRun,
  loadCloudAssembly,
  resolveOptions,
  withNestedStacks,
  type AcknowledgementLookup,
  type AssemblyFiles,
  type CheckOptions,
  type LoadContext,
  type RuleFinding,
  type StackTemplate,
} from '../lib/rules';
import { constructAcknowledgements, LAMBDA_SCALING_PLUGIN_NAME } from './private/acknowledgements';

export { LAMBDA_SCALING_PLUGIN_NAME } from './private/acknowledgements';

const VERSION: string = PACKAGE_VERSION;
/** The first aws-cdk-lib whose validation context has `appConstruct` (the peer range's floor). */
const MIN_AWS_CDK_LIB = '2.258.0';

/** Options of {@link LambdaScalingChecks}: the rule engine's options (account limit, floor, disabled rules, ...). */
export type LambdaScalingChecksProps = CheckOptions;

/**
 * Runs the Lambda scaling rules on every stack of the app at synth time.
 *
 * Errors fail the synth; warnings and info findings are reported. Acknowledge a finding with
 * `Validations.of(scope).acknowledge({ id: 'LambdaScaling::<RuleId>', reason })` on the resource or any
 * of its parents. The plugin only reads the templates, so it runs beside cdk-nag and other plugins.
 */
export class LambdaScalingChecks implements IPolicyValidationPlugin {
  public readonly name = LAMBDA_SCALING_PLUGIN_NAME;
  public readonly version = VERSION;
  /** The rules this instance runs (the catalog without `disabledRules`). */
  public readonly ruleIds: string[];
  /** Findings of the last `validate()` call, acknowledged ones marked (for tests and tooling). */
  public lastFindings: ReadonlyArray<RuleFinding & { readonly acknowledged: boolean }> = [];
  private readonly options: CheckOptions;

  constructor(props: LambdaScalingChecksProps = {}) {
    // validate eagerly: bad options fail at construction with the field named
    this.ruleIds = resolveOptions(props).rules.map((r) => r.id);
    this.options = props;
  }

  /** Called by the CDK framework after synthesis. */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    // aws-cdk-lib before 2.258 passes no app (and does not apply acknowledgements): refuse, naming the floor,
    // rather than fail on the first finding (the peer range excludes those releases; --legacy-peer-deps does not).
    if ((context as Partial<IPolicyValidationContext>).appConstruct === undefined) {
      throw new Error(`${LAMBDA_SCALING_PLUGIN_NAME} needs aws-cdk-lib ${MIN_AWS_CDK_LIB} or later (the validation context has no appConstruct); upgrade aws-cdk-lib`);
    }
    const stacks = stacksOf(context);
    // Acknowledgements only matter for findings: the construct tree is walked on the first finding.
    const constructs = constructAcknowledgements(context.appConstruct);
    const findings = checkTemplates(stacks, this.options, [constructs]);
    this.lastFindings = findings.map((f) => ({ ...f, acknowledged: isAcknowledged(f) }));
    // The framework removes acknowledged violations itself (and re-derives success); deciding success here too
    // keeps acknowledgements working if it ever does not.
    const success = !this.lastFindings.some((f) => f.severity === 'error' && !f.acknowledged);
    const environments = [...new Set(stacks.map((s) => environmentName(s.account, s.region)))].sort();
    const violations = findings.map((f) => toViolation(f, constructs));
    // The framework lists a plugin only when it reports something: a clean run says what was checked.
    if (violations.length === 0) violations.push(summary(this.ruleIds.length, stacks.length, environments));
    return {
      success,
      violations,
      pluginVersion: VERSION,
      metadata: { rules: String(this.ruleIds.length), stacks: String(stacks.length), environments: environments.join(', ') },
    };
  }
}


/**
 * The stacks to check with their environments: `stackTemplates` (aws-cdk-lib 2.262 and later), else each
 * of `templatePaths` with its environment from the cloud assembly manifest beside it (earlier releases
 * give one account and region only when all stacks share them).
 */
function stacksOf(context: IPolicyValidationContext): StackTemplate[] {
  const { stackTemplates } = context as Partial<IPolicyValidationContext>;
  // Every file read must be inside the assembly's output folder; each is read once per validation.
  const load: LoadContext = { run: new LoadRun(), root: new Root(outdirOf(context)) };
  // The framework passes the stacks only: their nested stacks' templates are found in the assembly beside them.
  const assemblies = new Map<string, AssemblyFiles>();
  const filesOf = (dir: string): AssemblyFiles => {
    const known = assemblies.get(dir);
    if (known) return known;
    const files = assemblyFiles(dir, load);
    assemblies.set(dir, files);
    return files;
  };
  if (stackTemplates) {
    return stackTemplates.flatMap((s) =>
      withNestedStacks(
        { stackName: s.stackConstructPath, template: readTemplate(s.templatePath, load), templateFile: s.templatePath, account: s.accountId, region: s.region },
        () => filesOf(dirname(s.templatePath)),
        new Set([realPathOf(s.templatePath)]),
      ),
    );
  }
  // Contexts without stackTemplates (aws-cdk-lib 2.258-2.261): environments from the assemblies' manifests,
  // names as stackTemplates gives them (the stack's construct path, `Prod/Api`, not its CloudFormation name).
  const byFile = new Map<string, StackTemplate>();
  for (const dir of new Set(context.templatePaths.map((p) => dirname(p)))) {
    for (const stack of loadCloudAssembly(dir, dir, load)) byFile.set(resolve(stack.templateFile ?? ''), stack);
  }
  const constructPathOf = new Map(context.appConstruct.node.findAll().filter((c): c is Stack => Stack.isStack(c) && !c.nested).map((s) => [s.templateFile, s.node.path]));
  return context.templatePaths.flatMap((p) => {
    const loaded = byFile.get(resolve(p)) ?? { stackName: basename(p).replace(/\.template\.json$/, ''), template: readTemplate(p, load), templateFile: p };
    const stack = { ...loaded, stackName: constructPathOf.get(basename(p)) ?? loaded.stackName };
    return withNestedStacks(stack, () => filesOf(dirname(p)), new Set([realPathOf(p)]));
  });
}

/** The app's output folder (the root of every file the plugin reads); the templates' common folder when the app is not a Stage. */
function outdirOf(context: IPolicyValidationContext): string {
  if (Stage.isStage(context.appConstruct)) return context.appConstruct.outdir;
  const dirs = context.templatePaths.map((p) => dirname(resolve(p)));
  let common = dirs[0] ?? process.cwd();
  for (const dir of dirs) while (dir !== common && !dir.startsWith(common + sep) && dirname(common) !== common) common = dirname(common);
  return common;
}

/** A synthesized template (CDK writes them as JSON, each key once), parsed; it must be inside the output folder. */
function readTemplate(path: string, load: LoadContext): unknown {
  return parseJsonText(readInputText(load.root.confine(path, `${path}: the template of a stack`), 'template', path), path);
}

/**
 * One violation per finding, on one resource, so the report prints each finding once: the first resource the
 * constructs' acknowledgements do not cover (the framework then keeps it), or the finding's own when they cover
 * all (the framework then lists it as acknowledged). A finding acknowledged in a template's Metadata or the
 * options, which the framework does not know of, is reported as info with its acknowledgement in the metadata.
 * The other resources are named in the metadata.
 */
function toViolation(f: RuleFinding, constructs: AcknowledgementLookup): PolicyViolation {
  const resources = blamedResources(f);
  const uncovered = resources.find((r) => constructs(f.ruleId, r) === undefined);
  const shown = uncovered ?? resources[0];
  const others = resources.filter((r) => r !== shown).map((r) => r.path ?? `${r.stack}/${r.logicalId}`);
  const acknowledgedHere = isAcknowledged(f) && uncovered !== undefined;
  return {
    ruleName: f.ruleId,
    description: f.message,
    fix: f.fix,
    severity: acknowledgedHere ? 'info' : f.severity,
    violatingResources: shown ? [{ resourceLogicalId: shown.logicalId, templatePath: shown.templateFile, locations: ['Properties'] }] : [{ templatePath: f.templateFile, locations: [] }],
    ruleMetadata: {
      stack: f.stack,
      environment: f.environment,
      ...(f.value !== undefined ? { value: JSON.stringify(f.value) } : {}),
      ...(others.length > 0 ? { alsoAffected: others.join(', ') } : {}),
      ...(acknowledgedHere ? { severity: f.severity, acknowledged: (f.acknowledgements ?? []).map((a) => `${a.reason} (${a.source})`).join('; ') } : {}),
    },
  };
}

/** What a run without findings reports: no resource, so it is listed in the JSON report and printed nowhere. */
function summary(rules: number, stacks: number, environments: readonly string[]): PolicyViolation {
  return {
    ruleName: 'Summary',
    description: `${rules} rules checked ${stacks} stack(s) in ${environments.map(environmentInText).join(', ') || 'no environment'}: no findings`,
    severity: 'info',
    violatingResources: [],
  };
}
