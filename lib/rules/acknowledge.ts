/**
 * Acknowledgements: findings a team accepted on purpose, each with its reason. One matcher for every front end
 * (`check`, the jest helpers, the validation plugin): a finding is acknowledged when every resource it blames is
 * covered by an acknowledgement of its rule, wherever that was written (a resource's template `Metadata`, a
 * configuration file or the options, a CDK construct's `Validations.acknowledge`). An acknowledged finding stays
 * in every report, marked so, and does not count toward the exit code.
 */
import { InputError } from '../errors';
import { RULE_IDS } from '../findings/text';
import { isPlainObject } from '../records';
import { formatPath, Problems, type FieldPath } from '../workload/problems';
import { schemaProblems } from '../workload/validate';

/** The `Metadata` key of a resource's acknowledgements in a template (named after the package, as cfn-lint's `cfn-lint` key is). */
export const ACKNOWLEDGE_METADATA_KEY = 'cdk-lambda-scaling';

/** One acknowledgement that covers a finding. */
export interface Acknowledgement {
  readonly ruleId: string;
  readonly reason: string;
  /**
   * SARIF's suppression kinds: `inSource` when it is written on the resource (template `Metadata`, a construct's
   * acknowledgement), `external` when it is written elsewhere (a configuration file, the options).
   */
  readonly kind: 'inSource' | 'external';
  /** Where it is written: `template.yaml: Resources.Queue.Metadata["cdk-lambda-scaling"].acknowledge[0]`, a construct path. */
  readonly source: string;
}

/** A resource a finding blames: the finding's own location or one of its related ones. */
export interface BlamedResource {
  readonly stack: string;
  readonly logicalId: string;
  readonly path?: string;
  readonly templateFile?: string;
}

/** What the matcher reads of a finding. */
export interface AcknowledgeableFinding {
  readonly ruleId: string;
  readonly stack?: string;
  readonly logicalId?: string;
  readonly path?: string;
  readonly templateFile?: string;
  readonly related?: readonly BlamedResource[];
  readonly acknowledgements?: readonly Acknowledgement[];
}

/** The acknowledgement of rule `ruleId` on one resource, when one covers it. */
export type AcknowledgementLookup = (ruleId: string, resource: BlamedResource) => Acknowledgement | undefined;

/** An acknowledgement given in options or a configuration file: a rule, a reason, and the resources by logical id or path pattern. */
export interface AcknowledgementOption {
  /** Rule id of the catalog. */
  readonly id: string;
  /** Why the finding is accepted; shown in every report. */
  readonly reason: string;
  /** Logical id of the resources it covers (in every stack); for a SAM resource, the SAM resource's. Give this or `path`. */
  readonly logicalId?: string;
  /**
   * A glob over the resource's construct path (`aws:cdk:path`) and over `<stack>/<logicalId>`: `*` and `?` stay within
   * one segment, `**` spans segments. Give this or `logicalId`.
   */
  readonly path?: string;
  /**
   * Where the acknowledgement is written, for the reports.
   * @default `acknowledgements[<index>]`
   */
  readonly source?: string;
}

/** The finding's own resource, then the related ones. */
export function blamedResources(f: AcknowledgeableFinding): BlamedResource[] {
  const own = f.logicalId === undefined || f.stack === undefined ? [] : [{ stack: f.stack, logicalId: f.logicalId, path: f.path, templateFile: f.templateFile }];
  return [...own, ...(f.related ?? [])];
}

/** The first acknowledgement of `ruleId` on `resource` among `lookups`, in their order. */
export function acknowledgementOn(ruleId: string, resource: BlamedResource, lookups: readonly AcknowledgementLookup[]): Acknowledgement | undefined {
  for (const lookup of lookups) {
    const found = lookup(ruleId, resource);
    if (found) return found;
  }
  return undefined;
}

/**
 * The acknowledgements that cover every resource `f` blames (each listed once), or undefined when a resource is
 * not covered. A finding that blames no resource (a template notice) is never acknowledged.
 */
export function acknowledgementsOf(f: AcknowledgeableFinding, lookups: readonly AcknowledgementLookup[]): Acknowledgement[] | undefined {
  const resources = blamedResources(f);
  if (resources.length === 0 || lookups.length === 0) return undefined;
  const found = new Set<Acknowledgement>();
  for (const r of resources) {
    const ack = acknowledgementOn(f.ruleId, r, lookups);
    if (!ack) return undefined;
    found.add(ack);
  }
  return [...found];
}

/** The findings, those every blamed resource of which is covered marked with their acknowledgements (the others as they are). */
export function withAcknowledgements<F extends AcknowledgeableFinding>(findings: readonly F[], lookups: readonly AcknowledgementLookup[]): F[] {
  if (lookups.length === 0) return [...findings];
  return findings.map((f) => {
    const acks = acknowledgementsOf(f, lookups);
    return acks ? { ...f, acknowledgements: acks } : f;
  });
}

/** True when the finding is acknowledged. */
export function isAcknowledged(f: AcknowledgeableFinding): boolean {
  return (f.acknowledgements?.length ?? 0) > 0;
}

