/**
 * Reads what `check` is given: a cloud assembly directory (cdk.out, driven by its manifest, nested assemblies
 * of stages included) or CloudFormation template files (JSON, or YAML with short-form intrinsics), and the nested
 * stacks they name. Every file an input names must be inside the run's root ({@link Root}: the folder of the input
 * given unless widened), each file is read and parsed once per run, and a run makes at most {@link MAX_STACKS}
 * stacks. Bad input throws {@link InputError} with the file named: unreadable files, syntax errors, duplicate keys,
 * files that are not templates or manifests, files outside the root; what the templates say is the rules' business.
 */
import { existsSync, statSync } from 'fs';
import { basename, dirname, join, relative, resolve } from 'path';
import { InputError, isInputError } from '../errors';
import { realPathOf, Root, UnreadableFile } from '../files';
import { isPlainObject } from '../records';
import { describeShape } from '../workload/problems';
import type { StackTemplate } from './graph';
import { LoadRun, readTemplate, referrer, type LoadContext } from './load-run';
import { shownPath } from './values';

export { LoadRun, MAX_STACKS, type LoadContext } from './load-run';

/** Options of {@link loadInputs}. */
export interface LoadOptions {
  /**
   * The folder every file an input names (nested stacks, SAM applications, cloud-assembly templates and nested
   * assemblies, file assets) must be inside, symbolic links resolved; relative to the working folder.
   * @default - each input's own folder: a cloud assembly's folder, a template file's folder
   */
  readonly root?: string;
  /**
   * Keep the text of every template read, by real path ({@link LoadedInputs.texts}), for what needs it after the
   * parse (SARIF's line numbers): a file is never read twice, nor again by the path shown.
   * @default false - a run holds the parsed templates only
   */
  readonly keepTexts?: boolean;
}

/** Cloud assemblies nested in one another (each CDK Stage is one level; real apps nest a few). */
export const MAX_ASSEMBLY_DEPTH = 32;

/** Reads one template file into a stack named after the file; `context` defaults to a run of its own, rooted at the file's folder. */
export function loadTemplateFile(path: string, displayPath = path, context: LoadContext = { run: new LoadRun(), root: new Root(dirname(resolve(path))) }): StackTemplate {
  context.run.countStack();
  const real = realPathOf(path);
  const read = readTemplate(context, real, displayPath);
  return { stackName: basename(path).replace(/\.template\.(json|ya?ml)$|\.(json|ya?ml|template)$/i, ''), ...read, templateFile: displayPath, realFile: real };
}

/**
 * The artifacts of a parsed cloud assembly manifest: an object with a `version` or `artifacts` (CDK writes both).
 * Anything else (null, a list, a string, a credentials file) is bad input, never "0 stacks"; its content is not shown.
 */
function manifestArtifacts(manifest: unknown, shown: string): Readonly<Record<string, unknown>> {
  if (!isPlainObject(manifest)) throw new InputError(`${shown}: not a cloud assembly manifest: it holds ${describeShape(manifest)}, not an object with version and artifacts`);
  if (manifest.artifacts === undefined) {
    if (typeof manifest.version !== 'string') throw new InputError(`${shown}: not a cloud assembly manifest: it has neither version nor artifacts`);
    return {};
  }
  if (!isPlainObject(manifest.artifacts)) throw new InputError(`${shown}: not a cloud assembly manifest: artifacts is ${describeShape(manifest.artifacts)}, not an object`);
  return manifest.artifacts;
}

/**
 * The parsed manifest of the cloud assembly in `dir` (its real path), or undefined when it has none. It is inside
 * the root like every file of the assembly: a `manifest.json` that is a link out of it is refused, the same whether
 * or not its target exists.
 */
function readManifest(dir: string, shownManifest: string, context: LoadContext): Readonly<Record<string, unknown>> | undefined {
  const real = context.root.confine(join(dir, 'manifest.json'), shownManifest);
  try {
    return manifestArtifacts(context.run.document(real, 'manifest', shownManifest), shownManifest);
  } catch (err) {
    if (err instanceof UnreadableFile && err.reason === 'no such file') return undefined;
    throw err;
  }
}

/**
 * Reads every stack of a cloud assembly directory (and its nested assemblies) from its manifest.
 * @param context the run and root; by default a run of its own rooted at `dir`
 */
