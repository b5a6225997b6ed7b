/**
 * Reads what `check` is given: a cloud assembly directory (cdk.out, driven by its manifest, nested assemblies
 * of stages included) or CloudFormation template files (JSON, or YAML with short-form intrinsics).
 * Bad input throws {@link InputError} with the file named: unreadable files, syntax errors, duplicate keys, and files
 * that are not templates; what the templates say is the rules' business.
 */
import { existsSync, realpathSync, statSync } from 'fs';
import { basename, dirname, join, relative, resolve } from 'path';
import { InputError } from '../errors';
import { quoteToken } from '../secrets';
import { readInputText, UnreadableFile, type InputKind } from '../files';
import type { StackTemplate } from './graph';
import { parseTemplate, templateProblem } from './template-text';

/** How a template file is read: JSON when named so, else YAML (which is parsed in memory, so smaller). */
function templateKind(file: string): InputKind {
  return /\.json$/i.test(file) ? 'template' : 'yaml-template';
}

/** Reads one template file into a stack named after the file. */
export function loadTemplateFile(path: string, displayPath = path): StackTemplate {
  const template = parseTemplate(readInputText(path, templateKind(path), displayPath), displayPath);
  const problem = templateProblem(template);
  if (problem) throw new InputError(`${displayPath}: ${problem}`);
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
  // Asset manifests are read only when a template has a nested stack.
  let files: AssemblyFiles | undefined;
  const filesOf = () => (files ??= { dir, displayDir, assets: fileAssets(artifacts as Record<string, unknown>, dir, displayDir) });
  for (const [id, raw] of Object.entries(artifacts as Record<string, unknown>)) {
    const artifact = raw as { type?: unknown; environment?: unknown; displayName?: unknown; properties?: Record<string, unknown> };
    const props = artifact?.properties ?? {};
    if (artifact?.type === 'aws:cloudformation:stack' && typeof props.templateFile === 'string') {
      const file = join(dir, props.templateFile);
      const shown = join(displayDir, props.templateFile);
      const { account, region } = parseEnvironment(artifact.environment);
      const template = parseTemplate(readInputText(file, templateKind(file), shown), shown);
      const problem = templateProblem(template, true);
      if (problem) throw new InputError(`${shown}: ${problem}`);
      const stackName = typeof props.stackName === 'string' ? props.stackName : typeof artifact.displayName === 'string' ? artifact.displayName : id;
      stacks.push(...withNestedStacks({ stackName, template, templateFile: shown, account, region }, filesOf, new Set([props.templateFile])));
    } else if (artifact?.type === 'cdk:cloud-assembly' && typeof props.directoryName === 'string') {
      const nested = join(dir, props.directoryName);
      if (enclosing.has(realPath(nested))) {
        throw new InputError(`${shownManifest}: artifacts[${quoteToken(id)}].properties.directoryName ${quoteToken(props.directoryName)} is this assembly or one that encloses it (a cycle)`);
      }
      stacks.push(...loadCloudAssembly(nested, join(displayDir, props.directoryName), enclosing));
    }
  }
  return stacks;
}

/** Where the templates of a cloud assembly's nested stacks are: its folder and its file assets by hash. */
export interface AssemblyFiles {
  readonly dir: string;
  readonly displayDir: string;
  /** The source file (relative to `dir`) of each file asset, by its hash (the object key CDK uploads it as). */
  readonly assets: ReadonlyMap<string, string>;
}

/** The file assets of a cloud assembly's asset manifests (`<stack>.assets.json`), by hash; a manifest in another shape adds none. */
function fileAssets(artifacts: Readonly<Record<string, unknown>>, dir: string, displayDir: string): Map<string, string> {
  const assets = new Map<string, string>();
  for (const raw of Object.values(artifacts)) {
    const artifact = raw as { type?: unknown; properties?: Record<string, unknown> };
    const file = artifact?.type === 'cdk:asset-manifest' ? artifact.properties?.file : undefined;
    if (typeof file !== 'string') continue;
    const shown = join(displayDir, file);
    const files = (parseTemplate(readInputText(join(dir, file), 'manifest', shown), shown) as { files?: unknown })?.files;
    if (typeof files !== 'object' || files === null) continue;
    for (const [hash, asset] of Object.entries(files as Record<string, { source?: { path?: unknown } }>)) {
      if (typeof asset?.source?.path === 'string') assets.set(hash, asset.source.path);
    }
  }
  return assets;
}

