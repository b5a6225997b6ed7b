/**
 * Finds the deployed function of each plan function: by name, by the plan tag the constructs put on
 * it (`cdk-lambda-scaling:function`), or inside one CloudFormation stack (`--stack`), and says which.
 *
 * Calls, cheapest first: one GetFunctionConfiguration per plan function (by name, as before tags);
 * only when a name is not found, or a stack is given, ListFunctions (50 a page) and one ListTags per
 * function of the region. CloudFormation puts `aws:cloudformation:stack-name` and
 * `aws:cloudformation:logical-id` on every function it creates, so a stack needs no CloudFormation call.
 */
import { CLOUDFORMATION_TAGS, PLAN_TAGS } from '../model';
import type { AwsSession } from './session';
import { isAwsReadError } from './errors';
import { listFunctions, readConfiguration, readTags, type FunctionSummary } from './deployed';
import { mapLimit } from './pool';

/** How a deployed function was matched to its plan function. */
export type FoundBy = 'name' | 'tag' | 'logical-id';

/** A plan function's deployed function. */
export interface LocatedFunction {
  readonly summary: FunctionSummary;
  readonly foundBy: FoundBy;
  /** The match in words, e.g. `tag cdk-lambda-scaling:function=api`. */
  readonly how: string;
  /** The function's tags (the plan digest among them, when the constructs deployed it). */
  readonly tags: Readonly<Record<string, string>>;
  /** Why its tags could not be read (found by name, ListTags denied): `tags` is then empty. */
  readonly tagsError?: string;
}

/** Each plan function's deployed function, or why there is none. */
export type Location = LocatedFunction | { readonly error: string };

/** Where to look. */
export interface LocateOptions {
  /** Only functions of this CloudFormation stack. @default - the whole region */
  readonly stack?: string;
  /** Reads in flight. @default 8 */
  readonly concurrency?: number;
  /** Called as each function's tags are read, when the whole region (or stack) is searched (for a progress line). */
  readonly onTagsRead?: (done: number, total: number) => void;
}

/** A function with its tags. */
export interface Candidate {
  readonly summary: FunctionSummary;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * True when a stack's logical id is the plan name's: equal ignoring case and non-alphanumerics, or
 * that followed by the 8 hex digits CDK appends (`api` → `ApiF70053CD`).
 */
export function logicalIdMatches(logicalId: string | undefined, planName: string): boolean {
  if (!logicalId) return false;
  const want = planName.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  const id = logicalId.toLowerCase();
  return want.length > 0 && (id === want || (id.startsWith(want) && /^[0-9a-f]{8}$/.test(id.slice(want.length))));
}

/** The one candidate `pick` selects, `undefined` when none, or an error naming them all when several do. */
function single(candidates: readonly Candidate[], pick: (c: Candidate) => boolean, what: string): Candidate | { error: string } | undefined {
  const hits = candidates.filter(pick);
  if (hits.length <= 1) return hits[0];
  return { error: `${hits.length} functions match ${what} (${hits.map((c) => c.summary.name).join(', ')}): give --stack to choose one` };
}

/** Every function of the region (or of `stack`) with its tags. */
export async function taggedFunctions(session: AwsSession, options: LocateOptions): Promise<Candidate[]> {
  const all = await listFunctions(session);
  let done = 0;
  const tagged = await mapLimit(all, options.concurrency ?? 8, async (summary) => {
    const tags = await readTags(session, summary.arn);
    options.onTagsRead?.(++done, all.length);
    return { summary, tags };
  });
  return options.stack === undefined ? tagged : tagged.filter((c) => c.tags[CLOUDFORMATION_TAGS.stackName] === options.stack);
}

function match(candidates: readonly Candidate[], name: string, stack: string | undefined): Location {
  const rules: [FoundBy, (c: Candidate) => boolean, string][] = [
    ['tag', (c) => c.tags[PLAN_TAGS.function] === name, `tag ${PLAN_TAGS.function}=${name}`],
    ...(stack === undefined
      ? []
      : ([
          ['logical-id', (c) => logicalIdMatches(c.tags[CLOUDFORMATION_TAGS.logicalId], name), `logical id of '${name}' in stack ${stack}`],
          ['name', (c) => c.summary.name === name, `name ${name} in stack ${stack}`],
        ] as [FoundBy, (c: Candidate) => boolean, string][])),
  ];
  for (const [foundBy, pick, what] of rules) {
    const hit = single(candidates, pick, what);
    if (hit === undefined) continue;
    if ('error' in hit) return hit;
    const how = foundBy === 'logical-id' ? `logical id ${hit.tags[CLOUDFORMATION_TAGS.logicalId]} in stack ${stack}` : what;
    return { summary: hit.summary, tags: hit.tags, foundBy, how };
  }
  const where = stack === undefined ? `this region (by name, or by tag ${PLAN_TAGS.function}=${name})` : `stack ${stack} (by tag, logical id or name)`;
  return { error: `function not found in ${where}` };
}

/** Finds the deployed function of each of `names`; an unreadable or missing one gets an error, the others complete. */
export async function locateFunctions(session: AwsSession, names: readonly string[], options: LocateOptions = {}): Promise<Map<string, Location>> {
  const located = new Map<string, Location>();
  const concurrency = options.concurrency ?? 8;
  if (options.stack === undefined) {
    await mapLimit(names, concurrency, async (name) => {
      try {
        const summary = await readConfiguration(session, name);
        // Found by name, the tags only carry the plan digest: a denied ListTags costs that, not the function.
        const tags = await readTags(session, summary.arn).catch((err: unknown) => {
          if (isAwsReadError(err) && err.kind === 'access-denied') return err;
          throw err;
        });
        located.set(name, { summary, foundBy: 'name', how: `name ${name}`, ...(tags instanceof Error ? { tags: {}, tagsError: tags.message } : { tags }) });
      } catch (err) {
        if (!isAwsReadError(err)) throw err;
        if (err.kind !== 'not-found') located.set(name, { error: err.message });
      }
    });
  }
  const pending = names.filter((n) => !located.has(n));
  if (pending.length === 0) return located;
  let candidates: Candidate[];
  try {
    candidates = await taggedFunctions(session, options);
  } catch (err) {
    // The search by tag failed (ListFunctions or ListTags denied, say): the functions found by name are still reported.
    if (!isAwsReadError(err) || located.size === 0) throw err;
    for (const name of pending) located.set(name, { error: `not found by name, and the search by tag ${PLAN_TAGS.function} failed: ${err.message}` });
    return located;
  }
  for (const name of pending) {
    located.set(name, options.stack !== undefined && candidates.length === 0 ? { error: `stack ${options.stack} has no Lambda function in this region` } : match(candidates, name, options.stack));
  }
  return located;
}
