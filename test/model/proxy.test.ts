/**
 * Downstream budget through an RDS Proxy (MODEL §5): class table, engine defaults, pool, budget
 * and the split of one budget among functions.
 */
import * as fc from 'fast-check';
import {
  DB_INSTANCE_CLASS_MEMORY_FRACTION,
  RDS_INSTANCE_MEMORY_GIB,
  defaultMaxConnections,
  estimateMaxConnections,
  lambdaConnectionBudget,
  proxyPool,
  splitConnectionBudget,
  type BudgetClaim,
} from '../../lib/model';
import { callModelGuarded, propertyOptions } from './support';

const SIZES = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge'];

/** Families the issue names, the nominal GiB of their `large` size and which sizes exist. */
const FAMILIES: ReadonlyArray<{ family: string; largeGib: number; sizes: readonly string[] }> = [
  ...['t3', 't4g'].map((family) => ({ family, largeGib: 8, sizes: SIZES.slice(0, 3) })),
  ...['m5', 'm6g', 'm6i', 'm7g'].map((family) => ({ family, largeGib: 8, sizes: SIZES })),
  ...['r5', 'r6g', 'r6i', 'r7g'].map((family) => ({ family, largeGib: 16, sizes: SIZES })),
];

const GIB = 1024 ** 3;

describe('RDS_INSTANCE_MEMORY_GIB', () => {
  test.each(FAMILIES)('covers db.$family.large up to its largest size with memory doubling per size', ({ family, largeGib, sizes }) => {
    sizes.forEach((size, i) => {
      expect(RDS_INSTANCE_MEMORY_GIB[`db.${family}.${size}`]).toBe(largeGib * 2 ** i);
    });
  });

  test('has no 4xlarge or 8xlarge for the burstable t3 and t4g classes', () => {
    for (const family of ['t3', 't4g']) {
      for (const size of ['4xlarge', '8xlarge']) expect(RDS_INSTANCE_MEMORY_GIB[`db.${family}.${size}`]).toBeUndefined();
    }
  });

  test('matches the RDS instance-type pages at spot checks', () => {
    expect(RDS_INSTANCE_MEMORY_GIB['db.t3.micro']).toBe(1);
    expect(RDS_INSTANCE_MEMORY_GIB['db.t4g.medium']).toBe(4);
    expect(RDS_INSTANCE_MEMORY_GIB['db.t3.2xlarge']).toBe(32);
    expect(RDS_INSTANCE_MEMORY_GIB['db.m5.8xlarge']).toBe(128);
    expect(RDS_INSTANCE_MEMORY_GIB['db.r6g.large']).toBe(16);
    expect(RDS_INSTANCE_MEMORY_GIB['db.r7g.8xlarge']).toBe(256);
  });
});

describe('defaultMaxConnections', () => {
  test('applies the engine formulas: PostgreSQL ÷ 9,531,392, MySQL and MariaDB ÷ 12,582,880', () => {
    // 16 GiB = 17,179,869,184 B: ÷ 9,531,392 = 1,802.4; ÷ 12,582,880 = 1,365.3.
    expect(defaultMaxConnections('postgres', 16 * GIB)).toBe(1802);
    expect(defaultMaxConnections('mysql', 16 * GIB)).toBe(1365);
    expect(defaultMaxConnections('mariadb', 16 * GIB)).toBe(1365);
  });

  test('caps PostgreSQL at 5,000 and leaves MySQL uncapped', () => {
    expect(defaultMaxConnections('postgres', 9531392 * 5000)).toBe(5000);
    expect(defaultMaxConnections('postgres', 9531392 * 4999)).toBe(4999);
    expect(defaultMaxConnections('postgres', 256 * GIB)).toBe(5000);
    expect(defaultMaxConnections('mysql', 256 * GIB)).toBe(21845);
  });
});

describe('estimateMaxConnections', () => {
  test('estimates from 90% of the nominal class memory', () => {
    expect(DB_INSTANCE_CLASS_MEMORY_FRACTION).toBe(0.9);
    // db.r5.large: 16 GiB × 0.9 = 15,461,882,265.6 B → ÷ 9,531,392 = 1,622.2; ÷ 12,582,880 = 1,228.8.
    expect(estimateMaxConnections('postgres', 'db.r5.large')).toBe(1622);
    expect(estimateMaxConnections('mysql', 'db.r5.large')).toBe(1228);
    // db.t3.micro: 1 GiB × 0.9 → 101.4 and 76.8.
    expect(estimateMaxConnections('postgres', 'db.t3.micro')).toBe(101);
    expect(estimateMaxConnections('mariadb', 'db.t3.micro')).toBe(76);
  });

  test('reaches the PostgreSQL cap of 5,000 on large classes only', () => {
    // db.r7g.8xlarge: 256 GiB × 0.9 → 25,955 for PostgreSQL (capped), 19,660 for MySQL.
    expect(estimateMaxConnections('postgres', 'db.r7g.8xlarge')).toBe(5000);
    expect(estimateMaxConnections('mysql', 'db.r7g.8xlarge')).toBe(19660);
  });

  test('returns undefined for a class not in the table', () => {
    expect(estimateMaxConnections('postgres', 'db.x2g.large')).toBeUndefined();
    expect(estimateMaxConnections('mysql', 'r5.large')).toBeUndefined();
  });

  test('returns undefined, not NaN, for a class named like an Object.prototype member', () => {
    // A class read from a CDK template can be any string.
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) expect(estimateMaxConnections('postgres', name)).toBeUndefined();
  });
});

