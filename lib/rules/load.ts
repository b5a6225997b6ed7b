/**
 * Reads what `check` is given: a cloud assembly directory (cdk.out, driven by its manifest, nested assemblies
 * of stages included) or CloudFormation template files (JSON, or YAML with short-form intrinsics).
 * Bad input throws {@link InputError} with the file named: unreadable files, syntax errors, duplicate keys, and files
 * that are not templates; what the templates say is the rules' business.
 */
import { realpathSync, statSync } from 'fs';
import { basename, join, relative, resolve } from 'path';
import { InputError } from '../errors';
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
      stacks.push({
        stackName: typeof props.stackName === 'string' ? props.stackName : typeof artifact.displayName === 'string' ? artifact.displayName : id,
        template,
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