/** A template as the Metadata reader sees it: the stack name findings use, its file, and the template before SAM expansion. */
export interface AcknowledgedTemplate {
  readonly stackName: string;
  readonly templateFile?: string;
  readonly template: unknown;
}

const keyOf = (templateFile: string | undefined, stack: string, logicalId: string) => `${templateFile ?? ''}\u0000${stack}\u0000${logicalId}`;

/**
 * The acknowledgements written in the resources' `Metadata` (`cdk-lambda-scaling: { acknowledge: [{ id, reason }] }`).
 * Findings on resources SAM generates name the SAM resource, so its Metadata covers them.
 * @throws InputError naming file and path of every entry that is not valid (an unknown rule id, no reason)
 */
export function metadataAcknowledgements(templates: readonly AcknowledgedTemplate[]): AcknowledgementLookup | undefined {
  const byResource = new Map<string, Map<string, Acknowledgement>>();
  const problems: string[] = [];
  for (const t of templates) {
    const resources = isPlainObject(t.template) && isPlainObject(t.template.Resources) ? t.template.Resources : {};
    for (const [logicalId, raw] of Object.entries(resources)) {
      const entry = isPlainObject(raw) && isPlainObject(raw.Metadata) ? raw.Metadata[ACKNOWLEDGE_METADATA_KEY] : undefined;
      if (entry === undefined) continue;
      const at: FieldPath = ['Resources', logicalId, 'Metadata', ACKNOWLEDGE_METADATA_KEY];
      const file = new Problems(t.templateFile ?? t.stackName);
      for (const p of schemaProblems(entry, 'check-metadata')) file.at([...at, ...p.path], p.text);
      if (file.count > 0) {
        problems.push(...file.messages);
        continue;
      }
      const acks = new Map<string, Acknowledgement>();
      (entry as { acknowledge: Array<{ id: string; reason: string }> }).acknowledge.forEach((a, i) => {
        acks.set(a.id, { ruleId: a.id, reason: a.reason, kind: 'inSource', source: `${file.file}: ${formatPath([...at, 'acknowledge', i])}` });
      });
      byResource.set(keyOf(t.templateFile, t.stackName, logicalId), acks);
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  if (byResource.size === 0) return undefined;
  return (ruleId, r) => byResource.get(keyOf(r.templateFile, r.stack, r.logicalId))?.get(ruleId);
}

/** Problems of acknowledgement options (unknown rule, no reason, neither or both of logicalId and path), one sentence each. */
export function acknowledgementOptionProblems(options: readonly AcknowledgementOption[]): string[] {
  const known = new Set<string>(RULE_IDS);
  const problems: string[] = [];
  options.forEach((o, i) => {
    const at = o.source ?? `acknowledgements[${i}]`;
    if (!known.has(o.id)) problems.push(`${at}.id: unknown rule ${String(o.id)}; rules are ${RULE_IDS.join(', ')}`);
    if (typeof o.reason !== 'string' || o.reason.trim() === '') problems.push(`${at}.reason is required: say why the finding is accepted`);
    if ((o.logicalId === undefined) === (o.path === undefined)) problems.push(`${at} must give exactly one of logicalId, path`);
    for (const key of ['logicalId', 'path'] as const) {
      if (o[key] !== undefined && (typeof o[key] !== 'string' || o[key] === '')) problems.push(`${at}.${key} must be a non-empty text`);
    }
  });
  return problems;
}

/**
 * The most steps one run spends matching acknowledgement globs (see {@link globPattern}: a path's length for the
 * literal test, and the states it visits when it passes): a configuration of 12,000 globs on 3,000 findings took
 * 80 s as regular expressions. Ordinary configurations (tens of globs on a few thousand findings' paths of a hundred
 * characters) spend millions.
 */
export const MAX_GLOB_STEPS = 200_000_000;

/**
 * The acknowledgements of options or a configuration file (`external`): by logical id, or by a glob over the
 * resource's construct path and `<stack>/<logicalId>`. Call {@link acknowledgementOptionProblems} first.
 */
export function optionAcknowledgements(options: readonly AcknowledgementOption[]): AcknowledgementLookup | undefined {
  if (options.length === 0) return undefined;
  let steps = 0;
  const entries = options.map((o, i) => {
    const source = o.source ?? `acknowledgements[${i}]`;
    const spend = (more: number) => {
      steps += more;
      if (steps > MAX_GLOB_STEPS) {
        throw new InputError(`${source}: matching the acknowledgements' path globs against the findings takes more than ${MAX_GLOB_STEPS.toLocaleString('en-US')} steps (the length of each path a glob is tried on, and the states it passes through): give fewer or simpler globs, or logicalId`);
      }
    };
    return { ack: { ruleId: o.id, reason: o.reason, kind: 'external' as const, source }, logicalId: o.logicalId, pattern: o.path === undefined ? undefined : globPattern(o.path, spend) };
  });
  return (ruleId, r) => {
    const path = r.path ?? '';
    const id = `${r.stack}/${r.logicalId}`;
    return entries.find((e) => e.ack.ruleId === ruleId && (e.logicalId !== undefined ? e.logicalId === r.logicalId : e.pattern?.test(path) || e.pattern?.test(id)))?.ack;
  };
}

/** One piece of a glob: a character, `?`, `*`, `**`, or `**` before a `/` (`dirs`: nothing, or any characters ending in `/`). */
type GlobToken = { readonly kind: 'char'; readonly char: string } | { readonly kind: 'one' | 'star' | 'any' | 'dirs' };

function globTokens(glob: string): GlobToken[] {
  const tokens: GlobToken[] = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      // `a/**/b` also matches `a/b`
      tokens.push({ kind: glob[i + 2] === '/' ? 'dirs' : 'any' });
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') tokens.push({ kind: 'star' });
    else if (c === '?') tokens.push({ kind: 'one' });
    else tokens.push({ kind: 'char', char: c });
  }
  return tokens;
}

/** The literal runs of a glob, in order, and whether it starts and ends with one: what any text it matches contains. */
function literalRuns(tokens: readonly GlobToken[]): { runs: string[]; first: boolean; last: boolean } {
  const runs: string[] = [];
  let run = '';
  for (const t of tokens) {
    if (t.kind === 'char') run += t.char;
    else {
      if (run !== '' || runs.length === 0) runs.push(run);
      run = '';
    }
  }
  runs.push(run);
  return { runs, first: tokens[0]?.kind === 'char', last: tokens.length > 0 && tokens[tokens.length - 1].kind === 'char' };
}

/**
 * A glob over the whole text: `**` any characters, `*` any but `/`, `?` one but `/`. Both the glob (a configuration
 * file's) and the text (a construct path, a logical id: the template's) come from the pull request. A text that does
 * not hold the glob's literal runs in order (its first at the start, its last at the end) is no match, found with
 * indexOf; any other runs every place in the glob at once over the text, once. `spend` is told the steps: the text's
 * length for the literal test, then the states visited, at most (glob length × 2 + 1) × (text length). A regular expression (`.*a.*a.*a…`) tried every split of the text between its
 * stars: `**a` twelve times then `**b`, on a path of forty `a`, ran for hours.
 */
export function globPattern(glob: string, spend: (steps: number) => void = () => undefined): { test(text: string): boolean } {
  const tokens = globTokens(glob);
  const n = tokens.length;
  const { runs, first, last } = literalRuns(tokens);
  const holdsRuns = (text: string): boolean => {
    if (n === runs[0].length) return text === runs[0];
    let at = 0;
    for (const [k, run] of runs.entries()) {
      if (k === 0 && first) {
        if (!text.startsWith(run)) return false;
      } else if (k === runs.length - 1 && last) return text.length - run.length >= at && text.endsWith(run);
      else {
        const found = text.indexOf(run, at);
        if (found === -1) return false;
        at = found;
      }
      at += run.length;
    }
    return true;
  };
  // States 0..n: the tokens before it matched; n + 1 + k: inside token k, a `dirs` that has taken characters.
  const size = 2 * n + 1;
  let current = new Int32Array(size);
  let next = new Int32Array(size);
  const mark = new Uint32Array(size);
  let generation = 0;
  let count = 0;
  /** Adds state k to `next`, and what it reaches without a character (a star may match nothing). */
  const enter = (k: number) => {
    for (let s = k; s <= n && mark[s] !== generation; s++) {
      mark[s] = generation;
      next[count++] = s;
      if (s === n || tokens[s].kind === 'char' || tokens[s].kind === 'one') break;
    }
  };
  /** Adds the state inside a `dirs` (it reaches nothing without a character). */
  const stay = (s: number) => {
    if (mark[s] === generation) return;
    mark[s] = generation;
    next[count++] = s;
  };
  return {
    test(text: string): boolean {
      spend(text.length + 1);
      if (!holdsRuns(text)) return false;
      let work = 0;
      generation++;
      count = 0;
      enter(0);
      for (let i = 0; i < text.length && count > 0; i++) {
        const c = text[i];
        [current, next] = [next, current];
        const active = count;
        work += active;
        count = 0;
        generation++;
        for (let j = 0; j < active; j++) {
          const s = current[j];
          if (s > n) {
            // inside a `dirs`: any character stays, a `/` may end it
            stay(s);
            if (c === '/') enter(s - n);
            continue;
          }
          if (s === n) continue;
          const t = tokens[s];
          if (t.kind === 'char') {
            if (c === t.char) enter(s + 1);
          } else if (t.kind === 'one') {
            if (c !== '/') enter(s + 1);
          } else if (t.kind === 'star') {
            if (c !== '/') enter(s);
          } else if (t.kind === 'any') enter(s);
          else {
            stay(n + 1 + s);
            if (c === '/') enter(s + 1);
          }
        }
      }
      spend(work);
      for (let j = 0; j < count; j++) if (next[j] === n) return true;
      return false;
    },
  };
}