describe('Aurora', () => {
  test('Aurora MySQL uses the documented per-class defaults, not the RDS MySQL formula', () => {
    expect(estimateMaxConnections('aurora-mysql', 'db.r5.large')).toBe(1000);
    expect(estimateMaxConnections('aurora-mysql', 'db.r6g.4xlarge')).toBe(4000);
    expect(estimateMaxConnections('aurora-mysql', 'db.r7g.8xlarge')).toBe(5000);
    expect(estimateMaxConnections('aurora-mysql', 'db.t3.small')).toBe(45);
    expect(estimateMaxConnections('aurora-mysql', 'db.t4g.medium')).toBe(90);
    expect(estimateMaxConnections('aurora-mysql', 'db.t4g.large')).toBe(135);
    // the RDS MySQL formula would claim 1,228 connections on an r5.large: 23% more than Aurora allows
    expect(estimateMaxConnections('mysql', 'db.r5.large')).toBeGreaterThan(estimateMaxConnections('aurora-mysql', 'db.r5.large')!);
    expect(estimateMaxConnections('aurora-mysql', 'db.t4g.small')).toBeUndefined();
    expect(estimateMaxConnections('aurora-mysql', 'constructor')).toBeUndefined();
  });

  test('Aurora PostgreSQL uses the PostgreSQL formula and its 5,000 cap', () => {
    expect(estimateMaxConnections('aurora-postgresql', 'db.r5.large')).toBe(estimateMaxConnections('postgres', 'db.r5.large'));
    expect(estimateMaxConnections('aurora-postgresql', 'db.r7g.8xlarge')).toBe(5000);
  });
});

describe('proxyPool', () => {
  test('takes floor(max_connections × MaxConnectionsPercent / 100)', () => {
    expect(proxyPool(1000, 100)).toBe(1000);
    expect(proxyPool(1000, 50)).toBe(500);
    expect(proxyPool(999, 33)).toBe(329);
  });
});

describe('lambdaConnectionBudget', () => {
  test('keeps 30% headroom and subtracts the other clients', () => {
    expect(lambdaConnectionBudget(1000, 0.3, 0)).toBe(700);
    expect(lambdaConnectionBudget(1000, 0.3, 650)).toBe(50);
    expect(lambdaConnectionBudget(1622, 0.3, 100)).toBe(1035);
  });

  test('returns 0, never a negative budget, when other clients take it all', () => {
    expect(lambdaConnectionBudget(1000, 0.3, 700)).toBe(0);
    expect(lambdaConnectionBudget(1000, 0.3, 800)).toBe(0);
  });

  test('returns floor(pool × 0.7) exactly for the default headroom (90 → 63)', () => {
    expect(lambdaConnectionBudget(90, 0.3, 0)).toBe(63);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (pool) => lambdaConnectionBudget(pool, 0.3, 0) === Math.floor((7 * pool) / 10)),
      propertyOptions(1000),
    );
  });
});