export function loadCloudAssembly(dir: string, displayDir = dir, context: LoadContext = { run: new LoadRun(), root: new Root(dir, displayDir) }): StackTemplate[] {
  return readAssembly(realPathOf(dir), displayDir, context, [], new Set());
}

/**
 * {@link loadCloudAssembly} of `dir` (a real path), inside the assemblies `within` (real paths, outermost first);
 * `read` holds the assemblies read so far (real paths), each read once.
 */
function readAssembly(dir: string, displayDir: string, context: LoadContext, within: readonly string[], read: Set<string>): StackTemplate[] {
  const shownManifest = join(displayDir, 'manifest.json');
  read.add(dir);
  context.run.naming(displayDir);
  const artifacts = readManifest(dir, shownManifest, context);
  if (artifacts === undefined) throw new InputError(`${displayDir}: not a cloud assembly (no manifest.json)`);
  const stacks: StackTemplate[] = [];
  // Asset manifests are read only when a template has a nested stack.
  let files: AssemblyFiles | undefined;
  const filesOf = () => (files ??= { dir, displayDir, assets: fileAssets(artifacts, dir, displayDir, context), context });
  for (const [id, raw] of Object.entries(artifacts)) {
    const artifact = raw as { type?: unknown; environment?: unknown; displayName?: unknown; properties?: Record<string, unknown> };
    const props = artifact?.properties ?? {};
    if (artifact?.type === 'aws:cloudformation:stack' && typeof props.templateFile === 'string') {
      const file = context.root.confine(join(dir, props.templateFile), referrer(shownManifest, ['artifacts', id, 'properties', 'templateFile']));
      const shown = join(displayDir, shownPath(props.templateFile));
      const { account, region } = parseEnvironment(artifact.environment);
      context.run.countStack();
      const read = readTemplate(context, file, shown, true);
      const stackName = typeof props.stackName === 'string' ? props.stackName : typeof artifact.displayName === 'string' ? artifact.displayName : id;
      stacks.push(...withNestedStacks({ stackName, ...read, templateFile: shown, realFile: file, account, region }, filesOf, new Set([file])));
    } else if (artifact?.type === 'cdk:cloud-assembly' && typeof props.directoryName === 'string') {
      const key = ['artifacts', id, 'properties', 'directoryName'];
      const nested = context.root.confine(join(dir, props.directoryName), referrer(shownManifest, key));
      if (nested === dir || within.includes(nested)) throw new InputError(`${referrer(shownManifest, key)} is this assembly or one that encloses it (a cycle)`);
      if (within.length + 1 >= MAX_ASSEMBLY_DEPTH) throw new InputError(`${referrer(shownManifest, key)} nests cloud assemblies more than ${MAX_ASSEMBLY_DEPTH} deep; one run reads at most ${MAX_ASSEMBLY_DEPTH} levels`);
      // An assembly nested again gives the same stacks, which are checked once: a diamond of 30 assemblies, each
      // nesting the next twice, was read 2^30 times.
      if (read.has(nested)) continue;
      stacks.push(...readAssembly(nested, join(displayDir, shownPath(props.directoryName)), context, [...within, dir], read));
    }
  }
  return stacks;
}

/** Where the templates of a cloud assembly's nested stacks are: its folder and its file assets by hash. */
export interface AssemblyFiles {
  /** The assembly's folder (its real path). */
  readonly dir: string;
  readonly displayDir: string;
  /** The source file of each file asset (its path in the assembly and its real path, inside the root), by its hash (the object key CDK uploads it as). */
  readonly assets: ReadonlyMap<string, { readonly path: string; readonly real: string }>;
  /** The run and root the assembly is read in. */
  readonly context: LoadContext;
}

