/**
 * One run of the loader (lib/rules/load.ts): each file read and parsed once by real path, the stacks it makes
 * counted, the texts kept when asked, and a template read with its `AWS::Include` snippets applied inside the root.
 */
import { existsSync } from 'fs';
import { dirname, join, resolve } from 'path';
import { InputError } from '../errors';
import { readInputText, type InputKind, type Root } from '../files';
import { formatPath, type FieldPath } from '../workload/problems';
import type { StackTemplate } from './graph';
import { applyIncludes } from './include';
import { parseTemplate, parseTemplateLastKeyWins, templateProblem } from './template-text';
import { shownPath } from './values';

/** Stacks one run may make, nested stacks and cloud-assembly artifacts counted (CloudFormation's default quota of stacks per account and Region). */
export const MAX_STACKS = 2_000;

/**
 * Resources the templates of one run may declare, each distinct file counted once (before SAM expands them):
 * CloudFormation takes 500 a stack, so this is 200 full stacks. What a run holds in memory grows with them (a
 * 32 MiB template of 364,000 functions took 1.4 GB, its SARIF report 4.2 GB), and a pipeline's runner must not
 * run out of memory on a pull request.
 */
export const MAX_RESOURCES = 100_000;

/** How a template file is read: JSON when named so, else YAML (which is parsed in memory, so smaller). */
export function templateKind(file: string): InputKind {
  return /\.json$/i.test(file) ? 'template' : 'yaml-template';
}

/**
 * One run's reading: every file is read and parsed once, by real path (a diamond of nested stacks, a hundred
 * thousand artifacts sharing one template), a file that failed fails the same way again, and the stacks the run
 * makes are counted against {@link MAX_STACKS}.
 */
export class LoadRun {
  private readonly documents = new Map<string, { readonly data: unknown; readonly duplicateKey?: StackTemplate['duplicateKey'] } | { readonly error: unknown }>();
  private stacks = 0;
  private resources = 0;
  private readonly names = new Set<string>();
  /** The text of each template read, by real path, when kept. */
  readonly texts = new Map<string, string>();

  /** @param keepTexts keep the text of every template read in {@link texts} */
  constructor(private readonly keepTexts = false) {}

  /** How many distinct files the run has read (or tried to). */
  get filesRead(): number {
    return this.documents.size;
  }

  /** The names messages gave the files and folders the run read (or tried to): what a message may start with. */
  get shownNames(): ReadonlySet<string> {
    return this.names;
  }

  /** Notes `shown` as the name of a file or folder read, for {@link shownNames}. */
  naming(shown: string): void {
    this.names.add(shown);
  }

  /**
   * The data of the file at `real` (a real path), read as `kind`.
   * @param shown how messages name the file; its extension says JSON or YAML, as {@link parseTemplate} reads it
   */
  document(real: string, kind: InputKind, shown: string): unknown {
    return this.parsed(real, kind, shown).data;
  }

  /** The parsed file, once per run; a template keeps the last value of a key given twice (and says which), a manifest refuses it. */
  private parsed(real: string, kind: InputKind, shown: string): { readonly data: unknown; readonly duplicateKey?: StackTemplate['duplicateKey'] } {
    const key = `${kind}:${/\.json$/i.test(shown)}:${real}`;
    this.naming(shown);
    let entry = this.documents.get(key);
    if (entry === undefined) {
      try {
        const text = readInputText(real, kind, shown);
        if (this.keepTexts && kind !== 'manifest') this.texts.set(real, text);
        entry = kind === 'manifest' ? { data: parseTemplate(text, shown) } : parseTemplateLastKeyWins(text, shown);
        if (kind !== 'manifest') this.countResources(entry.data, shown);
      } catch (error) {
        entry = { error };
      }
      this.documents.set(key, entry);
    }
    if ('error' in entry) throw entry.error;
    return entry;
  }

  /**
   * The template in the file at `real`, read and parsed once per run.
   * @param shown how messages name the file (its extension says JSON or YAML)
   * @param emptyStackAllowed a cloud assembly's stack may have no Resources ({@link templateProblem})
   * @throws InputError when it cannot be read or is not a template
   */
  template(real: string, shown: string, emptyStackAllowed = false): Pick<StackTemplate, 'template' | 'duplicateKey'> {
    const { data, duplicateKey } = this.parsed(real, templateKind(shown), shown);
    const problem = templateProblem(data, emptyStackAllowed);
    if (problem) throw new InputError(`${shown}: ${problem}`);
    return duplicateKey === undefined ? { template: data } : { template: data, duplicateKey };
  }

  /**
   * Counts the resources a template declares (its `Resources` keys).
   * @throws InputError naming the limit when the run's templates declare more than {@link MAX_RESOURCES}
   */
  private countResources(data: unknown, shown: string): void {
    const resources = typeof data === 'object' && data !== null ? (data as { Resources?: unknown }).Resources : undefined;
    if (typeof resources !== 'object' || resources === null) return;
    this.resources += Object.keys(resources).length;
    if (this.resources > MAX_RESOURCES) {
      throw new InputError(`${shown}: the inputs declare more than ${MAX_RESOURCES} resources (each template counted once); one run checks at most ${MAX_RESOURCES} (200 stacks of CloudFormation's 500): check them in several runs`);
    }
  }

  /**
   * Counts one more stack.
   * @throws InputError naming the limit when the run would make more than {@link MAX_STACKS}
   */
  countStack(): void {
    if (++this.stacks > MAX_STACKS) {
      throw new InputError(
        `the inputs make more than ${MAX_STACKS} stacks (templates, cloud-assembly stacks and nested stacks counted, each time it is nested); one run checks at most ${MAX_STACKS} (CloudFormation's default quota of stacks per account and Region)`,
      );
    }
  }
}

/** What reading one input needs: the run and the root every file it names must be inside. */
export interface LoadContext {
  readonly run: LoadRun;
  readonly root: Root;
}

/**
 * The template in the file at `real` (read once per run) with its `AWS::Include` snippets applied: each local
 * `Location` read relative to the including file, inside the root, once per run; remote and missing ones named in
 * `includesNotRead` for the coverage.
 */
export function readTemplate(context: LoadContext, real: string, shown: string, emptyStackAllowed = false): Pick<StackTemplate, 'template' | 'duplicateKey' | 'includesNotRead'> {
  const read = context.run.template(real, shown, emptyStackAllowed);
  const { template, notRead } = applyIncludes(read.template, { real, shown }, (location, from, named) => {
    const target = context.root.confine(resolve(dirname(from.real), location), named);
    if (!existsSync(target)) return undefined;
    const snippetShown = join(dirname(from.shown), shownPath(location));
    return { data: context.run.document(target, templateKind(snippetShown), snippetShown), real: target, shown: snippetShown };
  });
  if (template === read.template) return read;
  return { ...read, template, ...(notRead.length > 0 ? { includesNotRead: notRead } : {}) };
}

/** `file: Resources.Child.Properties.TemplateURL`: the file and key that name another file, for refusals. */
export function referrer(file: string, path: FieldPath): string {
  return `${file}: ${formatPath(path)}`;
}
