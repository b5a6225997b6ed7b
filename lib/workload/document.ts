/**
 * Reads the text of a workload file (YAML 1.2, which includes JSON) into plain data, reporting syntax
 * errors as `file:line:col: message`.
 */
import { isAlias, isCollection, isPair, LineCounter, parseDocument, visit, type Alias, type Node, type YAMLError } from 'yaml';
import { InputError } from '../errors';
import { quoteToken, redactSecrets } from '../secrets';

/**
 * Deepest nesting accepted. A workload nests about six levels; the YAML parser recurses per level and a
 * stack overflow inside it can abort the process, so absurd nesting is refused before parsing.
 */
export const MAX_NESTING = 100;
/** YAML aliases may expand to at most this many nodes (guards against "billion laughs"). */
const MAX_ALIAS_COUNT = 100;
/**
 * Anchors and aliases a document may have: the YAML library looks each alias up among all of them, in a list (a
 * 1 MB file of 150,000 aliases ran for more than five minutes); a workload or configuration uses a few.
 */
const MAX_ANCHORS_AND_ALIASES = 10_000;
/**
 * Values a document may expand to, each alias counted as the values it copies (a merge key `<<` copies a whole
 * mapping): the YAML library's alias count is per anchor, so a 2 MB workload of merges made 9 million entries (1 GB).
 */
const MAX_EXPANDED_VALUES = 1_000_000;
/** Syntax errors listed before the rest are counted (garbage input can give hundreds). */
const MAX_SYNTAX_ERRORS = 10;

/**
 * Parses a workload's text (YAML or JSON) into plain data.
 *
 * JSON files go through the same parser (YAML 1.2 is a superset of JSON), so both report syntax errors
 * with line and column, and both reject duplicate keys instead of keeping the last one.
 * @throws InputError for syntax errors, duplicate keys, unresolved tags, non-string keys, excessive
 * nesting or alias expansion, and an empty document.
 */
export function parseDocumentText(text: string, file: string): unknown {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const deep = findExcessiveNesting(source);
  if (deep) {
    throw new InputError(`${file}:${deep.line}:1: nesting is deeper than ${MAX_NESTING} levels; a workload nests a few levels`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { prettyErrors: false, lineCounter, merge: true, uniqueKeys: true });
  const located = (e: YAMLError | { pos: [number, number]; message: string }) => {
    const { line, col } = lineCounter.linePos(e.pos[0]);
    return `${line}:${col}: ${'code' in e ? syntaxProblem(e) : e.message}`;
  };
  const syntax = [...doc.errors, ...doc.warnings].map(located);
  const at = (node: { range?: readonly number[] | null }, message: string) => syntax.push(located({ pos: [node.range?.[0] ?? 0, 0], message }));
  // The node each anchor names so far, in the order of the walk: an alias names the last one before it (what
  // `alias.resolve(doc)` finds by walking the whole document again, for each alias: a 74 KB file of merges ran a minute).
  const anchors = new Map<string, Node>();
  let anchorsAndAliases = 0;
  // What the aliases copy, beyond the alias itself; the node each one names, to count the ones inside a copy.
  let copied = 0;
  const targets = new Map<Alias, Node>();
  const sizes = new Map<Node, number>();
  visit(doc, {
    Node(_, node) {
      if (isAlias(node) || !node.anchor) return;
      anchors.set(node.anchor, node);
      anchorsAndAliases++;
    },
    Pair(_, pair) {
      if (isPair(pair) && isCollection(pair.key)) at(pair.key, 'a mapping key must be a plain value, not a list or mapping');
    },
    Alias(_, alias, path) {
      anchorsAndAliases++;
      // An alias inside the node it names would make the data circular; an unknown one has nothing to copy.
      const target = anchors.get(alias.source);
      if (!target) at(alias, `alias ${quoteToken(`*${alias.source}`)} has no anchor before it`);
      else if (path.includes(target)) at(alias, `alias ${quoteToken(`*${alias.source}`)} is inside the node it refers to (the data would be circular)`);
      else {
        targets.set(alias, target);
        copied += valuesOf(target, targets, sizes) - 1;
      }
    },
  });
  if (syntax.length > 0) {
    const listed = syntax.slice(0, MAX_SYNTAX_ERRORS).map((s) => `${file}:${s}`);
    if (syntax.length > MAX_SYNTAX_ERRORS) listed.push(`${file}: … and ${syntax.length - MAX_SYNTAX_ERRORS} more syntax errors`);
    throw new InputError(listed);
  }
  if (copied > MAX_EXPANDED_VALUES) throw new InputError(`${file}: the document's YAML aliases expand too much (to more than ${MAX_EXPANDED_VALUES} values)`);
  if (anchorsAndAliases > MAX_ANCHORS_AND_ALIASES) throw new InputError(`${file}: the document has more than ${MAX_ANCHORS_AND_ALIASES} YAML anchors and aliases; a workload or configuration uses a few`);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    // yaml throws here when aliases expand to more than maxAliasCount nodes, or a merge key (<<) names no map.
    const message = redactSecrets(err instanceof Error ? firstLine(err.message) : String(err));
    const what = /alias count/i.test(message) ? "the document's YAML aliases expand too much" : 'the document cannot be read as data';
    throw new InputError(`${file}: ${what} (${message})`);
  }
  if (data === null || data === undefined) {
    throw new InputError(`${file}: the document is empty; a workload needs at least account and functions`);
  }
  return data;
}

