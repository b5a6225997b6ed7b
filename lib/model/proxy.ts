/**
 * Downstream budget through an RDS Proxy (MODEL §5).
 */
import type { DatabaseEngine } from './types';

const GIB = 1024 ** 3;

/**
 * Nominal memory (GiB) of common RDS instance classes. Source: Amazon RDS instance types.
 * Results derived from this table are estimates: DBInstanceClassMemory is below nominal memory.
 */
export const RDS_INSTANCE_MEMORY_GIB: Readonly<Record<string, number>> = buildClassTable();

function buildClassTable(): Record<string, number> {
  const table: Record<string, number> = {};
  const sizes = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge'];
  // Memory of the `large` size doubles with every size step.
  const families: Array<[string[], number, number]> = [
    // [families, GiB of large, how many sizes exist]
    [['t3', 't4g'], 8, 3],
    [['m5', 'm6g', 'm6i', 'm7g'], 8, 5],
    [['r5', 'r6g', 'r6i', 'r7g'], 16, 5],
  ];
  for (const [names, largeGib, count] of families) {
    for (const name of names) {
      sizes.slice(0, count).forEach((size, i) => {
        table[`db.${name}.${size}`] = largeGib * 2 ** i;
      });
    }
  }
  for (const name of ['t3', 't4g']) {
    table[`db.${name}.micro`] = 1;
    table[`db.${name}.small`] = 2;
    table[`db.${name}.medium`] = 4;
  }
  return table;
}

/**
 * Fraction of nominal memory taken as DBInstanceClassMemory. AWS documents no number (the OS and RDS
 * processes take the rest); 0.9 is our estimate and plans derived from it say so.
 */
export const DB_INSTANCE_CLASS_MEMORY_FRACTION = 0.9;

/** Divisors of the engines' default `max_connections` formulas (RDS CHAP_Limits; Aurora PostgreSQL uses PostgreSQL's). */
const MAX_CONNECTIONS_DIVISOR: Readonly<Record<Exclude<DatabaseEngine, 'aurora-mysql'>, number>> = {
  postgres: 9531392,
  'aurora-postgresql': 9531392,
  mysql: 12582880,
  mariadb: 12582880,
};

/**
 * Aurora MySQL's default `max_connections` is a documented value per instance class, not a formula
 * (Aurora User Guide, "Maximum connections to an Aurora MySQL DB instance"): 45/90/135 for the burstable
 * small/medium/large, and 1,000 per `large` step of the memory-optimized classes up to 5,000 at 8xlarge.
 */
export const AURORA_MYSQL_MAX_CONNECTIONS: Readonly<Record<string, number>> = buildAuroraMysqlTable();

function buildAuroraMysqlTable(): Record<string, number> {
  const table: Record<string, number> = {};
  for (const name of ['t3', 't4g']) {
    if (name === 't3') table['db.t3.small'] = 45;
    table[`db.${name}.medium`] = 90;
    table[`db.${name}.large`] = 135;
  }
  for (const name of ['r5', 'r6g', 'r6i', 'r7g']) {
    ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge'].forEach((size, i) => {
      table[`db.${name}.${size}`] = 1000 * (i + 1);
    });
  }
  return table;
}
/** PostgreSQL's default caps at 5,000. */
const POSTGRES_MAX_CONNECTIONS_CAP = 5000;

/** Default `max_connections` for an engine with a formula, given `memoryBytes` of DBInstanceClassMemory. */
export function defaultMaxConnections(engine: Exclude<DatabaseEngine, 'aurora-mysql'>, memoryBytes: number): number {
  const n = Math.floor(memoryBytes / MAX_CONNECTIONS_DIVISOR[engine]);
  return engine === 'postgres' || engine === 'aurora-postgresql' ? Math.min(n, POSTGRES_MAX_CONNECTIONS_CAP) : n;
}

/**
 * Estimated `max_connections` of an instance class, or undefined when the class is not in the table.
 */
