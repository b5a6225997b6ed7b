/**
 * The digest of a function plan: a stable hash of what the constructs deploy from it, so a deployed
 * function's tag says which plan it carries and `audit` can tell when it is another one.
 */
import { createHash } from 'crypto';
import type { FunctionPlan } from './types';

/**
 * Fields of a function plan that are explanations and predictions, not settings: a new wording or
 * a new cost estimate must not make a deployed plan look different.
 */
const NOT_DEPLOYED: ReadonlySet<string> = new Set(['rationale', 'predicted', 'offeredLoad']);

/** JSON with object keys sorted at every level and each scheduled action's derived `when` left out. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined && !(k === 'when' && typeof o.cron === 'string'))
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * `sha256:` and the first 16 hex digits of the SHA-256 of the plan's deployed settings (everything
 * but rationale, predictions and offered load) as canonical JSON: the same for a plan as built and as
 * read back from its file, whatever the key order.
 */
export function planDigest(plan: FunctionPlan): string {
  const settings = Object.fromEntries(Object.entries(plan).filter(([k]) => !NOT_DEPLOYED.has(k)));
  return `sha256:${createHash('sha256').update(canonical(settings), 'utf8').digest('hex').slice(0, 16)}`;
}