describe('splitConnectionBudget', () => {
  const claim = fc.record({ environments: fc.integer({ min: 1, max: 2000 }), connectionsPerEnvironment: fc.integer({ min: 1, max: 10 }) });
  const claims = fc.array(claim, { minLength: 1, maxLength: 8 });
  const used = (caps: readonly number[], cs: readonly BudgetClaim[]) => caps.reduce((s, cap, i) => s + cap * cs[i].connectionsPerEnvironment, 0);
  const needOf = (cs: readonly BudgetClaim[]) => used(cs.map((c) => c.environments), cs);

  test('splits 700 connections between needs of 600 and 200 in proportion 3 : 1 and hands out the remainder', () => {
    const caps = splitConnectionBudget(700, [
      { environments: 600, connectionsPerEnvironment: 1 },
      { environments: 100, connectionsPerEnvironment: 2 },
    ]);
    // Fair shares 700 × 600/800 = 525 environments and 700 × 200/800 / 2 = 87.5 environments; the
    // floors use 525 + 2 × 87 = 699 connections and the last one fits only the first function.
    expect(caps).toEqual([526, 87]);
  });

  test('never lets Σ cap × connections exceed the budget', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), claims, (budget, cs) => {
        const caps = splitConnectionBudget(budget, cs);
        return caps.length === cs.length && caps.every((c) => Number.isInteger(c) && c >= 0) && used(caps, cs) <= budget;
      }),
      propertyOptions(500),
    );
  });

  test('grants every need when the needs fit the budget', () => {
    fc.assert(
      fc.property(claims, fc.integer({ min: 0, max: 5000 }), (cs, spare) => {
        const caps = splitConnectionBudget(needOf(cs) + spare, cs);
        return caps.every((cap, i) => cap >= cs[i].environments);
      }),
      propertyOptions(300),
    );
  });

  test('gives every function at least one environment when the budget covers one each', () => {
    fc.assert(
      fc.property(claims, fc.integer({ min: 0, max: 20_000 }), (cs, extra) => {
        const oneEach = cs.reduce((s, c) => s + c.connectionsPerEnvironment, 0);
        const caps = splitConnectionBudget(oneEach + extra, cs);
        return caps.every((cap) => cap >= 1);
      }),
      propertyOptions(500),
    );
  });

  test('gives no function more than it needs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), claims, (budget, cs) => splitConnectionBudget(budget, cs).every((cap, i) => cap <= cs[i].environments)),
      propertyOptions(300),
    );
  });

  test('stays within Σ connections of the proportional share when every share is at least one environment', () => {
    fc.assert(
      fc.property(claims, fc.double({ min: 0.01, max: 0.999, noNaN: true }), (cs, fraction) => {
        const totalNeed = needOf(cs);
        const budget = Math.floor(totalNeed * fraction);
        // Fair share of function i in environments: budget × need_i / Σ need ÷ connections_i.
        const fair = cs.map((c) => (budget * c.environments) / totalNeed);
        fc.pre(fair.every((f) => f >= 1));
        const caps = splitConnectionBudget(budget, cs);
        const slack = cs.reduce((s, c) => s + c.connectionsPerEnvironment, 0);
        return caps.every((cap, i) => Math.abs(cap - fair[i]) * cs[i].connectionsPerEnvironment <= slack);
      }),
      propertyOptions(500),
    );
  });

  test('leaves less than the smallest connection count unused once every need is short', () => {
    fc.assert(
      fc.property(claims, fc.double({ min: 0.01, max: 0.999, noNaN: true }), (cs, fraction) => {
        const budget = Math.floor(needOf(cs) * fraction);
        const caps = splitConnectionBudget(budget, cs);
        const fitting = cs.filter((c, i) => caps[i] < c.environments).map((c) => c.connectionsPerEnvironment);
        return fitting.length === 0 || budget - used(caps, cs) < Math.min(...fitting);
      }),
      propertyOptions(300),
    );
  });

  test('gives nothing to a function that needs nothing, leaving the budget to the others', () => {
    const idle = { environments: 0, connectionsPerEnvironment: 1 };
    // Needs 0 + 20 against 10: the busy function may use all 10, as it would alone.
    expect(splitConnectionBudget(10, [idle, { environments: 20, connectionsPerEnvironment: 1 }])).toEqual([0, 10]);
    // A tighter budget must not raise the idle function's cap above what a looser one gives.
    expect(splitConnectionBudget(30, [idle, { environments: 20, connectionsPerEnvironment: 1 }])).toEqual([0, 20]);
  });

  test('never lets Σ cap × connections exceed the budget when some functions need nothing', () => {
    const maybeIdle = fc.record({ environments: fc.integer({ min: 0, max: 50 }), connectionsPerEnvironment: fc.integer({ min: 1, max: 4 }) });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.array(maybeIdle, { minLength: 1, maxLength: 8 }), (budget, cs) => {
        const caps = splitConnectionBudget(budget, cs);
        return used(caps, cs) <= budget && caps.every((cap, i) => cap >= 0 && cap <= cs[i].environments);
      }),
      propertyOptions(500),
    );
  });

  test('throws a RangeError naming a negative budget instead of looping', () => {
    const { outcome } = callModelGuarded('splitConnectionBudget', '[-5, [{ environments: 3, connectionsPerEnvironment: 1 }]]');
    expect(outcome).toMatch(/^RangeError: .*-5/);
  });

  test('returns the same caps for the same input and leaves the claims untouched', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), claims, (budget, cs) => {
        const before = JSON.stringify(cs);
        const first = JSON.stringify(splitConnectionBudget(budget, cs));
        return JSON.stringify(cs) === before && first === JSON.stringify(splitConnectionBudget(budget, JSON.parse(before)));
      }),
      propertyOptions(200),
    );
  });
});
