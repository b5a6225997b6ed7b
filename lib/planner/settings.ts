/**
 * The settings of a function plan that the constructs deploy, as data: what its digest hashes and
 * what `replan` compares between a committed plan and a fresh one.
 */
import type { FunctionPlan } from './types';

/**
 * Fields of a function plan that are explanations and predictions, not settings: a new wording or
 * a new cost estimate changes nothing deployed.
 */
const NOT_DEPLOYED: ReadonlySet<string> = new Set(['rationale', 'predicted', 'offeredLoad']);

/** The plan without rationale, predictions and offered load, and without each scheduled action's derived `when`. */
export function deployedSettings(plan: FunctionPlan): Record<string, unknown> {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (typeof value !== 'object' || value === null) return value;
    const o = value as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).filter((k) => o[k] !== undefined && !(k === 'when' && typeof o.cron === 'string')).map((k) => [k, strip(o[k])]));
  };
  return Object.fromEntries(Object.entries(plan).filter(([k]) => !NOT_DEPLOYED.has(k)).map(([k, v]) => [k, strip(v)]));
}

/** One setting that differs between two plans of a function. */
export interface SettingChange {
  /** Path of the setting, e.g. `reservedConcurrency`, `provisioned.schedule[h09].min`, `sqs.maxConcurrency`. */
  readonly setting: string;
  /** JSON of the value, `none` when absent. */
  readonly from: string;
  readonly to: string;
}

/** Leaves of a settings tree by path; list items with a `name` (scheduled actions) are keyed by it, others by index. */
function leaves(value: unknown, path: string, out: Map<string, string>): void {
  if (Array.isArray(value)) {
    const named = value.every((v) => typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string');
    // A list of numbers (hourly PC) is one setting: its items change together.
    if (!named) {
      out.set(path, JSON.stringify(value));
      return;
    }
    for (const item of value as { name: string }[]) leaves(item, `${path}[${item.name}]`, out);
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) if (!(k === 'name' && /\]$/.test(path))) leaves(v, path ? `${path}.${k}` : k, out);
    return;
  }
  out.set(path, JSON.stringify(value));
}

/** Every deployed setting that differs from `before` to `after`, in the order of `before` then settings only `after` has. */
export function settingChanges(before: FunctionPlan, after: FunctionPlan): SettingChange[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  leaves(deployedSettings(before), '', a);
  leaves(deployedSettings(after), '', b);
  const changes: SettingChange[] = [];
  for (const [setting, from] of a) if (b.get(setting) !== from) changes.push({ setting, from, to: b.get(setting) ?? 'none' });
  for (const [setting, to] of b) if (!a.has(setting)) changes.push({ setting, from: 'none', to });
  return changes;
}
