/**
 * Class "secrets": a parse error names the file, the line and the kind of problem, and quotes a token of
 * the file only through the one secret filter (lib/secrets.ts). Each case hides a secret where a parser
 * would quote it: a YAML directive, tag, alias or duplicate key, a CSV field, a foreign file's keys; and a
 * finding quotes a template's values through it too.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { memoryIo } from '../../bin/io';
import { main } from '../../bin/main';
import { looksLikeSecretValue, redactSecrets } from '../../lib/secrets';
import { ACCESS_KEY, SECRET, workloadWith } from './support';

/** Secrets of several shapes: an access key id, a GitHub token, a password hash's salted run. */
const GITHUB = 'ghp_16C7e42F292c6912E7710c838347Ae178B4a';
const HASH = 'Zq3x9Lp0Tk4Wm8VnR2bYcE7uJh1QsA5dFgXo0PlKiU9yT6rE3wZ';
const SECRETS = [ACCESS_KEY, GITHUB, HASH];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hostile-secrets-'));
  const put = (name: string, text: string) => {
    mkdirSync(join(dir, dirname(name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  };
  const template = (body: string) => `Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n${body}`;
  put('directive.yaml', `%${ACCESS_KEY} x\n---\n${workloadWith('{ peakRps: 1 }')}`);
  put('tag.yaml', workloadWith(`!${GITHUB} { peakRps: 1 }`));
  put('alias.yaml', workloadWith(`*${HASH}`));
  put('duplicate-key.yaml', `${workloadWith('{ peakRps: 1 }')}\n${GITHUB}: 1\n${GITHUB}: 2\n`);
  put('tag.template.yaml', template(`    Properties:\n      Role: !${ACCESS_KEY} x\n`));
  put('duplicate.template.yaml', template(`    Properties:\n      ${GITHUB}: 1\n      ${GITHUB}: 2\n`));
  put('duplicate.template.json', `{"Resources": {"${HASH}": {"Type": "AWS::SQS::Queue"}, "${HASH}": {"Type": "AWS::SQS::Queue"}}}`);
  put('alias.template.yaml', template(`    Properties: *${GITHUB}\n`));
  put('foreign.json', JSON.stringify({ [`root:${HASH}:20228:0`]: 1, [ACCESS_KEY]: 2 }));
  put('foreign.yaml', `root:${HASH}:20228:0:99999:7:::\n`);
  put('scenario.yaml', `%${ACCESS_KEY} x\n---\nsteps: [{ atSeconds: 0, rps: 1 }]\n`);
  put('scenario-tag.yaml', `steps: !${GITHUB} [{ atSeconds: 0, rps: 1 }]\n`);
  put('good.yaml', workloadWith('{ peakRps: 1 }'));
  put('quote.csv', `minute,count\n0,5\n1,x"${HASH}"\n`);
  put('trace.yaml', workloadWith('{ trace: { file: quote.csv, format: per-minute } }'));
  put('cdk.out/manifest.json', `{"version": "36.0.0", "artifacts": {"${ACCESS_KEY}": 1, "${ACCESS_KEY}": 2}}`);
  put('tagged.out/manifest.json', JSON.stringify({ version: '36.0.0', artifacts: { S: { type: 'aws:cloudformation:stack', properties: { templateFile: 'S.template.yaml' } } } }));
  put('tagged.out/S.template.yaml', template(`    Properties:\n      Role: !${GITHUB} x\n`));
  put(
    'values.template.yaml',
    `Parameters:\n  Conc: { Type: String, Default: ${GITHUB} }\n${template(`    Properties:\n      ReservedConcurrentExecutions: ${ACCESS_KEY}\n      Timeout: "${SECRET}"\n      MemorySize: !Ref Conc\n      EphemeralStorage: { Size: "x-${HASH}" }\n`)}`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A case: the command, and the message (file, line and kind) it must give. */
const CASES: ReadonlyArray<readonly [string, readonly string[], RegExp]> = [
  ['a YAML directive in a workload', ['plan', 'directive.yaml'], /^directive\.yaml:1:1: unknown YAML directive/m],
  ['a YAML tag in a workload', ['plan', 'tag.yaml'], /^tag\.yaml:\d+:\d+: unknown YAML tag \[…\]/m],
  ['a YAML alias in a workload', ['plan', 'alias.yaml'], /^alias\.yaml:\d+:\d+: alias \[…\]/m],
  ['a duplicate key in a workload', ['plan', 'duplicate-key.yaml'], /^duplicate-key\.yaml:\d+:\d+: /m],
  ['a YAML tag in a template', ['check', 'tag.template.yaml'], /^tag\.template\.yaml:5: unknown YAML tag \[…\]/m],
  ['an alias in a template', ['check', 'alias.template.yaml'], /^alias\.template\.yaml:\d+: invalid YAML: /m],
  ['a JSON file that is not a template (its keys)', ['check', 'foreign.json'], /^foreign\.json: not a CloudFormation template: no Resources section \(it has 2 top-level keys that are not template sections\)$/m],
  ['a system file as a template', ['check', 'foreign.yaml'], /^foreign\.yaml: not a CloudFormation template: no Resources section \(it has 1 top-level key that is not a template section\)$/m],
  ['a YAML directive in a scenario', ['simulate', 'good.yaml', '--scenario', 'scenario.yaml'], /^scenario\.yaml:1:1: unknown YAML directive/m],
  ['a YAML tag in a scenario', ['simulate', 'good.yaml', '--scenario', 'scenario-tag.yaml'], /^scenario-tag\.yaml:1:\d+: unknown YAML tag \[…\]/m],
  ['a CSV field of a trace', ['plan', 'trace.yaml'], /quote\.csv:3: /m],
  ['a duplicate key in a manifest', ['check', 'cdk.out'], /^cdk\.out\/manifest\.json:1: duplicate key \[…\]/m],
  ['a YAML tag in an assembly template', ['check', 'tagged.out'], /^tagged\.out\/S\.template\.yaml:5: unknown YAML tag \[…\]/m],
];

describe('secrets: a duplicate key in a template is a DuplicateKey finding (the template checked with the last value) naming file and line, never the key when it is a secret', () => {
  test.each([
    ['YAML', 'duplicate.template.yaml', /duplicate\.template\.yaml gives the key \[…\] \(it looks like a secret; not shown\) twice in one object \(line 6\)/],
    ['JSON', 'duplicate.template.json', /duplicate\.template\.json gives the key \[…\] \(it looks like a secret; not shown\) twice in one object \(line 1\)/],
  ])('%s', async (_, file, message) => {
    const io = memoryIo({ cwd: dir });
    expect(await main(['check', file], io)).toBe(1);
    expect(io.out).toMatch(message);
    for (const secret of SECRETS) expect(`${io.out}${io.err}`).not.toContain(secret);
  });
});

describe('secrets: a parse error names file, line and kind, never a secret it read', () => {
  test.each(CASES.map(([name, argv, message]) => [name, argv, message] as const))('%s', async (_, argv, message) => {
    const io = memoryIo({ cwd: dir });
    const code = await main(argv, io);
    expect({ code, err: io.err }).toEqual({ code: 2, err: expect.stringMatching(message) });
    for (const secret of SECRETS) expect(`${io.out}${io.err}`).not.toContain(secret);
  });
});

describe('secrets: a finding quotes a template value only through the secret filter', () => {
  test.each(['text', 'json', 'sarif', 'junit'])('out-of-range and not-a-number values, and an assumed parameter default, in --format %s', async (format) => {
    const io = memoryIo({ cwd: dir });
    expect(await main(['check', 'values.template.yaml', '--format', format], io)).toBe(1);
    expect(io.out).toContain('[…]');
    for (const secret of [...SECRETS, SECRET]) expect(`${io.out}${io.err}`).not.toContain(secret);
  });
});

describe('secrets: the filter itself is bounded', () => {
  test('a string of 16 MB of key-like characters (a plan file\'s region) is judged and redacted in pieces, not overflowing the regular expression stack', async () => {
    writeFileSync(join(dir, 'w-long.yaml'), workloadWith('{ peakRps: 1 }'));
    writeFileSync(join(dir, 'long-plan.json'), JSON.stringify({ version: 1, account: { region: '9'.repeat(16 << 20) }, functions: [] }));
    const io = memoryIo({ cwd: dir });
    expect(await main(['simulate', 'w-long.yaml', '--plan', 'long-plan.json'], io)).toBe(2);
    expect(io.err).toMatch(/^long-plan\.json: account\.region must match pattern/);
    expect(io.err.length).toBeLessThan(2_000);
  });

  test('a file a manifest names is shown with its known secrets hidden and cut to 200 characters', async () => {
    const assembly = join(dir, 'named.out');
    mkdirSync(assembly, { recursive: true });
    const templateFile = `${GITHUB}/${ACCESS_KEY}-${'x'.repeat(100_000)}.json`;
    writeFileSync(join(assembly, 'manifest.json'), JSON.stringify({ version: '36.0.0', artifacts: { S: { type: 'aws:cloudformation:stack', environment: 'aws://1/us-east-1', properties: { templateFile } } } }));
    const io = memoryIo({ cwd: dir });
    expect(await main(['check', 'named.out'], io)).toBe(2);
    for (const secret of [GITHUB, ACCESS_KEY]) expect(io.out + io.err).not.toContain(secret);
    expect(io.err).toMatch(/^named\.out\/\[…\]\/\[…\]-x+… \(100,\d+ characters\): cannot be read \(the name is too long\)/);
    expect((io.out + io.err).length).toBeLessThan(2_000);
  });

  test('a run of megabytes mixing cases and digits is hidden piece by piece', () => {
    const run = 'aB3'.repeat(3 << 20);
    expect(looksLikeSecretValue(run)).toBe(true);
    expect(redactSecrets(run)).toMatch(/^(\[…\])+$/);
  });
});