/** The files of the cloud assembly in `dir` that nested stacks' templates are found with (none without a manifest). */
export function assemblyFiles(dir: string): AssemblyFiles {
  const manifest = join(dir, 'manifest.json');
  let artifacts: unknown;
  try {
    artifacts = (parseTemplate(readInputText(manifest, 'manifest'), manifest) as { artifacts?: unknown })?.artifacts;
  } catch (err) {
    if (err instanceof UnreadableFile && err.reason === 'no such file') return { dir, displayDir: dir, assets: new Map() };
    throw err;
  }
  return { dir, displayDir: dir, assets: typeof artifacts === 'object' && artifacts !== null ? fileAssets(artifacts as Record<string, unknown>, dir, dir) : new Map() };
}

/** A nested-stack resource as the loaders read it. */
interface NestedResource {
  readonly Type?: unknown;
  readonly Properties?: { readonly TemplateURL?: unknown; readonly Location?: unknown; readonly Parameters?: unknown };
  readonly Metadata?: Readonly<Record<string, unknown>>;
}

/**
 * Where the template of a nested stack of `parent` is: a key that names it among the templates read (so a chain
 * that comes back to one stops) and how to read it; undefined when the input does not hold it (the coverage then
 * names the nested stack).
 */
type NestedLocator = (resource: NestedResource, parent: StackTemplate) => { readonly key: string; readonly read: () => Pick<StackTemplate, 'template' | 'templateFile'> } | undefined;

/**
 * The stack and, after it, the nested stacks whose templates `locate` finds, recursively. A nested stack is named
 * `<parent>/<logical id>`, shares its parent's environment and gets the `Parameters` its parent passes; the parent
 * lists what was read in `nestedStacksRead` so the coverage names only the nested stacks that were not. `chain`
 * holds the keys of the stack and its parents: a template that nests one of them is not followed again.
 */
function withNested(stack: StackTemplate, locate: NestedLocator, chain: ReadonlySet<string>): StackTemplate[] {
  const resources = (stack.template as { Resources?: unknown })?.Resources;
  if (typeof resources !== 'object' || resources === null) return [stack];
  const read: string[] = [];
  const nested: StackTemplate[] = [];
  for (const [logicalId, raw] of Object.entries(resources as Record<string, unknown>)) {
    const resource = raw as NestedResource;
    if (resource?.Type !== 'AWS::CloudFormation::Stack' && resource?.Type !== 'AWS::Serverless::Application') continue;
    const found = locate(resource, stack);
    if (found === undefined || chain.has(found.key)) continue;
    const { template, templateFile } = found.read();
    read.push(logicalId);
    const child = { stackName: `${stack.stackName}/${logicalId}`, template, templateFile, account: stack.account, region: stack.region, ...passedBy(stack, resource) };
    nested.push(...withNested(child, locate, new Set([...chain, found.key])));
  }
  return [read.length > 0 ? { ...stack, nestedStacksRead: read } : stack, ...nested];
}

/**
 * The stack and, after it, the nested stacks whose templates the assembly holds, recursively (see
 * {@link withNested}). CDK writes a NestedStack's template beside its parent, `<id>.nested.template.json`, as a
 * file asset whose hash ends the nested stack's `TemplateURL` (with asset metadata on, `aws:asset:path` names the
 * file too). `filesOf` is called only when a template has a nested stack; `chain` starts with the stack's own file.
 */
