/**
 * Class "forged lines": nothing taken from input (a logical id, a file name, a function name, a scenario
 * description) can start a line of output with `::` (a GitHub Actions workflow command), print an escape
 * sequence or a bidi control, in text, JUnit, Markdown, CSV or on stderr. The property test runs a sample
 * here and the full count in forged-lines.slow.test.ts, with the same seed.
 */
import * as fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { memoryIo } from '../../bin/io';
import { main } from '../../bin/main';
import { runs } from '../support/runs';
import { workloadWith } from './support';

/**
 * What must never be in a line of output: a workflow command at its start (or a CI agent's command anywhere:
 * `##[`, Azure's `##vso[`, TeamCity's `##teamcity[`), ESC (and CSI), a bidi control.
 */
// eslint-disable-next-line no-control-regex
const FORGED = /^\s*::|##(vso|teamcity)?\[|[\u001b\u009b\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/im;

/**
 * The forged payloads: a workflow command after a newline or at the start after the white space the runner trims
 * (`TrimStart()`: any Unicode white space), ANSI, a right-to-left override.
 */
const PAYLOADS = [
  'x\n::error file=a.ts,line=1::forged',
  'x\r\n::add-mask::secret',
  'x\n  ::stop-commands::token',
  '\u3000::error title=forged::x',
  '\u00a0::warning::x',
  '\u2003\u205f::add-mask::x',
  'x\u001b[2K\u001b[1Aclean',
  'x\u202eexe.txt',
  'x\u2066y\u2069',
  'x##[error]forged',
  'x##vso[task.setvariable variable=DEPLOY]yes',
  "x##TeamCity[buildStatus text='forged']",
];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hostile-forged-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A template whose only function has `id` as logical id and a parameter default `value`. */
function template(id: string, value = 'x'): string {
  return JSON.stringify({
    Parameters: { P: { Type: 'String', Default: value } },
    Resources: { [id]: { Type: 'AWS::Lambda::Function', Properties: { ReservedConcurrentExecutions: 0, FunctionName: { Ref: 'P' } } } },
  });
}

async function run(argv: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo({ cwd: dir });
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

function expectUnforged(r: { out: string; err: string }): void {
  expect(r.out).not.toMatch(FORGED);
  expect(r.err).not.toMatch(FORGED);
}

describe('forged lines: values from input never start a line with ::, nor print ESC or bidi controls', () => {
  test.each(PAYLOADS.flatMap((p) => ['text', 'junit', 'json', 'sarif'].map((f) => [JSON.stringify(p), f] as const)))('a logical id %s in check --format %s', async (payload, format) => {
    writeFileSync(join(dir, 't.json'), template(JSON.parse(payload) as string));
    const r = await run(['check', 't.json', '--format', format]);
    expect(r.code).toBe(0);
    expectUnforged(r);
  });

  test.each(PAYLOADS.map((p) => [JSON.stringify(p)]))('a file name %s in check and in an error', async (payload) => {
    const name = `${JSON.parse(payload) as string}.json`;
    writeFileSync(join(dir, name), template('Fn'));
    expectUnforged(await run(['check', name]));
    expectUnforged(await run(['check', `${name}.missing`]));
    writeFileSync(join(dir, name), '{"Resources": ');
    expectUnforged(await run(['check', name]));
  });

  test.each(PAYLOADS.map((p) => [JSON.stringify(p)]))('a scenario description %s on stderr', async (payload) => {
    writeFileSync(join(dir, 'w.yaml'), workloadWith('{ peakRps: 1 }'));
    writeFileSync(join(dir, 's.json'), JSON.stringify({ description: JSON.parse(payload), durationSeconds: 60, steps: [{ atSeconds: 0, rps: 1 }] }));
    const r = await run(['simulate', 'w.yaml', '--scenario', 's.json', '--plan', 'none']);
    expect(r.code).toBe(0);
    expectUnforged(r);
  });

  test.each(PAYLOADS.map((p) => [JSON.stringify(p)]))('a function name %s in a plan file read by simulate', async (payload) => {
    writeFileSync(join(dir, 'w.yaml'), workloadWith('{ peakRps: 1 }'));
    writeFileSync(join(dir, 'p.json'), JSON.stringify({ version: 1, functions: [{ name: JSON.parse(payload), reservedConcurrency: 5 }] }));
    const r = await run(['simulate', 'w.yaml', '--plan', 'p.json']);
    expect(r.code).toBe(2);
    expectUnforged(r);
  });

  test('a command-line argument quoted by a usage error', async () => {
    expectUnforged(await run(['check', '--no-such-option\n::error::forged', 't.json']));
    expectUnforged(await run(['simulate', 'w.yaml', '--seed', '1\n::add-mask::x']));
    // A file name a glob over the pull request's files passes as an option.
    expectUnforged(await run(['check', '--\u001b[2J\u001b]0;owned\u0007\u202ex.yaml']));
  });

  test.each(PAYLOADS.map((p) => [JSON.stringify(p)]))('a stack name %s from a cloud assembly manifest', async (payload) => {
    const out = join(dir, 'named.out');
    mkdirSync(out, { recursive: true });
    const artifacts = { S: { type: 'aws:cloudformation:stack', properties: { templateFile: 'S.template.json', stackName: JSON.parse(payload) as string } } };
    writeFileSync(join(out, 'manifest.json'), JSON.stringify({ version: '36.0.0', artifacts }));
    writeFileSync(join(out, 'S.template.json'), JSON.stringify({ Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { ReservedConcurrentExecutions: -1 } } } }));
    for (const format of ['text', 'junit']) {
      const r = await run(['check', 'named.out', '--format', format]);
      expect(r.code).toBe(1);
      expectUnforged(r);
    }
  });

  test('a nested template named with ": " and a forged command: the refusal names the whole file, its reason apart', async () => {
    const name = 'x: \u00a0::warning title=forged::y.yaml';
    writeFileSync(join(dir, name), 'Resources: [unclosed\n');
    writeFileSync(join(dir, 'parent.yaml'), `Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties: { TemplateURL: ${JSON.stringify(name)} }\n`);
    const text = await run(['check', 'parent.yaml']);
    expect(text.code).toBe(2);
    expectUnforged(text);
    const json = await run(['check', 'parent.yaml', '--format', 'json']);
    expect((JSON.parse(json.out) as { refused: unknown[] }).refused).toEqual([{ input: 'parent.yaml', file: name, line: 2, reason: expect.stringMatching(/^invalid YAML: /) }]);
  });
});