/** The file assets of a cloud assembly's asset manifests (`<stack>.assets.json`), by hash; a manifest in another shape adds none. */
function fileAssets(artifacts: Readonly<Record<string, unknown>>, dir: string, displayDir: string, context: LoadContext): Map<string, { readonly path: string; readonly real: string }> {
  const assets = new Map<string, { readonly path: string; readonly real: string }>();
  const shownManifest = join(displayDir, 'manifest.json');
  for (const [id, raw] of Object.entries(artifacts)) {
    const artifact = raw as { type?: unknown; properties?: Record<string, unknown> };
    const file = artifact?.type === 'cdk:asset-manifest' ? artifact.properties?.file : undefined;
    if (typeof file !== 'string') continue;
    const shown = join(displayDir, shownPath(file));
    const real = context.root.confine(join(dir, file), referrer(shownManifest, ['artifacts', id, 'properties', 'file']));
    const files = (context.run.document(real, 'manifest', shown) as { files?: unknown })?.files;
    if (!isPlainObject(files)) continue;
    for (const [hash, asset] of Object.entries(files as Record<string, { source?: { path?: unknown } }>)) {
      const path = asset?.source?.path;
      if (typeof path === 'string' && /\.json$/i.test(path)) assets.set(hash, { path, real: context.root.confine(join(dir, path), referrer(shown, ['files', hash, 'source', 'path'])) });
    }
  }
  return assets;
}

/**
 * The files of the cloud assembly in `dir` that nested stacks' templates are found with (none without a manifest).
 * @param context the run and root; by default a run of its own rooted at `dir`
 */
export function assemblyFiles(dir: string, context: LoadContext = { run: new LoadRun(), root: new Root(dir) }): AssemblyFiles {
  const real = realPathOf(dir);
  const artifacts = readManifest(real, join(dir, 'manifest.json'), context);
  return { dir: real, displayDir: dir, assets: artifacts === undefined ? new Map() : fileAssets(artifacts, real, dir, context), context };
}

/** A nested-stack resource as the loaders read it. */
interface NestedResource {
  readonly Type?: unknown;
  readonly Properties?: { readonly TemplateURL?: unknown; readonly Location?: unknown; readonly Parameters?: unknown };
  readonly Metadata?: Readonly<Record<string, unknown>>;
}

/**
 * Where the template of the nested stack `logicalId` of `parent` is: a key that names it among the templates read
 * (its real path, so a chain that comes back to one stops) and how to read it; undefined when the input does not
 * hold it (the coverage then names the nested stack).
 * @throws OutsideRoot when it names a file outside the root, whether or not that exists
 */
type NestedLocator = (
  resource: NestedResource,
  parent: StackTemplate,
  logicalId: string,
) => { readonly key: string; readonly read: () => Pick<StackTemplate, 'template' | 'templateFile' | 'realFile' | 'duplicateKey' | 'includesNotRead'> } | undefined;

/**
 * The stack and, after it, the nested stacks whose templates `locate` finds, recursively. A nested stack is named
 * `<parent>/<logical id>`, shares its parent's environment and gets the `Parameters` its parent passes; the parent
 * lists what was read in `nestedStacksRead` so the coverage names only the nested stacks that were not. `chain`
 * holds the keys of the stack and its parents: a template that nests one of them is not followed again. Each nested
 * stack counts against the run's limit (`run`, asked only when there is one).
 */
function withNested(stack: StackTemplate, locate: NestedLocator, chain: ReadonlySet<string>, run: () => LoadRun): StackTemplate[] {
  const resources = (stack.template as { Resources?: unknown })?.Resources;
  if (typeof resources !== 'object' || resources === null) return [stack];
  const read: string[] = [];
  const nested: StackTemplate[] = [];
  for (const [logicalId, raw] of Object.entries(resources as Record<string, unknown>)) {
    const resource = raw as NestedResource;
    if (resource?.Type !== 'AWS::CloudFormation::Stack' && resource?.Type !== 'AWS::Serverless::Application') continue;
    const found = locate(resource, stack, logicalId);
    if (found === undefined || chain.has(found.key)) continue;
    run().countStack();
    const template = found.read();
    read.push(logicalId);
    const child = { stackName: `${stack.stackName}/${logicalId}`, ...template, account: stack.account, region: stack.region, ...passedBy(stack, resource) };
    nested.push(...withNested(child, locate, new Set([...chain, found.key]), run));
  }
  return [read.length > 0 ? { ...stack, nestedStacksRead: read } : stack, ...nested];
}

/**
 * The stack and, after it, the nested stacks whose templates the assembly holds, recursively (see
 * {@link withNested}). CDK writes a NestedStack's template beside its parent, `<id>.nested.template.json`, as a
 * file asset whose hash ends the nested stack's `TemplateURL` (with asset metadata on, `aws:asset:path` names the
 * file too). `filesOf` is called only when a template has a nested stack; `chain` starts with the real path of the
 * stack's own file.
 */
