/**
 * Names of Lambda provisioned concurrency in other services: the scalable target resource id and the
 * RDS engine families, built and read in one place.
 */
import * as fc from 'fast-check';
import { engineFamily, parseProvisionedResourceId, provisionedResourceId } from '../../lib/model';

describe('provisioned resource id', () => {
  test('reads back the function name and qualifier it was built from', () => {
    const part = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
    fc.assert(fc.property(part, part, (name, qualifier) => {
      expect(parseProvisionedResourceId(provisionedResourceId(name, qualifier))).toEqual({ name, qualifier });
    }));
  });

  test('is `function:<name>:<qualifier>`', () => {
    expect(provisionedResourceId('api', 'live')).toBe('function:api:live');
  });

  test('a resource id of another service is not a function', () => {
    expect(parseProvisionedResourceId('table/orders')).toBeUndefined();
  });
});

describe('engineFamily', () => {
  test.each([
    ['postgres', 'postgres'],
    ['aurora-postgresql', 'aurora-postgresql'],
    ['aurora', 'aurora-mysql'],
    ['aurora-mysql', 'aurora-mysql'],
    ['mysql', 'mysql'],
    ['mariadb', 'mariadb'],
  ])('engine %s has the %s max_connections default', (engine, family) => {
    expect(engineFamily(engine)).toBe(family);
  });

  test.each(['oracle-ee', 'sqlserver-se', '', undefined])('engine %s has no known default', (engine) => {
    expect(engineFamily(engine)).toBeUndefined();
  });
});
