/**
 * A template's text into data, as CloudFormation reads it: JSON, or YAML with the short-form intrinsics. What
 * CloudFormation rejects is refused here with the file and line named, never silently repaired: a key given twice
 * in one object (JSON.parse and YAML libraries keep the last one), a YAML tag that is not an intrinsic, and a file
 * that is not a template at all (a `package.json`, `{}`).
 */
import { CORE_SCHEMA, load, Type, YAMLException } from 'js-yaml';
import { InputError } from '../errors';
import { parseJsonText } from '../files';
import { quoteToken, redactSecrets } from '../secrets';

/**
 * Intrinsic functions with a YAML short form (`!Ref`, `!GetAtt`, `!Sub`, ...), and the long form they stand for;
 * the rule functions of the `Rules` section too (`!Contains`, `!EachMemberIn`, `!ValueOfAll`, ...), which Quick
 * Start templates write in short form.
 */
const SHORT_FORMS: ReadonlyArray<readonly [string, string]> = [
  ['Ref', 'Ref'],
  ['Condition', 'Condition'],
  ...['GetAtt', 'Sub', 'Join', 'Select', 'Split', 'If', 'ImportValue', 'FindInMap', 'Base64', 'Cidr', 'GetAZs', 'Equals', 'And', 'Or', 'Not', 'Transform', 'ToJsonString', 'Length'].map(
    (name) => [name, `Fn::${name}`] as const,
  ),
  ...['Contains', 'EachMemberEquals', 'EachMemberIn', 'RefAll', 'ValueOf', 'ValueOfAll'].map((name) => [name, `Fn::${name}`] as const),
];

/**
 * YAML 1.2 core (no timestamps: `Version: 2012-10-17` stays a string, as CloudFormation reads it) plus every
 * short form as scalar, sequence and mapping. js-yaml follows PyYAML, which CloudFormation's reader resembles:
 * it accepts flow collections indented less than their key, which stricter parsers refuse.
 */
const CLOUDFORMATION_SCHEMA = CORE_SCHEMA.extend(
  SHORT_FORMS.flatMap(([short, long]) =>
    (['scalar', 'sequence', 'mapping'] as const).map(
      (kind) => new Type(`!${short}`, { kind, construct: (data: unknown) => ({ [long]: long === 'Fn::GetAtt' && typeof data === 'string' ? splitGetAtt(data) : (data ?? '') }) }),
    ),
  ),
);

/** Values an aliased YAML document may expand to before it is refused (a "billion laughs" document expands exponentially). */
const MAX_EXPANDED_VALUES = 2_000_000;

/**
 * Where a YAML alias may be: `*name` at the start of a node. An alias has no tag or anchor (js-yaml refuses one
 * with properties), so what comes before it is the start of the text, a blank or line break, a flow indicator
 * (`[`, `{`, `,`) or a `:` (after a quoted key in a flow mapping; `-` too, to be safe). Anchors are no sign: js-yaml
 * takes one glued to a tag (`!<tag:yaml.org,2002:seq>&a`). Most templates have none (`'*'`, `cron(0 * * * ? *)`), so
 * the walk is skipped there; where `s3:*` or `arn:*:*` matches, the walk costs a tenth of the parse.
 */
