/**
 * Names the user chooses become object keys (databases, functions, logical ids, template properties):
 * `__proto__`, `constructor` and `toString` must behave like any other name, never vanish.
 */
import { loadTemplateFile, checkTemplates } from '../../lib/rules';
import { normalizeWorkload, parseWorkload } from '../../lib/workload';
import { parseDocumentText } from '../../lib/workload/document';
import { planWorkload } from '../../lib/planner';
import { simulate } from '../../lib/simulate';
import { toJson } from '../../lib/report/simulation-report';
import { setOwn } from '../../lib/records';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

function workloadNamed(name: string): string {
  return [
    'account: { region: us-east-1 }',
    'databases:',
    `  ${name}: { engine: postgres, maxConnections: 10 }`,
    'functions:',
    `  - name: ${name}`,
    '    invocation: sync',
    '    memoryMb: 512',
    '    timeoutSeconds: 10',
    '    durationMs: { avg: 100 }',
    '    traffic: { peakRps: 300 }',
    `    database: { name: ${name} }`,
  ].join('\n');
}

describe.each(NAMES)('the name %s', (name) => {
  test('as a database caps its function like any other name (7 of 10 connections, not 47 uncapped)', () => {
    const workload = parseWorkload(workloadNamed(name), 'w.yaml');
    expect(Object.keys(workload.databases)).toEqual([name]);
    const plan = planWorkload(workload);
    expect(plan.functions.map((f) => [f.name, f.reservedConcurrency])).toEqual([[name, 7]]);
  });

  test('as a database of a workload given as data (constructs) is kept too', () => {
    const input = parseDocumentText(workloadNamed(name), 'w.yaml');
    const workload = normalizeWorkload(input, { source: 'Stack/Policy (workload)' });
    expect(Object.keys(workload.databases)).toEqual([name]);
    expect(planWorkload(workload).functions[0].reservedConcurrency).toBe(7);
  });

  test('as a function name is kept in the simulation summary and its JSON', () => {
    const workload = parseWorkload(workloadNamed(name), 'w.yaml');
    const result = simulate(workload, null, { durationSeconds: 5, series: false });
    expect(Object.keys(result.summary)).toEqual([name]);
    expect(Object.keys(JSON.parse(toJson(result)).summary)).toEqual([name]);
  });

  test('as a logical id and as a property name is checked like any other', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keys-'));
    const file = join(dir, 't.json');
    writeFileSync(file, JSON.stringify({ Resources: { [name]: { Type: 'AWS::Lambda::Function', Properties: { ReservedConcurrentExecutions: 0, [name]: 1 } } } }));
    const findings = checkTemplates([loadTemplateFile(file)]);
    expect(findings.filter((f) => f.ruleId === 'ReservedConcurrencyZero').map((f) => f.logicalId)).toEqual([name]);
  });
});

test('setOwn adds __proto__ as an entry, leaving the prototype alone', () => {
  const record: Record<string, number> = {};
  setOwn(record, '__proto__', 1);
  setOwn(record, 'a', 2);
  expect(Object.entries(record)).toEqual([['__proto__', 1], ['a', 2]]);
  expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
});
