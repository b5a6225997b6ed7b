/**
 * Database budgets (MODEL §5): each database's Lambda connection budget through its RDS Proxy, split
 * among its functions in proportion to need.
 */
import { InputError } from '../errors';
import { estimateMaxConnections, lambdaConnectionBudget, proxyPool, splitConnectionBudget } from '../model';
import type { Workload } from '../workload/types';
import type { Draft } from './draft';
import type { DatabasePlan } from './types';

/** Database budgets: caps per function (into `caps`) and the database section of the plan. */
export function planDatabases(workload: Workload, drafts: readonly Draft[], caps: Map<string, number>, notes: string[]): DatabasePlan[] {
  return Object.keys(workload.databases)
    .sort()
    .map((name) => {
      const db = workload.databases[name];
      const users = drafts.filter((d) => d.spec.database?.name === name);
      let maxConnections = db.maxConnections;
      const estimated = maxConnections === undefined;
      if (maxConnections === undefined) {
        maxConnections = db.instanceClass === undefined ? undefined : estimateMaxConnections(db.engine, db.instanceClass);
        if (maxConnections === undefined) {
          throw new InputError(`databases.${name}.instanceClass has no known memory size, got ${JSON.stringify(db.instanceClass)}; give maxConnections instead`);
        }
        notes.push(
          db.engine === 'aurora-mysql'
            ? `databases.${name}: max_connections ${maxConnections} is Aurora MySQL's documented default for ${db.instanceClass}; give maxConnections if your parameter group sets another.`
            : `databases.${name}: max_connections ${maxConnections} is an estimate from ${db.instanceClass} (engine default formula on ~90% of nominal memory); give maxConnections for an exact budget.`,
        );
      }
      const pool = proxyPool(maxConnections, db.maxConnectionsPercent);
      const budget = lambdaConnectionBudget(pool, db.headroom, db.otherClients);
      const split = splitConnectionBudget(
        budget,
        users.map((d) => ({ environments: d.desiredReserved, connectionsPerEnvironment: d.spec.database?.connectionsPerEnvironment ?? 1 })),
      );
      users.forEach((d, i) => caps.set(d.spec.name, split[i]));
      const connectionsUsed = users.reduce((s, d, i) => s + split[i] * (d.spec.database?.connectionsPerEnvironment ?? 1), 0);
      return {
        name,
        maxConnections,
        maxConnectionsEstimated: estimated,
        maxConnectionsPercent: db.maxConnectionsPercent,
        proxyPool: pool,
        lambdaBudget: budget,
        connectionsUsed,
        functions: users.map((d) => d.spec.name),
        rationale: [
          `maxConnections ${maxConnections}${estimated ? ` (estimated from ${db.instanceClass})` : ''}`,
          `proxyPool ${pool} = floor(${maxConnections} x ${db.maxConnectionsPercent}%)`,
          `lambdaBudget ${budget} = floor(${pool} x (1 - ${db.headroom})) - ${db.otherClients} other clients`,
          `split in proportion to need: ${users.map((d, i) => `${d.spec.name} ${split[i]} of ${d.desiredReserved} wanted`).join(', ') || 'no functions'}; ${connectionsUsed} of ${budget} connections used`,
        ],
      };
    });
}