/**
 * The kind of a YAML syntax problem in our words, quoting from the file only through the secret filter: a
 * directive is never quoted (`%AKIA…` would be), a tag is, the parser's other words are with secrets hidden.
 */
function syntaxProblem(e: YAMLError): string {
  if (e.code === 'BAD_DIRECTIVE') return 'unknown YAML directive (YAML knows %YAML and %TAG)';
  const tag = /^(?:Unresolved tag|Could not resolve tag): (.*)$/.exec(firstLine(e.message))?.[1];
  if (tag !== undefined) return `unknown YAML tag ${quoteToken(tag)}`;
  return redactSecrets(firstLine(e.message));
}

/**
 * How many values `node` is once its aliases are copied: itself, its keys and values, and for an alias what its
 * target is (in `targets`, each named before it in the document, so already counted). Memoized per node an alias
 * names in `sizes`, so each is walked once; the recursion is as deep as the nesting, which is bounded.
 */
function valuesOf(node: unknown, targets: ReadonlyMap<Alias, Node>, sizes: Map<Node, number>): number {
  if (isAlias(node)) {
    const target = targets.get(node);
    return target === undefined ? 1 : valuesOf(target, targets, sizes);
  }
  if (isPair(node)) return valuesOf(node.key, targets, sizes) + valuesOf(node.value, targets, sizes);
  if (!isCollection(node)) return 1;
  const known = sizes.get(node);
  if (known !== undefined) return known;
  let count = 1;
  for (const item of node.items) count += valuesOf(item, targets, sizes);
  sizes.set(node, count);
  return count;
}

function firstLine(message: string): string {
  const line = message.split('\n', 1)[0].trim();
  return line.endsWith('.') ? line.slice(0, -1) : line;
}

/**
 * Finds the first line whose nesting could exceed {@link MAX_NESTING}: open flow brackets plus the
 * line's indentation and block indicators (`-`, `?`, `:`). An over-estimate, which is the safe side.
 */
function findExcessiveNesting(text: string): { line: number } | undefined {
  let flow = 0;
  let line = 1;
  let lineStart = true;
  let prefix = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      line++;
      lineStart = true;
      prefix = 0;
      continue;
    }
    if (lineStart && (c === ' ' || c === '\t' || c === '-' || c === '?' || c === ':')) prefix++;
    else lineStart = false;
    if (c === '[' || c === '{') flow++;
    else if ((c === ']' || c === '}') && flow > 0) flow--;
    if (flow + prefix > MAX_NESTING) return { line };
  }
  return undefined;
}