export function withNestedStacks(stack: StackTemplate, filesOf: () => AssemblyFiles, chain: ReadonlySet<string> = new Set()): StackTemplate[] {
  return withNested(
    stack,
    (resource, parent, logicalId) => {
      if (resource.Type !== 'AWS::CloudFormation::Stack') return undefined;
      const files = filesOf();
      const file = nestedTemplateFile(resource, files, referrer(parent.templateFile ?? parent.stackName, ['Resources', logicalId, 'Metadata', 'aws:asset:path']));
      if (file === undefined) return undefined;
      const shown = join(files.displayDir, shownPath(file.path));
      return { key: file.real, read: () => ({ ...readTemplate(files.context, file.real, shown, true), templateFile: shown, realFile: file.real }) };
    },
    chain,
    () => filesOf().context.run,
  );
}

/**
 * The assembly file holding a nested stack's template (its path in the assembly and its real path): its
 * `aws:asset:path`, else the asset its TemplateURL's object key names.
 * @param named the file and key that name it, for a refusal
 */
function nestedTemplateFile(resource: NestedResource, files: AssemblyFiles, named: string): { readonly path: string; readonly real: string } | undefined {
  const path = resource.Metadata?.['aws:asset:path'];
  if (typeof path === 'string' && /\.json$/i.test(path)) return { path, real: files.context.root.confine(join(files.dir, path), named) };
  const hash = /([0-9a-f]{64})\.json/.exec(JSON.stringify(resource.Properties?.TemplateURL) ?? '')?.[1];
  return hash === undefined ? undefined : files.assets.get(hash);
}

/** `aws://account/region`; `unknown-account` / `unknown-region` become undefined. */
export function parseEnvironment(env: unknown): { account?: string; region?: string } {
  const m = typeof env === 'string' ? /^aws:\/\/([^/]+)\/(.+)$/.exec(env) : null;
  if (!m) return {};
  return { account: m[1] === 'unknown-account' ? undefined : m[1], region: m[2] === 'unknown-region' ? undefined : m[2] };
}

/** The root `--root` names (relative to `cwd`), which must be a folder. */
function givenRoot(root: string, cwd: string): Root {
  const abs = resolve(cwd, root);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(abs).isDirectory();
  } catch {
    isDirectory = false;
  }
  if (!isDirectory) throw new InputError(`--root ${root}: no such folder`);
  return new Root(abs, root);
}

/** An input `check` was given that could not be checked: the file (it or one it names) and why. */
export interface RefusedInput {
  /** The input as shown (relative to the working folder). */
  readonly input: string;
  /** The file the problem is in (the input, or a file it names). */
  readonly file: string;
  /** 1-based line of the problem, when the reader knows it. */
  readonly line?: number;
  /** What is wrong, in words, without the file's name. */
  readonly reason: string;
  /** The whole message, as `check` prints it. */
  readonly message: string;
}

/** What {@link loadBatch} read: the stacks of the inputs that could be read, and the inputs refused. */
export interface LoadedInputs {
  readonly stacks: StackTemplate[];
  readonly refused: RefusedInput[];
  /** The text of each template read, by real path ({@link StackTemplate.realFile}); empty unless {@link LoadOptions.keepTexts}. */
  readonly texts: ReadonlyMap<string, string>;
}

/**
 * A refusal from the error that refused an input: `file:line: reason` or `file: reason`, as every reader words it.
 * The file is the longest of `names` (the names the run gave files) that starts the message, as a name may hold
 * `: ` itself (`x: y.yaml`); a message that starts with none is all reason, about the input.
 */
function refusal(input: string, err: InputError, names: Iterable<string>): RefusedInput {
  const message = err.problems.join('; ');
  let file: string | undefined;
  for (const name of names) if (message.startsWith(`${name}:`) && name.length > (file?.length ?? -1)) file = name;
  const m = file === undefined ? null : /^(?::(\d+))?: ([^]*)$/.exec(message.slice(file.length));
  return file !== undefined && m ? { input, file, ...(m[1] !== undefined ? { line: Number(m[1]) } : {}), reason: m[2], message } : { input, file: input, reason: message, message };
}

