/**
 * Reads what `check` is given: a cloud assembly directory (cdk.out, driven by its manifest, nested assemblies
 * of stages included) or CloudFormation template files (JSON, or YAML with short-form intrinsics).
 * Bad input throws {@link InputError} with the file named; template content is never judged here.
 */
import { realpathSync, statSync } from 'fs';
import { basename, join, relative, resolve } from 'path';
import { parse as parseYaml, type CollectionTag, type ScalarTag, type YAMLMap, type YAMLSeq } from 'yaml';
import { InputError } from '../errors';
import { parseJsonText, readInputText, UnreadableFile, type InputKind } from '../files';
import type { StackTemplate } from './graph';

/** Intrinsic functions with a YAML short form (`!Ref`, `!GetAtt`, `!Sub`, ...), and the long form they stand for. */
const SHORT_FORMS: ReadonlyArray<readonly [string, string]> = [
  ['Ref', 'Ref'],
  ['Condition', 'Condition'],
  ...['GetAtt', 'Sub', 'Join', 'Select', 'Split', 'If', 'ImportValue', 'FindInMap', 'Base64', 'Cidr', 'GetAZs', 'Equals', 'And', 'Or', 'Not', 'Transform', 'ToJsonString', 'Length'].map(
    (name) => [name, `Fn::${name}`] as const,
  ),
];

/** `yaml` custom tags for every short form, as scalar, sequence and mapping. */
const CLOUDFORMATION_TAGS: Array<ScalarTag | CollectionTag> = SHORT_FORMS.flatMap(([short, long]): Array<ScalarTag | CollectionTag> => [
  { tag: `!${short}`, resolve: (text: string) => ({ [long]: long === 'Fn::GetAtt' ? splitGetAtt(text) : text }) },
  ...(['seq', 'map'] as const).map((collection): CollectionTag => ({ tag: `!${short}`, collection, resolve: (node: YAMLMap.Parsed | YAMLSeq.Parsed) => ({ [long]: node.toJSON() }) })),
]);

function splitGetAtt(text: string): string[] {
  const dot = text.indexOf('.');
  return dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
}

/** Parses a template's text: JSON, or YAML with CloudFormation short-form tags. `file` names it in errors. */
export function parseTemplate(text: string, file: string): unknown {
  // Anything not named .json goes through YAML, which also reads JSON (and YAML flow mappings that start with `{`).
  if (/\.json$/i.test(file)) return parseJsonText(text, file);
  try {
    return parseYaml(text, { customTags: CLOUDFORMATION_TAGS, prettyErrors: false, uniqueKeys: false, maxAliasCount: 1000 });
  } catch (err) {
    throw new InputError(`${file}: invalid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** How a template file is read: JSON when named so, else YAML (which is parsed in memory, so smaller). */
function templateKind(file: string): InputKind {
  return /\.json$/i.test(file) ? 'template' : 'yaml-template';
}

/** Reads one template file into a stack named after the file. */
export function loadTemplateFile(path: string, displayPath = path): StackTemplate {
  const template = parseTemplate(readInputText(path, templateKind(path), displayPath), displayPath);
  if (typeof template !== 'object' || template === null || Array.isArray(template)) {
    throw new InputError(`${displayPath}: not a CloudFormation template (expected an object with Resources)`);
  }
  return { stackName: basename(path).replace(/\.template\.(json|ya?ml)$|\.(json|ya?ml|template)$/i, ''), template, templateFile: displayPath };
}

/**
 * Reads every stack of a cloud assembly directory (and its nested assemblies) from its manifest.
 * @param within the assemblies being read (real paths), which a nested one must not be: a manifest that
 * names itself or an enclosing assembly would otherwise recurse without end
 */
export function loadCloudAssembly(dir: string, displayDir = dir, within: ReadonlySet<string> = new Set()): StackTemplate[] {
  const manifestPath = join(dir, 'manifest.json');
  const enclosing = new Set([...within, realPath(dir)]);
  const shownManifest = join(displayDir, 'manifest.json');
  let manifestText: string;
  try {
    manifestText = readInputText(manifestPath, 'manifest', shownManifest);
  } catch (err) {
    if (err instanceof UnreadableFile && err.reason === 'no such file') throw new InputError(`${displayDir}: not a cloud assembly (no manifest.json)`);
    throw err;
  }
  const manifest = parseTemplate(manifestText, shownManifest);
  const artifacts = (manifest as { artifacts?: unknown })?.artifacts;
  if (typeof artifacts !== 'object' || artifacts === null) return [];
  const stacks: StackTemplate[] = [];
  for (const [id, raw] of Object.entries(artifacts as Record<string, unknown>)) {
    const artifact = raw as { type?: unknown; environment?: unknown; displayName?: unknown; properties?: Record<string, unknown> };
    const props = artifact?.properties ?? {};
    if (artifact?.type === 'aws:cloudformation:stack' && typeof props.templateFile === 'string') {
      const file = join(dir, props.templateFile);
      const shown = join(displayDir, props.templateFile);
      const { account, region } = parseEnvironment(artifact.environment);
      stacks.push({
        stackName: typeof props.stackName === 'string' ? props.stackName : typeof artifact.displayName === 'string' ? artifact.displayName : id,
        template: parseTemplate(readInputText(file, templateKind(file), shown), shown),
        templateFile: shown,
        account,
        region,
      });
    } else if (artifact?.type === 'cdk:cloud-assembly' && typeof props.directoryName === 'string') {
      const nested = join(dir, props.directoryName);
      if (enclosing.has(realPath(nested))) {
        throw new InputError(`${shownManifest}: artifacts[${JSON.stringify(id)}].properties.directoryName ${JSON.stringify(props.directoryName)} is this assembly or one that encloses it (a cycle)`);
      }
      stacks.push(...loadCloudAssembly(nested, join(displayDir, props.directoryName), enclosing));
    }
  }
  return stacks;
}

/** `aws://account/region`; `unknown-account` / `unknown-region` become undefined. */
export function parseEnvironment(env: unknown): { account?: string; region?: string } {
  const m = typeof env === 'string' ? /^aws:\/\/([^/]+)\/(.+)$/.exec(env) : null;
  if (!m) return {};
  return { account: m[1] === 'unknown-account' ? undefined : m[1], region: m[2] === 'unknown-region' ? undefined : m[2] };
}

/** Loads `check`'s arguments: directories are cloud assemblies, files are templates. Paths are shown relative to `cwd`. */
export function loadInputs(paths: readonly string[], cwd: string): StackTemplate[] {
  if (paths.length === 0) throw new InputError('check: give a cdk.out directory or template files');
  return paths.flatMap((p) => {
    const abs = resolve(cwd, p);
    const shown = relative(cwd, abs) || '.';
    let isDirectory: boolean;
    try {
      isDirectory = statSync(abs).isDirectory();
    } catch {
      throw new InputError(`${p}: no such file or directory`);
    }
    // Anything else (a FIFO, a device) is refused by the reader, which looks at what it opened.
    return isDirectory ? loadCloudAssembly(abs, shown) : [loadTemplateFile(abs, shown)];
  });
}

/** The real path of a folder, or the path as given when it cannot be resolved (reading it will say why). */
function realPath(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return resolve(dir);
  }
}
