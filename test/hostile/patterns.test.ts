/**
 * Class "patterns": text from input is never made into a regular expression, and a pattern the input writes
 * (a check configuration's path glob) is matched in time bounded by its length times the text's. A logical id is
 * any text of a template's keys; the configuration and the template both come from the pull request. The
 * budget cases (a glob and a SAM id that backtracked for hours) are in loader-cases.ts.
 */
import * as fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { memoryIo } from '../../bin/io';
import { main } from '../../bin/main';
import { globPattern } from '../../lib/rules/acknowledge';
import { expandSam } from '../../lib/rules/sam';
import { runs } from '../support/runs';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hostile-patterns-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A SAM function `id` with an HTTP API event on a path, its API's `$default` route integrating `integration`. */
function samTemplate(id: string, integration: unknown): string {
  const api = { Type: 'AWS::Serverless::HttpApi', Properties: { DefinitionBody: { paths: { $default: { 'x-amazon-apigateway-any-method': { integration } } } } } };
  const fn = { Type: 'AWS::Serverless::Function', Properties: { Runtime: 'nodejs20.x', Handler: 'index.h', CodeUri: 's3://b/k', Events: { E: { Type: 'HttpApi', Properties: { ApiId: { Ref: 'Api' }, Path: '/x', Method: 'GET' } } } } };
  return JSON.stringify({ Transform: 'AWS::Serverless-2016-10-31', Resources: { Api: api, [id]: fn } });
}

async function check(file: string, format = 'text'): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo({ cwd: dir });
  const code = await main(['check', file, '--format', format], io);
  return { code, out: io.out, err: io.err };
}

/** The ids of the Lambda permissions SAM generates from a template. */
function permissions(template: string): string[] {
  const resources = (expandSam(JSON.parse(template) as unknown).template as { Resources: Record<string, { Type: string }> }).Resources;
  return Object.keys(resources).filter((id) => resources[id].Type === 'AWS::Lambda::Permission');
}

describe('patterns: a logical id is text, never a regular expression', () => {
  // Each was an invalid regular expression (exit 3, "internal error") or, for `.`, matched other text.
  test.each(['Fn(', 'Fn[', 'Fn\\', '*Fn', 'Fn)x', 'Fn{2}', 'Fn.x', 'a|'])('a SAM function %j whose HTTP API route names another function', async (id) => {
    writeFileSync(join(dir, 'sam.json'), samTemplate(id, { 'Fn::GetAtt': ['FnAx', 'Arn'] }));
    const r = await check('sam.json');
    expect(r.err).not.toMatch(/internal error|\n\s+at /);
    expect(r.code).toBe(0);
  });

  test('the route naming the function (as a whole word) is still found: SAM writes no permission of the event\'s own', () => {
    expect(permissions(samTemplate('MyFn', { 'Fn::Sub': 'arn:${MyFn.Arn}' }))).toEqual([]);
    expect(permissions(samTemplate('MyFn', { 'Fn::Sub': 'arn:${MyFnOther.Arn}' }))).toEqual(['MyFnEPermission']);
    expect(permissions(samTemplate('My.n', { 'Fn::Sub': 'arn:${MyFn.Arn}' }))).toEqual(['My.nEPermission']);
  });
});

/** The regular expression globPattern built before, as the oracle for what a glob matches. */
function globRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      source += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

const piece = fc.constantFrom('*', '**', '**/', '?', '/', 'a', 'b', '.', '(', '\\', '\ud83d\ude00');
const globText = fc.array(piece, { maxLength: 8 }).map((p) => p.join(''));
const pathText = fc.array(fc.constantFrom('a', 'b', '/', '.', '(', '\\', '\ud83d\ude00', 'ab/'), { maxLength: 10 }).map((p) => p.join(''));

/** The property, shared with the slow twin: the glob matcher agrees with the regular expression on small inputs. */
export function globProperty(numRuns: number): void {
  fc.assert(
    fc.property(globText, pathText, (glob, path) => globPattern(glob).test(path) === globRegExp(glob).test(path)),
    { numRuns, seed: 4 },
  );
}

describe('patterns: a configuration glob', () => {
  test('property: matches what the regular expression matched', () => {
    globProperty(runs(200_000, 5_000));
  }, 120_000);

  test('forty `**a` on a path of 100,000 `a` then `b` (and not): in well under a second', () => {
    const glob = globPattern(`${'**a'.repeat(40)}**b`);
    const started = process.cpuUsage();
    expect(glob.test(`${'a'.repeat(100_000)}`)).toBe(false);
    expect(glob.test(`${'a'.repeat(100_000)}b`)).toBe(true);
    // A match the regular expression also took hours to find (its 41 `.*` gave back characters one at a time).
    expect(globPattern(`${'**q'.repeat(40)}**`).test('q'.repeat(200))).toBe(true);
    const cpu = process.cpuUsage(started);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(2_000);
  });
});