/**
 * Loads `check`'s arguments, each on its own: directories are cloud assemblies, files are templates. An input that
 * cannot be read (unreadable, invalid, not a template, naming a file outside the root, past a limit) is refused with
 * why, and the others are still loaded. Paths are shown relative to `cwd`. Every file an input names must be inside
 * `options.root`, by default the input's own folder; the input itself must be inside `options.root`, by default the
 * folder it is in, symbolic links resolved (a pipeline's `check cdk.out/*.json` would otherwise follow a link the
 * pull request committed).
 */
export function loadBatch(paths: readonly string[], cwd: string, options: LoadOptions = {}): LoadedInputs {
  if (paths.length === 0) throw new InputError('check: give a cdk.out directory or template files');
  const run = new LoadRun(options.keepTexts);
  const given = options.root === undefined ? undefined : givenRoot(options.root, cwd);
  const refused: RefusedInput[] = [];
  const stacks = paths.flatMap((p) => {
    const abs = resolve(cwd, p);
    const shown = relative(cwd, abs) || '.';
    try {
      // The input itself is inside the root (by default the folder it is in), decided before it is looked at: a link
      // out of it is refused whether or not its target exists.
      (given ?? new Root(dirname(abs), relative(cwd, dirname(abs)) || '.')).confine(abs, shown);
      let isDirectory: boolean;
      try {
        isDirectory = statSync(abs).isDirectory();
      } catch {
        throw new InputError(`${p}: no such file or directory`);
      }
      const folder = isDirectory ? abs : dirname(abs);
      const context: LoadContext = { run, root: given ?? new Root(folder, relative(cwd, folder) || '.') };
      // Anything else (a FIFO, a device) is refused by the reader, which looks at what it opened.
      return isDirectory ? loadCloudAssembly(abs, shown, context) : withLocalNestedStacks(loadTemplateFile(abs, shown, context), cwd, context);
    } catch (err) {
      if (!isInputError(err)) throw err;
      refused.push(refusal(shown, err, [p, shown, ...run.shownNames]));
      return [];
    }
  });
  // A template given and also nested in another is checked once, where it first comes.
  const seen = new Set<string>();
  const once = stacks.filter((s) => {
    const file = s.realFile ?? (s.templateFile === undefined ? undefined : realPathOf(resolve(cwd, s.templateFile)));
    if (file === undefined) return true;
    if (seen.has(file)) return false;
    seen.add(file);
    return true;
  });
  return { stacks: once, refused, texts: run.texts };
}

/**
 * Loads `check`'s arguments as {@link loadBatch}, all or nothing.
 * @throws InputError of the first input refused
 */
export function loadInputs(paths: readonly string[], cwd: string, options: LoadOptions = {}): StackTemplate[] {
  const { stacks, refused } = loadBatch(paths, cwd, options);
  if (refused.length > 0) throw new InputError(refused[0].message);
  return stacks;
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
 * One outside the root is refused (whether or not it exists); one inside it that does not exist is left to the
 * coverage; one that is not a template is bad input (exit 2) like any template given. Templates are shown relative
 * to `cwd`, and known in the chain by their real paths.
 */
export function withLocalNestedStacks(stack: StackTemplate, cwd: string, context: LoadContext = { run: new LoadRun(), root: new Root(cwd) }): StackTemplate[] {
  const located: NestedLocator = (resource, parent, logicalId) => {
    const key = resource.Type === 'AWS::CloudFormation::Stack' ? 'TemplateURL' : 'Location';
    const url = resource.Properties?.[key];
    if (typeof url !== 'string' || url === '' || REMOTE.test(url) || parent.templateFile === undefined) return undefined;
    const target = resolve(dirname(resolve(cwd, parent.templateFile)), url);
    const real = context.root.confine(target, referrer(parent.templateFile, ['Resources', logicalId, 'Properties', key]));
    if (!existsSync(real)) return undefined;
    const shown = relative(cwd, target) || target;
    return { key: real, read: () => ({ ...readTemplate(context, real, shown), templateFile: shown, realFile: real }) };
  };
  return withNested(stack, located, new Set(stack.templateFile === undefined ? [] : [realPathOf(resolve(cwd, stack.templateFile))]), () => context.run);
}
