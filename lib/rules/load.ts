/**
 * Reads what `check` is given: a cloud assembly directory (cdk.out, driven by its manifest, nested assemblies
 * of stages included) or CloudFormation template files (JSON, or YAML with short-form intrinsics).
 * Bad input throws {@link InputError} with the file named: unreadable files, syntax errors, duplicate keys, and files
 * that are not templates; what the templates say is the rules' business.
 */
import { isAscii } from 'buffer';
import { existsSync, readFileSync, statSync } from 'fs';
import { basename, join, relative, resolve } from 'path';
import { InputError } from '../errors';
import type { StackTemplate } from './graph';
import { parseTemplate, templateProblem } from './template-text';

/** Reads one template file into a stack named after the file. */
export function loadTemplateFile(path: string, displayPath = path): StackTemplate {
  const template = parseTemplate(readText(path, displayPath), displayPath);
  const problem = templateProblem(template);
  if (problem) throw new InputError(`${displayPath}: ${problem}`);
  return { stackName: basename(path).replace(/\.template\.(json|ya?ml)$|\.(json|ya?ml|template)$/i, ''), template, templateFile: displayPath };
}

/** Reads every stack of a cloud assembly directory (and its nested assemblies) from its manifest. */
export function loadCloudAssembly(dir: string, displayDir = dir): StackTemplate[] {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) throw new InputError(`${displayDir}: not a cloud assembly (no manifest.json)`);
  const manifest = parseTemplate(readText(manifestPath, join(displayDir, 'manifest.json')), join(displayDir, 'manifest.json'));
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
      const template = parseTemplate(readText(file, shown), shown);
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
      stacks.push(...loadCloudAssembly(join(dir, props.directoryName), join(displayDir, props.directoryName)));
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
    if (!existsSync(abs)) throw new InputError(`${p}: no such file or directory`);
    return statSync(abs).isDirectory() ? loadCloudAssembly(abs, shown) : [loadTemplateFile(abs, shown)];
  });
}

/**
 * A file's bytes as UTF-8 text. Synthesized templates are almost always pure ASCII, whose Latin-1 decoding is the
 * same string at about half the cost of UTF-8 decoding.
 */
export function decodeText(bytes: Buffer): string {
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

function readText(path: string, shown: string): string {
  try {
    return decodeText(readFileSync(path));
  } catch (err) {
    throw new InputError(`${shown}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}
