/**
 * The check configuration file: rule severities and acknowledgements for a pipeline, read by `check` from
 * `.cdk-lambda-scaling.yaml` (or `.yml`, `.json`) in the working directory, or from `--config FILE`.
 * Its JSON Schema is `schema/check-config.schema.json`. The one in the working directory comes with the pull
 * request, so it is confined to that folder like any file a document names ({@link Root}); `--config FILE` is
 * the operator's choice. Neither is ever quoted: a file of another kind is named as such.
 */
import { lstatSync } from 'fs';
import { join } from 'path';
import { InputError } from '../errors';
import type { Severity } from '../findings';
import { readInputText, Root } from '../files';
import { parseDocumentText } from '../workload/document';
import { expectKnownKeys, expectMapping, formatPath } from '../workload/problems';
import { CHECK_CONFIG_SCHEMA } from '../workload/schemas';
import { checkDocument } from '../workload/validate';
import type { AcknowledgementOption } from './acknowledge';

/** The names `check` looks for in the working directory, in this order (a dotfile, as `.cfnlintrc.yaml` and `.checkov.yaml` are). */
export const CHECK_CONFIG_FILES = ['.cdk-lambda-scaling.yaml', '.cdk-lambda-scaling.yml', '.cdk-lambda-scaling.json'] as const;

/** A rule's level in the configuration: a severity, or `off` (the rule does not run). */
export type RuleLevel = Severity | 'off';

/** A check configuration as the file says it. */
export interface CheckConfigFile {
  readonly version?: 1;
  readonly rules?: Readonly<Record<string, RuleLevel>>;
  readonly acknowledge?: ReadonlyArray<Omit<AcknowledgementOption, 'source'>>;
}

/** What a configuration file sets of the engine's options. */
export interface CheckConfig {
  /** The file as shown in messages. */
  readonly file: string;
  readonly severityOverrides: Readonly<Record<string, Severity>>;
  readonly disabledRules: readonly string[];
  readonly acknowledgements: readonly AcknowledgementOption[];
}

/** True when there is an entry at `path`: a file, or a link, even one whose target is missing. */
function isThere(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The configuration file of `dir`, when there is one; InputError when there are two (which one counts would be a
 * guess), and OutsideRoot when it is a link to a file outside `dir` (or a dangling one pointing there), the same
 * whether or not that file exists.
 */
export function findCheckConfig(dir: string): string | undefined {
  const found = CHECK_CONFIG_FILES.filter((name) => isThere(join(dir, name)));
  if (found.length > 1) throw new InputError(`${found.join(' and ')}: two check configuration files; keep one`);
  if (found.length === 1) new Root(dir, '.', 'name a file elsewhere with --config').confine(join(dir, found[0]), found[0]);
  return found[0];
}

/**
 * Reads and validates a configuration file; InputError with the file and field path for anything that is not
 * valid (an unknown rule id, an acknowledgement without a reason).
 */
export function readCheckConfig(path: string, shown: string = path): CheckConfig {
  const document = parseDocumentText(readInputText(path, 'config', shown), shown);
  expectMapping(document, shown, 'check configuration');
  expectKnownKeys(document, shown, 'check configuration', Object.keys(CHECK_CONFIG_SCHEMA.properties as object));
  checkDocument(document, 'check-config', shown);
  const config = document as CheckConfigFile;
  const levels = Object.entries(config.rules ?? {});
  return {
    file: shown,
    severityOverrides: Object.fromEntries(levels.filter((l): l is [string, Severity] => l[1] !== 'off')),
    disabledRules: levels.filter(([, level]) => level === 'off').map(([id]) => id),
    acknowledgements: (config.acknowledge ?? []).map((a, i) => ({ ...a, source: `${shown}: ${formatPath(['acknowledge', i])}` })),
  };
}
