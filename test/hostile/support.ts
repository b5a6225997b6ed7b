/**
 * A sandbox of hostile files (pipes, devices, links, huge sparse files, foreign encodings, secrets,
 * self-nesting assemblies) and a runner that checks what every hostile case must show: the exit code,
 * a named message, no stack trace, no secret, nothing written on failure, inputs unchanged.
 */
import { createHash } from 'crypto';
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, ftruncateSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { memoryIo } from '../../bin/io';
import { planWorkload } from '../../lib/planner';
import { renderPlanJson } from '../../lib/report/plan-report';
import { loadWorkload } from '../../lib/workload';
import { main } from '../../bin/main';

/** What a secret in a hostile file looks like; it must never be printed. */
export const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
export const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
/** The second line of a fake system file: a password hash. */
export const SYSTEM_LINE = 'root:$6$Zq3x9Lp0$Tk4Wm8VnR2bYcE7uJh1QsA5dFgXo0PlKiU9yT6rE3wZ:19000:0:99999:7:::';

const EXAMPLES = join(__dirname, '..', '..', 'examples');

/** A workload of one function, with `traffic` as given (YAML flow text). */
export function workloadWith(traffic: string, extra = ''): string {
  return [
    'account: { region: us-east-1 }',
    'functions:',
    '  - name: api',
    '    invocation: sync',
    '    memoryMb: 512',
    '    timeoutSeconds: 10',
    '    durationMs: { avg: 100 }',
    `    traffic: ${traffic}`,
    extra,
  ].join('\n');
}

/** A cloud assembly manifest whose artifacts are `artifacts`. */
function manifest(artifacts: Record<string, unknown>): string {
  return JSON.stringify({ version: '36.0.0', artifacts });
}

/** Creates a file of `bytes` bytes without writing them (a sparse file): the size check must refuse it unread. */
function sparse(path: string, bytes: number): void {
  const fd = openSync(path, 'w');
  ftruncateSync(fd, bytes);
  closeSync(fd);
}

