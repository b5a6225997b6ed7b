/**
 * Bounded work: the inputs that made unbounded work (issue #18) are refused naming the limit, or finish, at the
 * sizes of the fast suite, in process; budgets.slow.test.ts runs them at full size in a child process with a
 * 500 MB heap, timed. Each file is read and parsed once per run, however often it is nested or named.
 */
import { mkdtempSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { memoryIo } from '../../bin/io';
import { main } from '../../bin/main';
import { Root } from '../../lib/files';
import { buildGraph, loadCloudAssembly, LoadRun, loadTemplateFile, withLocalNestedStacks } from '../../lib/rules';
import { referencedNames } from '../../lib/rules/references';
import { MAX_RESOLVED_CHARACTERS } from '../../lib/rules/resolve';
import { FULL_RUNS } from '../support/runs';
import { BUDGET_CASES, put } from './loader-cases';
import { cliInBash, SECRET, ACCESS_KEY } from './support';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'budgets-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('inputs that made unbounded work finish or are refused naming the limit', () => {
  test.each(BUDGET_CASES.map((c, i) => [c.name, c, i] as const))('%s', async (_, c, i) => {
    const folder = join(dir, `case-${i}`);
    const expected = c.build(folder, FULL_RUNS);
    if (FULL_RUNS) {
      // Full size, in a child process: a 500 MB heap (an out-of-memory would be a crash), under 10 s.
      const r = cliInBash(folder, '', expected.argv.join(' '), '> report.out', '--max-old-space-size=500');
      expect({ status: r.status, message: expected.message === undefined || expected.message.test(r.stderr) }).toEqual({ status: expected.exit, message: true });
      expect(statSync(join(folder, 'report.out')).size).toBeLessThanOrEqual(expected.maxOutput ?? Infinity);
      // Wall time on a shared machine; CPU time is measured by scripts/measure-budgets.ts (the goal: < 10 s).
      expect(r.ms).toBeLessThan(30_000);
      expect(r.maxRssKiB).toBeLessThan(500 * 1024);
      return;
    }
    const io = memoryIo({ cwd: folder });
    // CPU time, not wall time: the machine may be shared.
    const started = process.cpuUsage();
    const code = await main(expected.argv, io);
    const cpu = process.cpuUsage(started);
    expect({ code, message: expected.message === undefined || expected.message.test(io.err) }).toEqual({ code: expected.exit, message: true });
    expect(io.err).not.toMatch(/\n\s+at |internal error/);
    expect(io.out.length).toBeLessThanOrEqual(expected.maxOutput ?? Infinity);
    for (const secret of [SECRET, ACCESS_KEY]) expect(io.err).not.toContain(secret);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(10_000);
  });
});

describe('each file is read and parsed once per run', () => {
  test('a diamond of nested stacks: 1,023 stacks from 10 files read once each', () => {
    const folder = join(dir, 'diamond-once');
    for (let i = 0; i < 10; i++) {
      const resources: Record<string, unknown> = { Q: { Type: 'AWS::SQS::Queue' } };
      if (i < 9) for (const id of ['A', 'B']) resources[id] = { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: `./l${i + 1}.json` } };
      put(join(folder, `l${i}.json`), { Resources: resources });
    }
    const context = { run: new LoadRun(), root: new Root(folder) };
    const stacks = withLocalNestedStacks(loadTemplateFile(join(folder, 'l0.json'), 'l0.json', context), folder, context);
    expect(stacks).toHaveLength(1023);
    expect(context.run.filesRead).toBe(10);
    expect(stacks[stacks.length - 1].stackName).toBe('l0/B/B/B/B/B/B/B/B/B');
  });

  test('artifacts sharing one template: the template is read once, each stack counted', () => {
    const folder = join(dir, 'shared.out');
    const artifacts: Record<string, unknown> = {};
    for (let i = 0; i < 1_500; i++) artifacts[`S${i}`] = { type: 'aws:cloudformation:stack', environment: 'aws://1/us-east-1', properties: { templateFile: 't.json' } };
    put(join(folder, 'manifest.json'), { version: '36.0.0', artifacts });
    put(join(folder, 't.json'), { Resources: { Q: { Type: 'AWS::SQS::Queue' } } });
    const context = { run: new LoadRun(), root: new Root(folder) };
    expect(loadCloudAssembly(folder, 'shared.out', context)).toHaveLength(1_500);
    // The manifest and the template.
    expect(context.run.filesRead).toBe(2);
  });
});

describe('resolution is bounded', () => {
  test('a text doubled through exports past 1 MiB is refused naming the limit', () => {
    const outputs: Record<string, unknown> = {};
    // 18 exports, each doubling the one before: 16 characters × 2^17 = 2 MiB.
    for (let i = 0; i < 18; i++) outputs[`O${i}`] = { Value: i === 0 ? 'abcdefghabcdefgh' : { 'Fn::Join': ['', [{ 'Fn::ImportValue': `e${i - 1}` }, { 'Fn::ImportValue': `e${i - 1}` }]] }, Export: { Name: `e${i}` } };
    const graph = buildGraph([{ stackName: 'S', templateFile: 'chain.json', template: { Outputs: outputs, Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { Description: { 'Fn::ImportValue': 'e17' } } } } } }]);
    expect(() => graph.functions[0].resource.properties()).toThrow(new RegExp('^chain\\.json: an Fn::Join resolves to more than 1 MiB of text.*at most 1 MiB'));
    expect(MAX_RESOLVED_CHARACTERS).toBe(1024 * 1024);
  });

  test('the names a Sub with 200,000 variables refers to are collected in linear time, in order, once each', () => {
    const variables = Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`v${i}`, 'x']));
    const text = Object.keys(variables)
      .map((k) => `\${${k}}\${${k}}`)
      .join('');
    const started = process.cpuUsage();
    const names = referencedNames({ 'Fn::Sub': [text, variables] });
    const cpu = process.cpuUsage(started);
    expect(names).toHaveLength(200_000);
    expect(names.slice(0, 2)).toEqual(['v0', 'v1']);
    // Quadratic, it took minutes of CPU; linear, about a second.
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(10_000);
  });
});
