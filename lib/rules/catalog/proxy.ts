/**
 * RDS Proxy rules: functions on a proxy reserve concurrency, and their reserved concurrency fits the proxy's connection budget.
 */
import { lambdaConnectionBudget, PROXY_BUDGET, proxyPool } from '../../model';
import { COMPLIANT, defineRule, NOT_APPLICABLE, unresolvable, violation } from '../rule';
import type { FunctionNode } from '../graph';
import { Unresolvable } from '../values';
import { firstUnresolvable, label, reservedOf, verdict } from './common';

const reservedForProxy = defineRule({
  id: 'ReservedConcurrencyForProxy',
  severity: 'error',
  subject: 'function',
  check(fn) {
    // Only a custom resource invokes it: it runs as the stack deploys, not with the app's traffic.
    if (fn.proxies.length === 0 || onlyDeployTime(fn)) return NOT_APPLICABLE;
    const reserved = reservedOf(fn);
    if (reserved instanceof Unresolvable) return unresolvable(fn.resource, reserved.reason);
    if (reserved !== undefined) return COMPLIANT;
    const proxy = fn.proxies.map((p) => (p === 'unknown' ? '(not in the app)' : label(p.resource))).join(', ');
    return violation(fn.resource, undefined, { function: label(fn.resource), proxy, how: 'rds-db:connect grant or proxy endpoint' });
  },
});

/** True when custom resources are all the templates show invoking `fn` (no other caller, no event source mapping). */
function onlyDeployTime(fn: FunctionNode): boolean {
  return fn.customResources.length > 0 && fn.syncSources.length === 0 && fn.asyncSources.length === 0 && fn.mappings.length === 0;
}

const proxyPoolOversubscribed = defineRule({
  id: 'ProxyPoolOversubscribed',
  severity: 'error',
  subject: 'proxy',
  check(proxy, ctx) {
    if (proxy.functions.length === 0 || proxy.maxConnections === undefined) return NOT_APPLICABLE;
    const reserved = proxy.functions.map(reservedOf);
    const unknown = firstUnresolvable(proxy.maxConnections, proxy.maxConnectionsPercent, ...reserved);
    if (unknown) return unresolvable(proxy.resource, unknown.reason);
    const max = proxy.maxConnections as { value: number; source: string };
    const pool = proxyPool(max.value, proxy.maxConnectionsPercent as number);
    const budget = lambdaConnectionBudget(pool, ctx.proxyHeadroom, ctx.proxyOtherClients);
    // Functions without reserved concurrency are ReservedConcurrencyForProxy's finding; they count 0 here.
    const used = (reserved as Array<number | undefined>).reduce<number>((s, r) => s + (r ?? 0) * ctx.connectionsPerEnvironment, 0);
    return verdict(
      PROXY_BUDGET,
      { used, budget },
      proxy.resource,
      used,
      () => ({
        proxy: label(proxy.resource),
        pool,
        maxConnections: max.value,
        maxConnectionsPercent: proxy.maxConnectionsPercent as number,
        source: max.source,
        headroom: ctx.proxyHeadroom,
        otherClients: ctx.proxyOtherClients,
        functions: proxy.functions.map((f, i) => `${label(f.resource)} ${reserved[i] ?? 'unreserved'}`).join(', '),
      }),
      proxy.functions.map((f) => f.resource),
    );
  },
});

/** The proxy rules, in catalog order. */
export const PROXY_RULES = [reservedForProxy, proxyPoolOversubscribed] as const;