/** Builds the sandbox; returns its folder (every case runs with it as the working directory). */
export function makeSandbox(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hostile-'));
  const put = (name: string, content: string | Buffer) => {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  };
  put('good.yaml', readFileSync(join(EXAMPLES, 'api-diurnal.yaml')));
  put('template.json', JSON.stringify({ Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { ReservedConcurrentExecutions: 5 } } } }));
  put('plan.json', '{}');
  const fifo = spawnSync('mkfifo', [join(dir, 'pipe')]);
  if (fifo.status !== 0) throw new Error(`mkfifo failed: ${fifo.stderr}`);
  mkdirSync(join(dir, 'folder'));
  symlinkSync('/dev/zero', join(dir, 'zero-link'));
  symlinkSync('loop-b', join(dir, 'loop-a'));
  symlinkSync('loop-a', join(dir, 'loop-b'));
  symlinkSync('nowhere', join(dir, 'dangling'));
  sparse(join(dir, 'huge.yaml'), 3 * 1024 * 1024);
  sparse(join(dir, 'huge.template.yaml'), 3 * 1024 * 1024);
  sparse(join(dir, 'huge.template.json'), 40 * 1024 * 1024);
  sparse(join(dir, 'huge-plan.json'), 40 * 1024 * 1024);
  const workloadText = readFileSync(join(EXAMPLES, 'api-diurnal.yaml'), 'utf8');
  put('utf16le.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(workloadText, 'utf16le')]));
  put('utf16be.yaml', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(workloadText, 'utf16le').swap16()]));
  put('utf32le.yaml', Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x61, 0x00, 0x00, 0x00]));
  put('utf16-nobom.yaml', Buffer.from(workloadText, 'utf16le'));
  put('binary.yaml', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]));
  put('latin1.yaml', Buffer.from('account: { region: us-east-1 }\n# Zürich\nfunctions: []\n', 'latin1'));
  put('credentials', `[default]\naws_access_key_id = ${ACCESS_KEY}\naws_secret_access_key = ${SECRET}\n`);
  put('credentials.env', `AWS_ACCESS_KEY_ID=${ACCESS_KEY}\nAWS_SECRET_ACCESS_KEY=${SECRET}\n`);
  put('credentials.json', JSON.stringify({ Credentials: { AccessKeyId: ACCESS_KEY, SecretAccessKey: SECRET } }));
  put('secret-token.json', `{"token": ${SECRET}}`);
  put('shadow', `daemon:*:19000:0:99999:7:::\n${SYSTEM_LINE}\n`);
  put('shadow-first', `${SYSTEM_LINE}\n`);
  for (const [name, file] of [['fifo', 'pipe'], ['zero', '/dev/zero'], ['shadow', 'shadow-first'], ['folder', 'folder']]) {
    put(`trace-${name}.yaml`, workloadWith(`{ trace: { file: ${file}, format: per-minute } }`));
  }
  put('peak.yaml', workloadWith('{ peakRps: 10 }'));
  // Numbers: finite but beyond what AWS or physics allows, or so small they vanish.
  put('rps-5e16.yaml', workloadWith('{ peakRps: 5e16 }'));
  put('rps-1e308.yaml', workloadWith('{ hourlyRps: [1e308, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] }'));
  put('load-1e11.yaml', workloadWith('{ peakRps: 1e8 }').replace('timeoutSeconds: 10', 'timeoutSeconds: 900').replace('avg: 100', 'avg: 800000'));
  put('duration-tiny.yaml', workloadWith('{ peakRps: 10 }').replace('avg: 100', 'avg: 5e-324'));
  put('limit-huge.yaml', workloadWith('{ peakRps: 10 }').replace('region: us-east-1', 'region: us-east-1, concurrencyLimit: 1e15'));
  put('scenario-long.yaml', 'durationSeconds: 1e9\nsteps: [{ atSeconds: 0, rps: 10 }]\n');
  put('scenario-fast.yaml', 'steps: [{ atSeconds: 0, rps: 1e12 }]\n');
  put('scenario-heavy.yaml', 'durationSeconds: 2678400\nsteps: [{ atSeconds: 0, rps: 1e6 }]\n');
  put('trace.csv', 'minute,count\n0,5\n60,9\n');
  // Hand-made plans: scheduled provisioned concurrency far above the reserved, a negative reserved.
  const plan = JSON.parse(renderPlanJson(planWorkload(loadWorkload(join(dir, 'good.yaml')))));
  plan.functions[0].provisioned.schedule[0].max = 90000;
  put('pc-above-reserved.json', JSON.stringify(plan));
  plan.functions[0].provisioned.schedule[0].max = 1;
  plan.functions[0].reservedConcurrency = -5;
  put('negative-reserved.json', JSON.stringify(plan));
  put('traced.yaml', workloadWith('{ trace: { file: trace.csv, format: per-minute } }'));
  // Cloud assemblies: one that nests itself, a mutual pair, one whose template is /dev/zero, one whose manifest is a pipe.
  put('self.out/manifest.json', manifest({ Self: { type: 'cdk:cloud-assembly', properties: { directoryName: '.' } } }));
  put('pair.out/a/manifest.json', manifest({ B: { type: 'cdk:cloud-assembly', properties: { directoryName: '../b' } } }));
  put('pair.out/b/manifest.json', manifest({ A: { type: 'cdk:cloud-assembly', properties: { directoryName: '../a' } } }));
  put('pair.out/manifest.json', manifest({ A: { type: 'cdk:cloud-assembly', properties: { directoryName: 'a' } } }));
  const upToRoot = relative(join(dir, 'zero.out'), '/');
  put('zero.out/manifest.json', manifest({ S: { type: 'aws:cloudformation:stack', environment: 'aws://1/us-east-1', properties: { templateFile: join(upToRoot, 'dev', 'zero') } } }));
  mkdirSync(join(dir, 'pipe.out'));
  spawnSync('mkfifo', [join(dir, 'pipe.out', 'manifest.json')]);
  mkdirSync(join(dir, 'a-file-not-folder'));
  put('not-a-folder', 'x');
  // A pull request's links where a pipeline writes (cases run in work/): to a file outside it, to a missing one, to a folder outside it.
  put('outside-work/victim.txt', 'a file outside the working directory\n');
  mkdirSync(join(dir, 'work'));
  symlinkSync('../outside-work/victim.txt', join(dir, 'work', 'report.sarif'));
  symlinkSync('../outside-work/missing.txt', join(dir, 'work', 'dangling.sarif'));
  symlinkSync('../outside-work', join(dir, 'work', 'reports'));
  return dir;
}

