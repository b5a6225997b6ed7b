/**
 * Where a file really is, and the root it must be inside: real paths with every symbolic link resolved (also a
 * dangling one, so a refusal cannot tell an outsider what exists), and the folder a document's nested stacks,
 * includes, cloud-assembly files and traces are confined to.
 */
import { lstatSync, readlinkSync, realpathSync } from 'fs';
import { basename, dirname, join, parse, resolve, sep } from 'path';
import { InputError } from './errors';

/** Links followed before a path is taken as a loop of links (Linux gives up at 40 as well). */
const MAX_LINK_HOPS = 40;

/**
 * The real path `path` names: symbolic links resolved in every part that exists (a link whose target is missing
 * is followed too), the rest as written. The same answer whether or not the last parts exist, so a refusal built on
 * it cannot tell an outsider what exists. Never throws.
 */
export function realPathOf(path: string, hops = 0): string {
  const absolute = resolve(path);
  const { root } = parse(absolute);
  const names = absolute.slice(root.length).split(sep).filter(Boolean);
  // Climbing a name at a time from the end cost a failed call for each one that does not exist (a manifest's
  // templateFile of 100,000 folders ran for minutes): start at the longest start that exists, found by halving.
  const existing = longestExisting(root, names);
  const rest: string[] = names.slice(existing);
  for (let head = join(root, ...names.slice(0, existing)); ; ) {
    try {
      return join(realpathSync(head), ...rest);
    } catch {
      // A dangling link is followed by hand: where it points decides, not whether that exists.
      const target = hops < MAX_LINK_HOPS ? linkTarget(head) : undefined;
      if (target !== undefined) return realPathOf(join(resolve(dirname(head), target), ...rest), hops + 1);
      const parent = dirname(head);
      if (parent === head) return absolute;
      rest.unshift(basename(head));
      head = parent;
    }
  }
}

/**
 * How many of `names` (an absolute path's, after its `root`) lead to something that exists, a link whether or not its
 * target does: the names after them lead nowhere, as nothing can be inside what does not exist.
 */
function longestExisting(root: string, names: readonly string[]): number {
  let low = 0;
  let high = names.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (exists(join(root, ...names.slice(0, mid)))) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** True when there is a file, folder or link (dangling or not) at `path`. */
function exists(path: string): boolean {
  try {
    return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}

/** What the link at `path` points to, or undefined when it is not a link. */
function linkTarget(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

/** How a refusal says a root is widened, unless the root says otherwise. */
const WIDEN_WITH_ROOT = 'give --root with a folder that holds both to widen it';

/**
 * The folder every file a document names must be inside, symbolic links resolved ({@link realPathOf}):
 * the root `check`, `plan` and `simulate` confine nested stacks, included files, cloud-assembly files and
 * trace files to (by default the folder of the input given; `--root` widens it).
 */
export class Root {
  /** The root's real path. */
  readonly real: string;

  /**
   * @param dir the folder
   * @param shown how messages name it (as the user gave it)
   * @param widen how a refusal says to read a file outside it
   */
  constructor(
    dir: string,
    readonly shown: string = dir,
    readonly widen: string = WIDEN_WITH_ROOT,
  ) {
    this.real = realPathOf(dir);
  }

  /** True when `real` (a real path) is the root or inside it. */
  holds(real: string): boolean {
    const prefix = this.real.endsWith(sep) ? this.real : this.real + sep;
    return real === this.real || real.startsWith(prefix);
  }

  /**
   * The real path of the file `path` names, when it is inside the root; decided before anything looks at the
   * file, so the answer is the same whether or not it exists.
   * @param referrer the file and key that name it (`template.yaml: Resources.Child.Properties.TemplateURL`)
   * @throws OutsideRoot naming `referrer` and the root, never the file or what it holds
   */
  confine(path: string, referrer: string): string {
    const real = realPathOf(path);
    if (!this.holds(real)) throw new OutsideRoot(referrer, this.shown, this.widen);
    return real;
  }
}

/** What a refusal says after the file and key that name a file outside `root` (the root as shown). */
export function outsideRoot(root: string, widen: string = WIDEN_WITH_ROOT): string {
  return `names a file outside the root ${root}; only files inside it are read (${widen})`;
}

/** A file a document names outside the root: an input problem (exit 2) that names who named it, never the file. */
export class OutsideRoot extends InputError {
  constructor(
    public readonly referrer: string,
    root: string,
    widen?: string,
  ) {
    super(`${referrer} ${outsideRoot(root, widen)}`);
    this.name = 'InputError';
  }
}
