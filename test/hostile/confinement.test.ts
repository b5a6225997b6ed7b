/**
 * Confinement: every path a document names resolves inside the root (by default the folder of the input given),
 * symbolic links resolved. A file outside is refused with a message naming the referring file and key, never the
 * file or anything in it, and the refusal is the same whether or not the file exists (its existence cannot be
 * probed). A sample of the generated cases runs here; confinement.slow.test.ts runs them all.
 */
import { mkdtempSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { memoryIo } from '../../bin/io';
import { main } from '../../bin/main';
import { LambdaScalingChecks } from '../../constructs';
import { realPathOf, Root } from '../../lib/files';
import { loadInputs } from '../../lib/rules';
import { runs } from '../support/runs';
import { buildConfinementCase, CONFINEMENT_CASES, confinementSandbox, OUTSIDE_TEMPLATE, put, shuffled } from './loader-cases';
import { SECRET } from './support';

let dir: string;
beforeAll(() => {
  dir = confinementSandbox();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: readonly string[], cwd = '.'): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo({ cwd: join(dir, cwd) });
  const code = await main([...argv], io);
  return { code, out: io.out, err: io.err };
}

/** Sample of the cases (the same seed as the slow twin, whose run covers all). */
const SAMPLE = shuffled(CONFINEMENT_CASES, 18).slice(0, runs(CONFINEMENT_CASES.length, 16));
const LEAKS = [SECRET, 'LeakwJalrXUtnFEMI', 'secret.json', 'secret.csv', 'missing-'];

describe('a file named outside the root is refused, the same way whether or not it exists', () => {
  test.each(SAMPLE.map((c, i) => [`${c.reference}, ${c.spelling}, ${c.exists ? 'existing' : 'missing'}`, c, i] as const))('%s', async (_, c, i) => {
    const { argv, cwd, referrer, joined } = buildConfinementCase(dir, c, i);
    const r = await run(argv, cwd);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(referrer);
    expect(r.err).not.toMatch(/\n\s+at |internal error/);
    expect(`${r.out}${r.err}`).not.toContain(SECRET);
    // An absolute path in a cloud assembly is joined to its folder: a file inside the root, not found, named as given.
    if (joined) return;
    for (const leak of LEAKS) expect(`${r.out}${r.err}`).not.toContain(leak);
    // The twin with the other existence gives the same message, but for the root's own name.
    const twin = buildConfinementCase(dir, { ...c, exists: !c.exists }, i);
    const other = await run(twin.argv, twin.cwd);
    expect({ code: other.code, err: other.err.replace(/\d+-(exists|missing)/g, 'N') }).toEqual({ code: r.code, err: r.err.replace(/\d+-(exists|missing)/g, 'N') });
  });
});

describe('the root', () => {
  test('--root widens it: a nested template in a sibling folder is followed', async () => {
    const base = mkdtempSync(join(tmpdir(), 'root-'));
    put(join(base, 'app', 'template.yaml'), 'Resources:\n  Child: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: ../shared/child.json } }\n');
    put(join(base, 'shared', 'child.json'), { Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { ReservedConcurrentExecutions: 0 } } } });
    const io = memoryIo({ cwd: base });
    expect(await main(['check', 'app/template.yaml'], io)).toBe(2);
    expect(io.err).toMatch(/^app\/template\.yaml: Resources\.Child\.Properties\.TemplateURL names a file outside the root app; .*--root/);
    const widened = memoryIo({ cwd: base });
    expect(await main(['check', 'app/template.yaml', '--root', '.', '--format', 'json'], widened)).toBe(0);
    expect(JSON.parse(widened.out).findings).toEqual([expect.objectContaining({ ruleId: 'ReservedConcurrencyZero', stack: 'template/Child' })]);
    rmSync(base, { recursive: true, force: true });
  });

  test('--root confines the inputs too: one outside it is refused, the same whether or not it exists', async () => {
    const existing = await run(['check', 'outside/secret.json', '--root', 'roots']);
    const missing = await run(['check', 'outside/missing-secret.json', '--root', 'roots']);
    expect(existing).toEqual({ code: 2, out: expect.any(String), err: expect.stringMatching(/^outside\/secret\.json names a file outside the root roots; .*--root/) });
    expect(missing.err.replace('missing-', '')).toBe(existing.err);
    expect(existing.out).not.toContain('Leak');
  });

  test('SARIF line numbers come from the file checked, never from the path shown: through a link in the root it leads outside', async () => {
    const base = mkdtempSync(join(tmpdir(), 'root-sarif-'));
    const work = join(base, 'work');
    // Shown as cdk.out/inner/../../../outside.txt = ../outside.txt; read as cdk.out/a/outside.txt, inside the root.
    put(join(base, 'outside.txt'), ['1', '2', '3', '4', '5', '6', '"Fn": {}', '"Absent": {}'].join('\n'));
    put(join(work, 'cdk.out', 'manifest.json'), { version: '36.0.0', artifacts: { Stage: { type: 'cdk:cloud-assembly', properties: { directoryName: 'inner' } } } });
    put(join(work, 'cdk.out', 'a', 'b', 'c', 'd', 'manifest.json'), { version: '36.0.0', artifacts: { S: { type: 'aws:cloudformation:stack', properties: { templateFile: '../../../outside.txt' } } } });
    const fn = { Type: 'AWS::Lambda::Function', Properties: { ReservedConcurrentExecutions: 0 } };
    put(join(work, 'cdk.out', 'a', 'outside.txt'), `{"Resources": {\n"Fn": ${JSON.stringify(fn)},\n"Absent": ${JSON.stringify(fn)}}}\n`);
    symlinkSync('a/b/c/d', join(work, 'cdk.out', 'inner'), 'dir');
    const io = memoryIo({ cwd: work });
    expect(await main(['check', 'cdk.out', '--format', 'sarif'], io)).toBe(0);
    const lines = (JSON.parse(io.out) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { region?: { startLine: number } } }> }> }> }).runs[0].results.map((r) => r.locations[0].physicalLocation.region?.startLine);
    expect(lines).toEqual([2, 3]);
    rmSync(base, { recursive: true, force: true });
  });

  test('--root must be a folder', async () => {
    const r = await run(['check', 'outside/secret.json', '--root', 'no-such-folder']);
    expect(r).toMatchObject({ code: 2, err: '--root no-such-folder: no such folder\n' });
  });

  test('a link inside the root to a file inside it is followed', () => {
    const base = mkdtempSync(join(tmpdir(), 'root-link-'));
    put(join(base, 'real', 'child.json'), OUTSIDE_TEMPLATE);
    put(join(base, 'template.yaml'), 'Resources:\n  Child: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: ./real/child.json } }\n');
    expect(loadInputs(['template.yaml'], base).map((s) => s.stackName)).toEqual(['template', 'template/Child']);
    rmSync(base, { recursive: true, force: true });
  });

  test('a real path is decided the same way for a file that exists, one that does not, and a dangling link', () => {
    const root = new Root(join(dir, 'roots'));
    expect(root.holds(realPathOf(join(dir, 'roots', 'x', '..', 'y')))).toBe(true);
    expect(root.holds(realPathOf(join(dir, 'roots', '..', 'outside', 'secret.json')))).toBe(false);
    expect(root.holds(realPathOf(join(dir, 'roots', '..', 'outside', 'nothing-here')))).toBe(false);
    // A prefix is not a parent: roots-2 is not inside roots.
    expect(root.holds(realPathOf(join(dir, 'roots-2', 'a')))).toBe(false);
  });

  test('the plugin reads only inside the app output folder: a nested stack naming a file outside fails the synth, naming it', () => {
    const base = mkdtempSync(join(tmpdir(), 'plugin-root-'));
    const app = new App({ outdir: join(base, 'cdk.out'), builtinCloudFormationValidation: false });
    Validations.of(app).addPlugins(new LambdaScalingChecks());
    const stack = new Stack(app, 'Parent');
    new CfnResource(stack, 'Inner', { type: 'AWS::CloudFormation::Stack', properties: { TemplateURL: 'https://s3.amazonaws.com/b/x.json' } }).addMetadata('aws:asset:path', relative(join(base, 'cdk.out'), join(dir, 'outside', 'secret.json')));
    expect(() => app.synth()).toThrow(/Parent\.template\.json: Resources\.Inner\.Metadata\["aws:asset:path"\] names a file outside the root/);
    rmSync(base, { recursive: true, force: true });
  });
});