const ALIAS = /(^|[\s[{,:-])\*[^\s,[\]{}]/;

/**
 * How much text one template may be parsed again for, in all, while its lone flow `-` are quoted (see
 * {@link loneFlowDash}): each costs a parse of the whole text. A template has a handful; past this it is refused.
 */
const MAX_REREAD_CHARS = 64 * 1024 * 1024;

/**
 * Where js-yaml stopped at a `-` that starts a flow entry and is followed at once by `,`, `]` or `}`
 * (`!Split [-, ...]`), or undefined for any other error. YAML 1.2 reads no plain scalar there; PyYAML, which
 * `sam deploy` and cfn-lint read templates with, reads the string `-` (its scanner only wants a non-blank after a
 * leading `-`). Where PyYAML refuses too (`[x, - y]`, a blank after it) this is undefined: the error stands.
 */
function loneFlowDash(err: YAMLException, source: string): number | undefined {
  const at = err.mark?.position;
  if (err.reason !== 'missed comma between flow collection entries' || at === undefined) return undefined;
  return source[at] === '-' && ',]}'.includes(source[at + 1] ?? ' ') ? at : undefined;
}

function splitGetAtt(text: string): string[] {
  const dot = text.indexOf('.');
  return dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
}

/** Top-level sections of a CloudFormation template (template anatomy); anything else at the top is not a template. */
export const TEMPLATE_SECTIONS: ReadonlySet<string> = new Set([
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Rules',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs',
  'Hooks',
  'Globals', // AWS SAM
]);

/**
 * Parses a template's text: JSON, or YAML with CloudFormation short-form tags. `file` names it in errors.
 * @param lastKeyWins take the last value of a key given twice (as CloudFormation and `sam package` do) instead of refusing it
 * @throws InputError for syntax errors, a key given twice in one object ({@link DuplicateKeyError}), and YAML tags that are not intrinsics
 */
export function parseTemplate(text: string, file: string, lastKeyWins = false): unknown {
  // Anything not named .json goes through YAML, which also reads JSON (and YAML flow mappings that start with `{`).
  if (/\.json$/i.test(file)) return lastKeyWins ? parseJsonText(text, file) : parseJson(text, file);
  let data: unknown;
  let source = text;
  for (let reread = 0; ; ) {
    try {
      // js-yaml's `json` mode keeps the last value of a duplicated key, as JSON.parse does.
      data = load(source, { schema: CLOUDFORMATION_SCHEMA, filename: file, json: lastKeyWins });
      break;
    } catch (err) {
      if (!(err instanceof YAMLException)) throw err;
      const dash = loneFlowDash(err, source);
      if (dash !== undefined && (reread += source.length) <= MAX_REREAD_CHARS) {
        // Quoted, it is the string PyYAML reads; no line moves, so later errors name the template's own lines.
        source = `${source.slice(0, dash)}"-"${source.slice(dash + 1)}`;
        continue;
      }
      const line = err.mark ? err.mark.line + 1 : 1;
      if (err.reason === 'duplicated mapping key') throw duplicateKeyError(file, yamlKeyAt(source, err.mark?.position ?? 0), line);
      const tag = /^unknown tag !<(.*)>$/.exec(err.reason)?.[1];
      if (tag !== undefined) throw new InputError(`${file}:${line}: unknown YAML tag ${quoteToken(tag)}; CloudFormation knows only the short forms of its intrinsic functions (!Ref, !GetAtt, !Sub, ...)`);
      throw new InputError(`${file}:${line}: invalid YAML: ${redactSecrets(err.reason)}`);
    }
  }
  // Aliases share one object per anchor, and a walk meets it each time; only a document with an alias can expand.
  if (ALIAS.test(source) && expandedValues(data, MAX_EXPANDED_VALUES) > MAX_EXPANDED_VALUES) {
    throw new InputError(`${file}: the document's YAML aliases expand to more than ${MAX_EXPANDED_VALUES} values`);
  }
  return data;
}

/** How many values `data` has when its shared (aliased) parts are counted each time they appear, up to `budget` + 1. */
function expandedValues(data: unknown, budget: number): number {
  let count = 0;
  const stack: unknown[] = [data];
  while (stack.length > 0 && count <= budget) {
    const v = stack.pop();
    count++;
    if (typeof v === 'object' && v !== null) for (const item of Array.isArray(v) ? v : Object.values(v)) stack.push(item);
  }
  return count;
}

function parseJson(text: string, file: string): unknown {
  // The one JSON reader's message names the line and the offending token, never the file's text.
  const data = parseJsonText(text, file);
  // Only a text with an object can repeat a key; the scan costs about as much as JSON.parse itself.
  const duplicate = typeof data === 'object' && data !== null ? findDuplicateJsonKey(text) : undefined;
  if (duplicate) throw duplicateKeyError(file, JSON.parse(duplicate.key) as string, duplicate.line);
  return data;
}

/** A key given twice in one object: where (the first such key of the file) and which. */
export class DuplicateKeyError extends InputError {
  constructor(
    readonly file: string,
    /** The key as written in the file, without quotes. */
    readonly key: string,
    readonly line: number,
  ) {
    super(`${file}:${line}: duplicate key ${quoteToken(key)}; CloudFormation rejects a template that gives a key twice in one object (a parser would keep only the last)`);
    this.name = 'InputError';
  }
}

/** `key` as written in the file, without quotes; a message quotes it through the secret filter. */
function duplicateKeyError(file: string, key: string, line: number): InputError {
  return new DuplicateKeyError(file, key, line);
}

/**
 * Parses a template's text as {@link parseTemplate}, but a key given twice is not a refusal: the data keeps the
 * last value (what CloudFormation and `sam package` keep) and the first duplicated key (quoted through the secret
 * filter) is returned beside it, to be reported as a finding of the file.
 */
export function parseTemplateLastKeyWins(text: string, file: string): { readonly data: unknown; readonly duplicateKey?: { readonly key: string; readonly line: number } } {
  try {
    return { data: parseTemplate(text, file) };
  } catch (err) {
    if (!(err instanceof DuplicateKeyError)) throw err;
    return { data: parseTemplate(text, file, true), duplicateKey: { key: quoteToken(err.key), line: err.line } };
  }
}

/** The key text at `pos` of a YAML source (a plain, single- or double-quoted scalar before its `:`), without its quotes. */
function yamlKeyAt(text: string, pos: number): string {
  const m = /^("(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^\n]*?)\s*:(?:\s|$)/.exec(text.slice(pos, pos + 1000));
  const raw = m ? m[1] : text.slice(pos).split(/[\s:]/, 1)[0];
  return /^(["']).*\1$/s.test(raw) ? raw.slice(1, -1) : raw;
}

/**
 * The first key that appears twice in one object of a valid JSON text, with its 1-based line. Strings and
 * brackets are matched by a regular expression (numbers, literals, commas and white space are skipped by it);
 * a string followed by `:` is a key of the innermost open object.
 */
export function findDuplicateJsonKey(text: string): { key: string; line: number } | undefined {
  const token = /"[^"\\]*(?:\\.[^"\\]*)*"|[{}[\]]/g;
  // One entry per open bracket: the keys seen so far in an object, `undefined` for an array.
  const open: Array<Set<string> | undefined> = [];
  for (let m = token.exec(text); m !== null; m = token.exec(text)) {
    const t = m[0];
    const c = t.charCodeAt(0);
    if (c === 0x7b) open.push(new Set());
    else if (c === 0x5b) open.push(undefined);
    else if (c === 0x7d || c === 0x5d) open.pop();
    else {
      const keys = open[open.length - 1];
      if (keys === undefined) continue;
      let i = token.lastIndex;
      while (text.charCodeAt(i) <= 0x20) i++;
      if (text.charCodeAt(i) !== 0x3a) continue;
      // `"a"` and `"\u0061"` are the same key.
      const key = t.includes('\\') ? (JSON.parse(t) as string) : t.slice(1, -1);
      if (keys.has(key)) return { key: JSON.stringify(key), line: lineAt(text, m.index) };
      keys.add(key);
    }
  }
  return undefined;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Why `data` is not a CloudFormation template, or undefined when it is one: an object with a `Resources` object.
 * `emptyStackAllowed`: a stack of a cloud assembly may have no `Resources` (CDK synthesizes none for an empty
 * stack, and does not deploy it) as long as every top-level key is a template section.
 */
export function templateProblem(data: unknown, emptyStackAllowed = false): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return `not a CloudFormation template: the file holds ${Array.isArray(data) ? 'a list' : data === null || data === undefined ? 'nothing' : `a ${typeof data}`}, not an object with Resources`;
  }
  const record = data as Record<string, unknown>;
  const resources = record.Resources;
  if (typeof resources === 'object' && resources !== null && !Array.isArray(resources)) return undefined;
  if (resources !== undefined) return 'not a CloudFormation template: Resources is not an object of resources';
  const foreign = Object.keys(record).filter((k) => !TEMPLATE_SECTIONS.has(k)).length;
  if (emptyStackAllowed && foreign === 0) return undefined;
  // Counted, never shown: the file may be anything (a system file, a credentials file).
  const keys = foreign > 0 ? ` (it has ${foreign === 1 ? '1 top-level key that is not a template section' : `${foreign} top-level keys that are not template sections`})` : '';
  return `not a CloudFormation template: no Resources section${keys}`;
}