export function withNestedStacks(stack: StackTemplate, filesOf: () => AssemblyFiles, chain: ReadonlySet<string> = new Set()): StackTemplate[] {
  return withNested(
    stack,
    (resource) => {
      if (resource.Type !== 'AWS::CloudFormation::Stack') return undefined;
      const files = filesOf();
      const file = nestedTemplateFile(resource, files.assets);
      if (file === undefined) return undefined;
      return {
        key: file,
        read: () => {
          const shown = join(files.displayDir, file);
          const template = parseTemplate(readInputText(join(files.dir, file), templateKind(file), shown), shown);
          const problem = templateProblem(template, true);
          if (problem) throw new InputError(`${shown}: ${problem}`);
          return { template, templateFile: shown };
        },
      };
    },
    chain,
  );
}

/** The assembly file holding a nested stack's template: its `aws:asset:path`, else the asset its TemplateURL's object key names. */
function nestedTemplateFile(resource: NestedResource, assets: ReadonlyMap<string, string>): string | undefined {
  const path = resource.Metadata?.['aws:asset:path'];
  if (typeof path === 'string' && /\.json$/i.test(path) && !path.includes('..')) return path;
  const hash = /([0-9a-f]{64})\.json/.exec(JSON.stringify(resource.Properties?.TemplateURL) ?? '')?.[1];
  const file = hash === undefined ? undefined : assets.get(hash);
  return file !== undefined && /\.json$/i.test(file) && !file.includes('..') ? file : undefined;
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
  const stacks = paths.flatMap((p) => {
    const abs = resolve(cwd, p);
    const shown = relative(cwd, abs) || '.';
    let isDirectory: boolean;
    try {
      isDirectory = statSync(abs).isDirectory();
    } catch {
      throw new InputError(`${p}: no such file or directory`);
    }
    // Anything else (a FIFO, a device) is refused by the reader, which looks at what it opened.
    return isDirectory ? loadCloudAssembly(abs, shown) : withLocalNestedStacks(loadTemplateFile(abs, shown), cwd);
  });
  // A template given and also nested in another is checked once, where it first comes.
  const seen = new Set<string>();
  return stacks.filter((s) => {
    const file = s.templateFile === undefined ? undefined : realPath(resolve(cwd, s.templateFile));
    if (file === undefined) return true;
    if (seen.has(file)) return false;
    seen.add(file);
    return true;
  });
}

/** The `Parameters` a nested-stack resource of `parent` passes to its template, for {@link StackTemplate.passedParameters}. */
function passedBy(parent: StackTemplate, resource: NestedResource): Pick<StackTemplate, 'passedParameters'> {
  const values = resource.Properties?.Parameters;
  return typeof values === 'object' && values !== null && !Array.isArray(values) ? { passedParameters: { from: parent.stackName, values: values as Record<string, unknown> } } : {};
}

/** A URL scheme (`https://`, `s3://`): a nested template somewhere else, not a local file. */
const REMOTE = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * A template file and, after it, the nested templates that are local files, recursively (see {@link withNested}):
 * an `AWS::CloudFormation::Stack` whose `TemplateURL`, or an `AWS::Serverless::Application` whose `Location`, is a
 * path relative to the template (what `sam build` and `aws cloudformation package` read before they upload it).
 * One that does not exist is left to the coverage; one that is not a template is bad input (exit 2) like any
 * template given. Templates are shown relative to `cwd`, and known in the chain by their real paths.
 */
export function withLocalNestedStacks(stack: StackTemplate, cwd: string): StackTemplate[] {
  const located: NestedLocator = (resource, parent) => {
    const url = resource.Type === 'AWS::CloudFormation::Stack' ? resource.Properties?.TemplateURL : resource.Properties?.Location;
    if (typeof url !== 'string' || url === '' || REMOTE.test(url) || parent.templateFile === undefined) return undefined;
    const target = resolve(dirname(resolve(cwd, parent.templateFile)), url);
    if (!existsSync(target)) return undefined;
    return { key: realPath(target), read: () => loadTemplateFile(target, relative(cwd, target) || target) };
  };
  return withNested(stack, located, new Set(stack.templateFile === undefined ? [] : [realPath(resolve(cwd, stack.templateFile))]));
}

/** The real path of a file or folder, or the path as given when it cannot be resolved (reading it will say why). */
function realPath(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return resolve(dir);
  }
}
