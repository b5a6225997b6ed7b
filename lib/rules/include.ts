/**
 * The `AWS::Include` transform, applied where it stands, as `aws cloudformation package` and CloudFormation do:
 * `Fn::Transform: { Name: AWS::Include, Parameters: { Location } }` as a whole value (a resource body, a property
 * such as `DefinitionBody`) is replaced by the snippet; beside other keys (in `Resources`, in an object) the
 * snippet's keys are merged in; in the template's `Transform` section, the snippet is merged into the template.
 * A local `Location` is read relative to the including file, through the loader (inside the root, each file once);
 * a remote (`s3://`) or missing one is left out and named, for the coverage. Snippets may include others; a cycle
 * is named, not followed, and what all includes produce counts against one budget.
 */
import { InputError } from '../errors';
import { isPlainObject, setOwn } from '../records';
import { formatPath, type FieldPath } from '../workload/problems';
import { MAX_EXPANDED_VALUES } from './language-extensions';
import { rawMentions } from './references';
import { MAX_DEPTH } from './resolve';

/** The transform's name. */
export const INCLUDE = 'AWS::Include';

/** A URL scheme (`https://`, `s3://`): a snippet somewhere else, not a local file. */
const REMOTE = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Reads the snippet a local `Location` names from the file `from`: its data, its real path (for cycles) and how it
 * is shown; undefined when it does not exist.
 * @param referrer the file and key that name it, for a refusal (a file outside the root)
 */
export type SnippetReader = (location: string, from: IncludingFile, referrer: string) => Snippet | undefined;

/** A file that includes snippets: its real path and how it is shown. */
export interface IncludingFile {
  readonly real: string;
  readonly shown: string;
}

/** A snippet read: its data, and its file. */
export interface Snippet extends IncludingFile {
  readonly data: unknown;
}

/** What {@link applyIncludes} returns. */
export interface IncludesApplied {
  /** The template with its includes applied (the input itself when it has none). */
  readonly template: unknown;
  /** Includes not applied, each with why (remote, missing, a cycle), for the coverage. */
  readonly notRead: readonly string[];
}

/** The `Location` of an `AWS::Include` transform value, or undefined when it is not one. */
function includeLocation(transform: unknown): { readonly location: unknown } | undefined {
  if (!isPlainObject(transform) || transform.Name !== INCLUDE) return undefined;
  return { location: isPlainObject(transform.Parameters) ? transform.Parameters.Location : undefined };
}

/**
 * Applies every `AWS::Include` of `template` (the file `file`, as shown); never changes its input.
 * @throws OutsideRoot (through `read`) for a snippet outside the root; InputError when includes produce more than the budget
 */
export function applyIncludes(template: unknown, file: IncludingFile, read: SnippetReader): IncludesApplied {
  if (!isPlainObject(template) || !rawMentions(template, INCLUDE)) return { template, notRead: [] };
  return new Includer(read, file).template(template, new Set([file.real]));
}

class Includer {
  readonly notRead: string[] = [];
  private values = 0;

  constructor(
    private readonly read: SnippetReader,
    private readonly file: IncludingFile,
  ) {}

  template(template: Record<string, unknown>, chain: ReadonlySet<string>): IncludesApplied {
    let top: Record<string, unknown> = template;
    const transforms = Array.isArray(template.Transform) ? template.Transform : template.Transform === undefined ? [] : [template.Transform];
    const includes = transforms.filter((t) => includeLocation(t) !== undefined);
    if (includes.length > 0) {
      // Applied includes leave the Transform section; one not applied stays (the coverage names it as a transform not applied).
      const kept: unknown[] = transforms.filter((t) => includeLocation(t) === undefined);
      top = {};
      for (const [key, value] of Object.entries(template)) if (key !== 'Transform') setOwn(top, key, value);
      for (const t of includes) {
        const snippet = this.snippet(includeLocation(t)?.location, this.file, ['Transform'], chain);
        if (snippet === undefined || !isPlainObject(snippet.data)) {
          kept.push(t);
          continue;
        }
        // Section by section: a snippet's Resources join the template's.
        for (const [key, value] of Object.entries(snippet.data)) setOwn(top, key, isPlainObject(top[key]) && isPlainObject(value) ? { ...top[key], ...value } : value);
      }
      if (kept.length > 0) setOwn(top, 'Transform', Array.isArray(template.Transform) ? kept : kept[0]);
    }
    return { template: this.walk(top, [], this.file, chain, 0), notRead: this.notRead };
  }

  /** `value` with its includes applied; `where` is its path in the file `from`. */
  private walk(value: unknown, where: FieldPath, from: IncludingFile, chain: ReadonlySet<string>, depth: number): unknown {
    if (++this.values > MAX_EXPANDED_VALUES) {
      throw new InputError(`${this.file.shown}: its AWS::Include snippets expand to more than ${MAX_EXPANDED_VALUES.toLocaleString('en-US')} values; one template may expand to at most that`);
    }
    if (depth > MAX_DEPTH || (typeof value !== 'object' || value === null)) return value;
    if (Array.isArray(value)) return value.map((v, i) => this.walk(v, [...where, i], from, chain, depth + 1));
    if (!isPlainObject(value)) return value;
    const out: Record<string, unknown> = {};
    const include = includeLocation(value['Fn::Transform']);
    if (include !== undefined) {
      const snippet = this.snippet(include.location, from, [...where, 'Fn::Transform'], chain);
      const others = Object.keys(value).filter((k) => k !== 'Fn::Transform');
      if (snippet !== undefined && others.length === 0) return this.walk(snippet.data, where, snippet, new Set([...chain, snippet.real]), depth + 1);
      if (snippet !== undefined && isPlainObject(snippet.data)) {
        const merged = this.walk(snippet.data, where, snippet, new Set([...chain, snippet.real]), depth + 1) as Record<string, unknown>;
        for (const [key, v] of Object.entries(merged)) setOwn(out, key, v);
      } else if (snippet === undefined && where.length === 1 && where[0] === 'Resources') {
        // Not read: a resource-level include is left out of Resources (it is no resource); the coverage names it.
      } else {
        setOwn(out, 'Fn::Transform', value['Fn::Transform']);
      }
    }
    for (const [key, v] of Object.entries(value)) if (key !== 'Fn::Transform') setOwn(out, key, this.walk(v, [...where, key], from, chain, depth + 1));
    return out;
  }

  /** The snippet a Location names, or undefined (and a note) when it is not read. */
  private snippet(location: unknown, from: IncludingFile, where: FieldPath, chain: ReadonlySet<string>): Snippet | undefined {
    const at = `${from === this.file ? '' : `${from.shown}: `}${formatPath(where)} (${INCLUDE})`;
    if (typeof location !== 'string' || location === '') {
      this.notRead.push(`${at}: no Location`);
      return undefined;
    }
    if (REMOTE.test(location)) {
      this.notRead.push(`${at}: a remote file is not read`);
      return undefined;
    }
    const found = this.read(location, from, `${from.shown}: ${formatPath([...where, 'Parameters', 'Location'])}`);
    if (found === undefined) {
      this.notRead.push(`${at}: no such file`);
      return undefined;
    }
    if (chain.has(found.real)) {
      this.notRead.push(`${at}: includes itself (a cycle)`);
      return undefined;
    }
    return found;
  }
}
