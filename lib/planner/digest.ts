/**
 * The digest of a function plan: a stable hash of what the constructs deploy from it, so a deployed
 * function's tag says which plan it carries and `audit` can tell when it is another one.
 */
import { createHash } from 'crypto';
import { deployedSettings } from './settings';
import type { FunctionPlan } from './types';

/** JSON with object keys sorted at every level. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * `sha256:` and the first 16 hex digits of the SHA-256 of the plan's deployed settings (everything
 * but rationale, predictions and offered load) as canonical JSON: the same for a plan as built and as
 * read back from its file, whatever the key order.
 */
export function planDigest(plan: FunctionPlan): string {
  return `sha256:${createHash('sha256').update(canonical(deployedSettings(plan)), 'utf8').digest('hex').slice(0, 16)}`;
}