describe('invisible characters: a value from input never prints a character drawn as nothing', () => {
  /** Default-ignorable code points (zero-width space, joiners, word joiner, soft hyphen, BOM, Hangul filler, variation selector, tag). */
  // eslint-disable-next-line no-misleading-character-class
  const INVISIBLE = /[\u00ad\u115f\u200b-\u200d\u2060\u3164\ufe0f\ufeff]|\udb40[\udc00-\udc7f]/;
  const HIDDEN = ['Pay\u200bments', 'Pay\u200cments', 'Pay\u200dments', 'Pay\u2060ments', 'Pay\u00adments', 'Pay\ufeffments', 'Pay\u3164ments', 'Pay\ufe0fments', 'Pay\u{e0041}ments'];

  test.each(HIDDEN.flatMap((id) => ['text', 'junit', 'json', 'sarif'].map((f) => [JSON.stringify(id), f] as const)))('a logical id %s in check --format %s', async (payload, format) => {
    const id = JSON.parse(payload) as string;
    writeFileSync(join(dir, 't.json'), template(id));
    const r = await run(['check', 't.json', '--format', format]);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(INVISIBLE);
    expect(r.err).not.toMatch(INVISIBLE);
    expect(r.out).toMatch(/Pay\\{1,2}u/);
    // JSON and SARIF keep the data: parsed, the id is the id.
    if (format === 'json') expect(r.out.includes(JSON.stringify(id).slice(1, -1))).toBe(false);
  });

  test.each(HIDDEN.map((id) => [JSON.stringify(id)]))('a file name %s in an error', async (payload) => {
    const r = await run(['check', `${JSON.parse(payload) as string}.json`]);
    expect(r.code).toBe(2);
    expect(r.err).not.toMatch(INVISIBLE);
  });
});

describe('SARIF locations: a file name is a relative reference to that file, whatever its characters', () => {
  /** What a consumer reads from the uri: the path it names, decoded segment by segment, or `scheme:` when it is absolute. */
  function pathOf(uri: string): string {
    const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(uri);
    if (scheme) return scheme[0];
    return decodeURIComponent(uri.split(/[?#]/)[0]);
  }

  test.each([['https:/evil.example/t.json'], ['a b#L9.json'], ['q?x=1.json'], ['prod%2Fstack.json'], ['50%.json'], ['javascript:alert(1).json'], ['\u00e9t\u00e9.json']])('a template named %s', async (name) => {
    const file = JSON.parse(`"${name}"`) as string;
    mkdirSync(join(dir, 'https:', 'evil.example'), { recursive: true });
    writeFileSync(join(dir, file), JSON.stringify({ Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { ReservedConcurrentExecutions: -1 } } } }));
    const r = await run(['check', file, `${file}.missing.json`, '--format', 'sarif']);
    expect(r.code).toBe(2);
    const log = JSON.parse(r.out) as { runs: [{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>; invocations: [{ toolExecutionNotifications: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }] }] };
    const uris = [...log.runs[0].results.map((x) => x.locations[0].physicalLocation.artifactLocation.uri), ...log.runs[0].invocations[0].toolExecutionNotifications.map((n) => n.locations[0].physicalLocation.artifactLocation.uri)];
    expect(uris.map(pathOf)).toEqual([...log.runs[0].results.map(() => file), `${file}.missing.json`]);
  });

  test('a manifest naming a template with a lone surrogate: refused, its uri U+FFFD, no exit 3', async () => {
    const out = join(dir, 'lone.out');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'manifest.json'), '{"version":"36.0.0","artifacts":{"S":{"type":"aws:cloudformation:stack","properties":{"templateFile":"a\\ud800.json"}}}}');
    const r = await run(['check', 'lone.out', '--format', 'sarif']);
    expect(r.code).toBe(2);
    expect(r.out).toContain('"uri": "lone.out/a%EF%BF%BD.json"');
  });
});

/** Strings made of the characters that forge lines, and ordinary ones. */
const hostileString = fc
  .array(fc.oneof(fc.constantFrom('\n', '\r', '::', ' ', '\u3000', '\u00a0', '\t', '\u001b', '\u009b', '\u202e', '\u2066', '\u2028', 'error', '[', '#'), fc.string({ maxLength: 4 })), { minLength: 1, maxLength: 12 })
  .map((parts) => parts.join(''))
  .filter((s) => s.trim() !== '');

/** The property, shared with the slow twin: any logical id, in text and JUnit, gives no forged line. */
export async function forgedLinesProperty(numRuns: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(hostileString, fc.constantFrom('text', 'junit'), async (id, format) => {
      writeFileSync(join(dir, 'p.json'), template(id));
      const r = await run(['check', 'p.json', '--format', format]);
      return r.code === 0 && !FORGED.test(r.out) && !FORGED.test(r.err);
    }),
    { numRuns, seed: 18 },
  );
}

test('property: arbitrary logical ids never forge a line in text or JUnit output', async () => {
  await forgedLinesProperty(runs(2000, 100));
}, 60_000);
