/**
 * SARIF 2.1.0 output of `check`: rule metadata in `tool.driver.rules` so code-scanning UIs show titles, help
 * and default levels; one result per finding with the template file and the logical id as locations. An
 * acknowledged finding carries `suppressions` (`inSource` for template Metadata and construct acknowledgements,
 * `external` for a configuration file), its reason as the justification.
 */
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Severity } from '../findings';
import { refusedLocation } from './check-text';
import { RULES } from '../rules/catalog';
import type { TemplateCoverage } from '../rules/coverage';
import type { RuleFinding } from '../rules/engine';
import type { RefusedInput } from '../rules/load';
import { DUPLICATE_KEY_ID, DUPLICATE_KEY_TEXT, RULE_TEXT, TEMPLATE_NOTICE_ID, TEMPLATE_NOTICE_TEXT } from '../findings/text';

/** SARIF level of a severity. */
const LEVEL: Readonly<Record<Severity, Result.level>> = { error: 'error', warning: 'warning', info: 'note' };

/** Where the docs of the rules live (relative links do not work in code-scanning UIs). */
const HELP_URI = 'https://www.npmjs.com/package/cdk-lambda-scaling#rules';

/** Rule metadata for `tool.driver.rules`: the catalog plus the template notice. */
export function sarifRules(): ReportingDescriptor[] {
  const catalog = RULES.map((rule): ReportingDescriptor => {
    const text = RULE_TEXT[rule.id];
    return {
      id: rule.id,
      name: rule.id,
      shortDescription: { text: text.title },
      fullDescription: { text: text.description },
      help: { text: `${text.description}\nFix: ${text.fix}`, markdown: `${text.description}\n\n**Fix:** ${text.fix}` },
      helpUri: HELP_URI,
      defaultConfiguration: { level: LEVEL[rule.severity] },
    };
  });
  return [...catalog, descriptorOf(TEMPLATE_NOTICE_ID, TEMPLATE_NOTICE_TEXT, 'info'), descriptorOf(DUPLICATE_KEY_ID, DUPLICATE_KEY_TEXT, 'error')];
}

/** The descriptor of a finding that is not a catalog rule (the template notice, a duplicate key): its title and fix. */
function descriptorOf(id: string, text: { readonly title: string; readonly fix: string }, severity: Severity): ReportingDescriptor {
  return { id, name: id, shortDescription: { text: text.title }, fullDescription: { text: text.title }, help: { text: text.fix }, defaultConfiguration: { level: LEVEL[severity] } };
}

/** Options of {@link toSarif}. */
export interface SarifOptions {
  readonly toolVersion: string;
  /** 1-based line of a logical id in a template file, when known (code scanning shows the line). */
  readonly lineOf?: (templateFile: string, logicalId: string) => number | undefined;
  /** What the run checked per template; carried as the run's `properties.coverage`. */
  readonly coverage?: readonly TemplateCoverage[];
  /**
   * Inputs that could not be checked: tool execution notifications of an unsuccessful invocation (a file the tool
   * could not read is a fact about the run, not a result about the code; the exit code 2 fails the pipeline).
   */
  readonly refused?: readonly RefusedInput[];
}

/**
 * A file's name as the relative reference SARIF's `artifactLocation.uri` must be (RFC 3986): each segment
 * percent-encoded. Written raw, a folder named `https:` made the uri of `https:/evil.example/t.json` an absolute
 * URI elsewhere, `#` and `?` cut the name short (`a#L9.json` was the file `a`), and `%2F` in a name was read as a
 * `/` (`prod%2Fstack.json` was `prod/stack.json`, another file). A lone surrogate (a manifest's `"\\ud800.json"`),
 * which has no UTF-8, is written as U+FFFD.
 */
export function artifactUri(file: string): string {
  return file.replace(LONE_SURROGATE, '\ufffd').split(/[\\/]/).map(encodeURIComponent).join('/');
}

/** A high surrogate with no low one after it, or a low one with no high one before it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The run's invocation when inputs were refused: unsuccessful, one error notification per input naming file, line and why. */
function refusedInvocation(refused: readonly RefusedInput[]): NonNullable<Log['runs'][number]['invocations']> {
  return [
    {
      executionSuccessful: false,
      toolExecutionNotifications: refused.map((r) => ({
        level: 'error',
        descriptor: { id: 'InputRefused' },
        message: { text: `${refusedLocation(r)}: ${r.reason}` },
        locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(r.file) }, ...(r.line !== undefined ? { region: { startLine: r.line } } : {}) } }],
      })),
    },
  ];
}

/** Renders findings as a SARIF 2.1.0 log. */
export function toSarif(findings: readonly RuleFinding[], options: SarifOptions): Log {
  const rules = sarifRules();
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = findings.map((f): Result => {
    const uri = f.templateFile === undefined ? undefined : artifactUri(f.templateFile);
    const line = uri && f.logicalId ? options.lineOf?.(f.templateFile as string, f.logicalId) : undefined;
    return {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId),
      level: LEVEL[f.severity],
      message: { text: `${f.message}. Fix: ${f.fix}` },
      locations: [
        {
          ...(uri ? { physicalLocation: { artifactLocation: { uri }, ...(line ? { region: { startLine: line } } : {}) } } : {}),
          logicalLocations: [{ name: f.logicalId ?? f.stack, fullyQualifiedName: f.path ?? `${f.stack}/${f.logicalId ?? ''}${f.generated ? `/${f.generated.from.split('.').join('/')}` : ''}`, kind: 'resource' }],
        },
      ],
      ...(f.acknowledgements ? { suppressions: f.acknowledgements.map((a) => ({ kind: a.kind, status: 'accepted' as const, justification: a.reason, properties: { source: a.source } })) } : {}),
      partialFingerprints: { 'cdkLambdaScaling/v1': `${f.ruleId}|${f.stack}|${f.generated?.logicalId ?? f.logicalId ?? ''}` },
      properties: { stack: f.stack, environment: f.environment, ...(f.value !== undefined ? { value: f.value } : {}), ...(f.generated ? { generated: f.generated } : {}) },
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'cdk-lambda-scaling', version: options.toolVersion, informationUri: HELP_URI, rules } },
        ...(options.refused && options.refused.length > 0 ? { invocations: refusedInvocation(options.refused) } : {}),
        results,
        ...(options.coverage ? { properties: { coverage: options.coverage } } : {}),
      },
    ],
  };
}