export function estimateMaxConnections(engine: DatabaseEngine, instanceClass: string): number | undefined {
  if (engine === 'aurora-mysql') return Object.hasOwn(AURORA_MYSQL_MAX_CONNECTIONS, instanceClass) ? AURORA_MYSQL_MAX_CONNECTIONS[instanceClass] : undefined;
  const gib = Object.hasOwn(RDS_INSTANCE_MEMORY_GIB, instanceClass) ? RDS_INSTANCE_MEMORY_GIB[instanceClass] : undefined;
  if (gib === undefined) return undefined;
  return defaultMaxConnections(engine, gib * GIB * DB_INSTANCE_CLASS_MEMORY_FRACTION);
}

/**
 * The engine family of an RDS `Engine` name (CloudFormation `Engine`, aws-rds `engineType`), or undefined
 * for engines without a known `max_connections` default (Oracle, SQL Server, Db2).
 */
export function engineFamily(engine: string | undefined): DatabaseEngine | undefined {
  if (!engine) return undefined;
  if (engine === 'aurora-postgresql') return 'aurora-postgresql';
  // `aurora` is Aurora MySQL 1 (MySQL 5.6 compatible).
  if (engine === 'aurora-mysql' || engine === 'aurora') return 'aurora-mysql';
  if (engine.includes('postgres')) return 'postgres';
  if (engine.includes('mariadb')) return 'mariadb';
  if (engine.includes('mysql')) return 'mysql';
  return undefined;
}

/** Proxy pool: floor(max_connections × MaxConnectionsPercent / 100). */
export function proxyPool(maxConnections: number, maxConnectionsPercent: number): number {
  return Math.floor((maxConnections * maxConnectionsPercent) / 100);
}

/** Lambda budget: floor(pool × (1 − headroom)) − otherClients, never negative. */
export function lambdaConnectionBudget(pool: number, headroom: number, otherClients: number): number {
  return Math.max(0, Math.floor(pool * (1 - headroom) + 1e-9) - otherClients);
}

/** One function's claim on a shared budget. */
export interface BudgetClaim {
  /** Environments the function wants (its unconstrained reserved concurrency). */
  readonly environments: number;
  readonly connectionsPerEnvironment: number;
}

/**
 * Splits a connection budget among functions in proportion to their need (environments ×
 * connections), each that needs any getting at least one environment while the budget allows.
 * Returns the cap on environments per function. Guarantees Σ cap_i × connections_i ≤ budget;
 * caps ≥ need when the needs fit. Deterministic: ties resolve by input order.
 */
export function splitConnectionBudget(budget: number, claims: readonly BudgetClaim[]): number[] {
  if (!(budget >= 0)) throw new RangeError(`budget must be a number >= 0, got ${budget}`);
  const need = claims.map((c) => c.environments * c.connectionsPerEnvironment);
  const totalNeed = need.reduce((s, n) => s + n, 0);
  const used = (caps: number[]) => caps.reduce((s, x, i) => s + x * claims[i].connectionsPerEnvironment, 0);
  if (totalNeed <= budget) return claims.map((c) => c.environments);
  const caps = claims.map((c, i) => Math.max(Math.min(1, c.environments), Math.floor((budget * need[i]) / totalNeed / c.connectionsPerEnvironment)));
  // Over budget after the "at least one" rule: take from the largest caps first, then from ones.
  while (used(caps) > budget) {
    let pick = -1;
    for (let i = 0; i < caps.length; i++) {
      if (caps[i] > 1 && (pick < 0 || caps[i] > caps[pick])) pick = i;
    }
    if (pick < 0) pick = caps.reduce((best, x, i) => (x > 0 && (best < 0 || claims[i].connectionsPerEnvironment > claims[best].connectionsPerEnvironment) ? i : best), -1);
    caps[pick]--;
  }
  // Hand out what the floors left, one environment at a time, to the largest shortfall that fits.
  for (;;) {
    const left = budget - used(caps);
    let pick = -1;
    let bestShort = 0;
    for (let i = 0; i < caps.length; i++) {
      const short = claims[i].environments - caps[i];
      if (short > 0 && claims[i].connectionsPerEnvironment <= left && short / claims[i].environments > bestShort) {
        pick = i;
        bestShort = short / claims[i].environments;
      }
    }
    if (pick < 0) return caps;
    caps[pick]++;
  }
}