/** One hostile case: a command line and what it must give. */
export interface HostileCase {
  readonly name: string;
  readonly argv: readonly string[];
  readonly exit: 1 | 2;
  /** The message that names the problem (on stderr). */
  readonly message: RegExp;
  /** A file the command was asked to write, which must not exist (or be unchanged) afterwards. */
  readonly output?: string;
  /** The folder it runs in, in the sandbox (by default the sandbox); `output` is relative to it. */
  readonly cwd?: string;
}

/** Regular files of the sandbox (links not followed) with their hashes: inputs must never change. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && statSync(path).size < 1024 * 1024) files.set(path, createHash('sha256').update(readFileSync(path)).digest('hex'));
      else if (entry.isFile()) files.set(path, `size ${statSync(path).size}`);
    }
  };
  walk(dir);
  return files;
}

/** Runs `c` in `dir` and returns what a test asserts on. */
export async function runHostile(dir: string, c: HostileCase): Promise<{ code: number; err: string; out: string; ms: number; changed: string[]; written: boolean }> {
  const before = snapshot(dir);
  const cwd = join(dir, c.cwd ?? '');
  const existedBefore = c.output !== undefined && existsSync(join(cwd, c.output));
  const io = memoryIo({ cwd });
  const started = Date.now();
  const code = await main(c.argv, io);
  const ms = Date.now() - started;
  const after = snapshot(dir);
  const changed = [...before].filter(([path, hash]) => after.get(path) !== hash).map(([path]) => relative(dir, path));
  const added = [...after.keys()].filter((path) => !before.has(path)).map((path) => relative(dir, path));
  return { code, err: io.err, out: io.out, ms, changed: [...changed, ...added], written: !existedBefore && c.output !== undefined && existsSync(join(cwd, c.output)) };
}

/** What a CLI run in a child process gave: exit status, stderr, peak memory (KiB) and wall time (ms). */
export interface ChildRun {
  readonly status: number | null;
  readonly stderr: string;
  readonly maxRssKiB: number;
  readonly ms: number;
}

/**
 * Runs the CLI in a child process under `bash -c`, with `setup` before it (limits, traps) and `redirect`
 * after it; `node` gets `nodeOptions` (e.g. a heap limit) and reports its peak memory.
 */
export function cliInBash(cwd: string, setup: string, args: string, redirect = '', nodeOptions = ''): ChildRun {
  const cli = join(__dirname, '..', '..', 'bin', 'cli.ts');
  const rssFile = join(mkdtempSync(join(tmpdir(), 'rss-')), 'rss');
  const preload = join(__dirname, 'report-rss.js');
  const command = `${setup} node ${nodeOptions} --require "${preload}" --require "${require.resolve('tsx/cjs')}" "${cli}" ${args} ${redirect}`;
  const started = Date.now();
  const result = spawnSync('bash', ['-c', command], { encoding: 'utf8', cwd, env: { ...process.env, REPORT_RSS_FILE: rssFile } });
  const ms = Date.now() - started;
  const maxRssKiB = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : NaN;
  return { status: result.status, stderr: result.stderr, maxRssKiB, ms };
}
