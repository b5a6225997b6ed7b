import { CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import fc from 'fast-check';
import { ProxyConcurrencyLimit } from '../../constructs';
import { estimateMaxConnections, lambdaConnectionBudget, proxyPool, splitConnectionBudget } from '../../lib/model';
import { runs } from '../support/runs';
import { newDatabase, newFunction, newStack } from './helpers';

/** Reserved concurrency of each function by construct id. */
function reservedById(stack: Stack): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [id, r] of Object.entries(Template.fromStack(stack).findResources('AWS::Lambda::Function'))) {
    out[id.replace(/[0-9A-F]{8}$/, '')] = r.Properties.ReservedConcurrentExecutions;
  }
  return out;
}

describe('ProxyConcurrencyLimit', () => {
  test('a function that fits gets the environments it wants and the proxy MaxConnectionsPercent is written', () => {
    const stack = newStack();
    const { proxy } = newDatabase(stack);
    const fn = newFunction(stack, 'Fn');
    new ProxyConcurrencyLimit(stack, 'Limit', { function: fn, proxy, environments: 40, maxConnections: 1000, maxConnectionsPercent: 90 });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 40 });
    template.hasResourceProperties('AWS::RDS::DBProxyTargetGroup', { ConnectionPoolConfigurationInfo: { MaxConnectionsPercent: 90 } });
  });

  test('MaxConnectionsPercent defaults to 100 when neither the proxy nor the props set it', () => {
    const stack = newStack();
    const { proxy } = newDatabase(stack);
    const limit = new ProxyConcurrencyLimit(stack, 'Limit', { function: newFunction(stack, 'Fn'), proxy, environments: 10, maxConnections: 200 });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBProxyTargetGroup', { ConnectionPoolConfigurationInfo: { MaxConnectionsPercent: 100 } });
    expect(limit.connectionBudget).toBe(lambdaConnectionBudget(proxyPool(200, 100), 0.3, 0));
  });

  test('keeps the MaxConnectionsPercent the proxy already has and budgets with it', () => {
    const stack = newStack();
    const { proxy } = newDatabase(stack, 'Db', { maxConnectionsPercent: 50 });
    const limit = new ProxyConcurrencyLimit(stack, 'Limit', { function: newFunction(stack, 'Fn'), proxy, environments: 10, maxConnections: 1000 });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBProxyTargetGroup', { ConnectionPoolConfigurationInfo: { MaxConnectionsPercent: 50 } });
    expect(limit.connectionBudget).toBe(350);
  });

  test('several functions split one budget, and the first one is capped by functions added after it', () => {
    const stack = newStack();
    const { proxy } = newDatabase(stack);
    const budget = lambdaConnectionBudget(proxyPool(300, 100), 0.3, 10); // 200
    new ProxyConcurrencyLimit(stack, 'A', { function: newFunction(stack, 'FnA'), proxy, environments: 150, maxConnections: 300, otherClients: 10 });
    new ProxyConcurrencyLimit(stack, 'B', { function: newFunction(stack, 'FnB'), proxy, environments: 100, connectionsPerEnvironment: 2 });
    new ProxyConcurrencyLimit(stack, 'C', { function: newFunction(stack, 'FnC'), proxy, environments: 50 });
    const caps = splitConnectionBudget(budget, [
      { environments: 150, connectionsPerEnvironment: 1 },
      { environments: 100, connectionsPerEnvironment: 2 },
      { environments: 50, connectionsPerEnvironment: 1 },
    ]);
    const reserved = reservedById(stack);
    expect([reserved.FnA, reserved.FnB, reserved.FnC]).toEqual(caps);
    expect(reserved.FnA + 2 * reserved.FnB + reserved.FnC).toBeLessThanOrEqual(budget);
    expect(reserved.FnA).toBeLessThan(150);
    Annotations.fromStack(stack).hasWarning('/Stack/A', Match.stringLikeRegexp('reserved concurrency capped at \\d+ of the 150 wanted: 3 function\\(s\\) share'));
  });

  test('property: Σ reserved × connections never exceeds the budget, whatever the functions and their order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 2000 }),
        fc.array(fc.record({ environments: fc.integer({ min: 1, max: 400 }), connectionsPerEnvironment: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 5 }),
        (maxConnections, claims) => {
          const stack = newStack();
          const { proxy } = newDatabase(stack);
          const limits = claims.map((c, i) => ({ c, limit: new ProxyConcurrencyLimit(stack, `L${i}`, { function: newFunction(stack, `Fn${i}`), proxy, maxConnections, headroom: 0, ...c }) }));
          const budget = limits[0].limit.connectionBudget!;
          const reserved = reservedById(stack);
          const used = claims.reduce((s, c, i) => s + reserved[`Fn${i}`] * c.connectionsPerEnvironment, 0);
          expect(used).toBeLessThanOrEqual(budget);
          claims.forEach((c, i) => expect(reserved[`Fn${i}`]).toBeLessThanOrEqual(c.environments));
        },
      ),
      { numRuns: runs(15, 5) },
    );
  });

  test('the budget lives in the app, under its proxy: proxies of separate apps never share one, and a rejected construct leaves none', () => {
    const one = newStack();
    const two = newStack();
    const a = newDatabase(one).proxy;
    const b = newDatabase(two).proxy;
    expect(() => new ProxyConcurrencyLimit(one, 'Bad', { function: newFunction(one, 'Fn0'), proxy: a, environments: 10, maxConnections: 1 })).toThrow(/leaves Lambda no connections/);
    new ProxyConcurrencyLimit(one, 'A', { function: newFunction(one, 'FnA'), proxy: a, environments: 10, maxConnections: 100 });
    new ProxyConcurrencyLimit(two, 'B', { function: newFunction(two, 'FnB'), proxy: b, environments: 30, maxConnections: 20 });
    expect([reservedById(one).FnA, reservedById(two).FnB]).toEqual([10, lambdaConnectionBudget(proxyPool(20, 100), 0.3, 0)]);
    expect(a.node.findAll().filter((c) => c.node.id === 'LambdaScalingConnectionBudget').map((c) => c.node.path)).toEqual([`${a.node.path}/LambdaScalingConnectionBudget`]);
  });

  test('a function on two proxies gets the smaller of its two shares', () => {
    const stack = newStack();
    const one = newDatabase(stack, 'One').proxy;
    const two = newDatabase(stack, 'Two').proxy;
    const fn = newFunction(stack, 'Fn');
    new ProxyConcurrencyLimit(stack, 'L1', { function: fn, proxy: one, environments: 100, maxConnections: 1000 });
    new ProxyConcurrencyLimit(stack, 'L2', { function: fn, proxy: two, environments: 100, maxConnections: 100, headroom: 0.5 });
    expect(reservedById(stack).Fn).toBe(50);
  });

  test('the function\'s own reserved concurrency is its need when environments is not given', () => {
    const stack = newStack();
    const { proxy } = newDatabase(stack);
    new ProxyConcurrencyLimit(stack, 'L', { function: newFunction(stack, 'Fn', { reserved: 500 }), proxy, maxConnections: 100 });
    expect(reservedById(stack).Fn).toBe(70);
  });

  test('max_connections is estimated from the database instance class with a warning', () => {
    const stack = newStack();
    const { proxy, instance } = newDatabase(stack);
    const limit = new ProxyConcurrencyLimit(stack, 'L', { function: newFunction(stack, 'Fn'), proxy, environments: 10, database: instance });
    const estimate = estimateMaxConnections('postgres', 'db.t4g.medium')!;
    expect(limit.connectionBudget).toBe(lambdaConnectionBudget(proxyPool(estimate, 100), 0.3, 0));
    Annotations.fromStack(stack).hasWarning('/Stack/L', Match.stringLikeRegexp(`max_connections ${estimate} is an estimate from postgres on db.t4g.medium`));
  });

  describe('validation', () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['environments below 1', { environments: 0, maxConnections: 100 }, "ProxyConcurrencyLimit 'Stack/L': environments must be between 1 and 1000000, got 0"],
      ['fractional environments', { environments: 2.5, maxConnections: 100 }, "ProxyConcurrencyLimit 'Stack/L': environments must be a whole number, got 2.5"],
      ['no environments and no reserved', { maxConnections: 100 }, "ProxyConcurrencyLimit 'Stack/L': environments is required when the function has no reservedConcurrentExecutions"],
      ['connections per environment 0', { environments: 5, maxConnections: 100, connectionsPerEnvironment: 0 }, "ProxyConcurrencyLimit 'Stack/L': connectionsPerEnvironment must be between 1 and 1000, got 0"],
      ['no max_connections source', { environments: 5 }, "ProxyConcurrencyLimit 'Stack/L': give maxConnections, or database (a DatabaseInstance whose class and engine give an estimate)"],
      ['maxConnectionsPercent above 100', { environments: 5, maxConnections: 100, maxConnectionsPercent: 101 }, "ProxyConcurrencyLimit 'Stack/L': maxConnectionsPercent must be between 1 and 100, got 101"],
      ['headroom 1', { environments: 5, maxConnections: 100, headroom: 1 }, "ProxyConcurrencyLimit 'Stack/L': headroom must be between 0 and 0.99, got 1"],
      ['negative other clients', { environments: 5, maxConnections: 100, otherClients: -1 }, "ProxyConcurrencyLimit 'Stack/L': otherClients must be between 0 and 262143, got -1"],
      ['a budget of nothing', { environments: 5, maxConnections: 10, otherClients: 7 }, "ProxyConcurrencyLimit 'Stack/L': the proxy leaves Lambda no connections: floor(floor(10 x 100 / 100) x (1 - 0.3)) - 7 = 0"],
    ];
    test.each(cases)('rejects %s', (_name, props, message) => {
      const stack = newStack();
      const { proxy } = newDatabase(stack);
      expect(() => new ProxyConcurrencyLimit(stack, 'L', { function: newFunction(stack, 'Fn'), proxy, ...props })).toThrow(message);
    });

    test('rejects proxy-wide settings that disagree with the first function on the proxy', () => {
      const stack = newStack();
      const { proxy } = newDatabase(stack);
      new ProxyConcurrencyLimit(stack, 'A', { function: newFunction(stack, 'FnA'), proxy, environments: 5, maxConnections: 100 });
      expect(() => new ProxyConcurrencyLimit(stack, 'B', { function: newFunction(stack, 'FnB'), proxy, environments: 5, maxConnections: 200 }))
        .toThrow("ProxyConcurrencyLimit 'Stack/B': maxConnections 200 conflicts with 100 given by Stack/A for the same proxy; proxy-wide settings must agree");
    });

    test('rejects a MaxConnectionsPercent different from the proxy\'s own', () => {
      const stack = newStack();
      const { proxy } = newDatabase(stack, 'Db', { maxConnectionsPercent: 50 });
      expect(() => new ProxyConcurrencyLimit(stack, 'L', { function: newFunction(stack, 'Fn'), proxy, environments: 5, maxConnections: 100, maxConnectionsPercent: 90 }))
        .toThrow("ProxyConcurrencyLimit 'Stack/L': maxConnectionsPercent 90 conflicts with 50 set on proxy Stack/Db/DbProxy; set it in one place");
    });

    test('rejects the same function twice on one proxy', () => {
      const stack = newStack();
      const { proxy } = newDatabase(stack);
      const fn = newFunction(stack, 'Fn');
      new ProxyConcurrencyLimit(stack, 'A', { function: fn, proxy, environments: 5, maxConnections: 100 });
      expect(() => new ProxyConcurrencyLimit(stack, 'B', { function: fn, proxy, environments: 5 })).toThrow("ProxyConcurrencyLimit 'Stack/B': function Stack/Fn already has a ProxyConcurrencyLimit on proxy Stack/Db/DbProxy");
    });

    test('rejects an imported function (its reserved concurrency cannot be set here)', () => {
      const stack = newStack();
      const { proxy } = newDatabase(stack);
      const imported = lambda.Function.fromFunctionName(stack, 'Imported', 'other') as lambda.Function;
      expect(() => new ProxyConcurrencyLimit(stack, 'L', { function: imported, proxy, environments: 5, maxConnections: 100 }))
        .toThrow("ProxyConcurrencyLimit 'Stack/L': function must be a lambda.Function defined in this app (its reserved concurrency is set here), got Stack/Imported");
    });
  });

  describe('tokens', () => {
    test('a token max_connections does not fail: nothing is capped and a warning says so', () => {
      const stack = newStack();
      const { proxy } = newDatabase(stack);
      const maxConnections = new CfnParameter(stack, 'MaxConnections', { type: 'Number' }).valueAsNumber;
      expect(() => new ProxyConcurrencyLimit(stack, 'L', { function: newFunction(stack, 'Fn'), proxy, environments: 30, maxConnections })).not.toThrow();
      expect(reservedById(stack).Fn).toBe(30);
      Annotations.fromStack(stack).hasWarning('/Stack/L', Match.stringLikeRegexp('maxConnections is a token'));
      Annotations.fromStack(stack).hasWarning('/Stack/L', Match.stringLikeRegexp('Lambda connection budget is unknown'));
    });

    test('a token need does not fail: the function keeps it and a warning says so', () => {
      const stack = newStack();
      const { proxy } = newDatabase(stack);
      const environments = new CfnParameter(stack, 'Need', { type: 'Number' }).valueAsNumber;
      expect(() => new ProxyConcurrencyLimit(stack, 'L', { function: newFunction(stack, 'Fn'), proxy, environments, maxConnections: 100 })).not.toThrow();
      Annotations.fromStack(stack).hasWarning('/Stack/L', Match.stringLikeRegexp('environments is a token'));
    });
  });
});
