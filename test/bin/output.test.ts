/**
 * The output conventions, the same in every command: -f/--format, -o/--out instead of stdout, the format
 * from the file's extension when --format is not given, `text` as the terminal format's one name.
 */
import { existsSync, mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { memoryIo } from '../../bin/io';
import { main } from '../../bin/main';

const root = join(__dirname, '..', '..');
const WORKLOAD = join(root, 'examples', 'api-diurnal.yaml');
const TEMPLATE = join(root, 'test', 'fixtures', 'templates', 'alarms.yaml');

async function run(args: readonly string[], dir = mkdtempSync(join(tmpdir(), 'output-'))) {
  const io = memoryIo({ cwd: dir });
  const code = await main([...args], io);
  const file = (name: string): string | undefined => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : undefined);
  return { code, out: io.out, err: io.err, file, dir };
}

/** Per command: arguments, and a file name per format whose extension names it. */
const COMMANDS = [
  { name: 'plan', args: ['plan', WORKLOAD], files: { text: 'plan.txt', json: 'plan.json', markdown: 'plan.md' } },
  { name: 'simulate', args: ['simulate', WORKLOAD, '--duration', '60'], files: { text: 'run.txt', json: 'run.json', csv: 'run.csv' } },
  { name: 'check', args: ['check', TEMPLATE], files: { text: 'check.txt', json: 'check.json', sarif: 'check.sarif', junit: 'check.junit.xml' } },
] as const;

describe.each(COMMANDS)('$name', ({ args, files }) => {
  test.each(Object.entries(files))('-o with the extension of %s writes exactly what -f prints, to the file only', async (format, name) => {
    const printed = await run([...args, '-f', format]);
    const written = await run([...args, '-o', name], printed.dir);
    expect(written.code).toBe(printed.code);
    expect(written.out).toBe('');
    expect(written.err).toBe(`wrote ${join(printed.dir, name)}\n`);
    expect(written.file(name)).toBe(printed.out);
  });

  test('--format wins over the extension, and -f -o equal --format --out', async () => {
    const short = await run([...args, '-f', 'json', '-o', 'out.txt']);
    const long = await run([...args, '--format', 'json', '--out', 'out.txt'], short.dir);
    expect(short.file('out.txt')).toMatch(/^\{/);
    expect(long.file('out.txt')).toBe(short.file('out.txt'));
  });

  test('an unknown format is a usage error (exit 2) naming the formats', async () => {
    const bad = await run([...args, '-f', 'yaml']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(`Allowed choices are ${Object.keys(files).join(', ')}.`);
  });

  test('an extension that names no format writes the default, text', async () => {
    const printed = await run(args);
    const written = await run([...args, '-o', 'report.log'], printed.dir);
    expect(written.out).toBe('');
    expect(written.file('report.log')).toBe(printed.out);
  });
});

test('plan: `table` still works as the deprecated name of text, and says so', async () => {
  const old = await run(['plan', WORKLOAD, '--format', 'table']);
  const now = await run(['plan', WORKLOAD, '--format', 'text']);
  expect(old.out).toBe(now.out);
  expect(old.err).toContain('--format table is a deprecated name of --format text');
});

test('every command has -o, and -f where it has formats; required options say so in --help', async () => {
  for (const command of ['plan', 'simulate', 'check', 'audit']) {
    const help = (await run([command, '--help'])).out;
    expect(help).toMatch(/-f, --format <format>/);
    expect(help).toMatch(/-o, --out <file>/);
  }
  expect((await run(['observe', '--help'])).out).toMatch(/-o, --out <file>/);
  expect((await run(['audit', '--help'])).out).toMatch(/--plan <file> .*\(required\)/);
  expect((await run(['plan', '--help'])).out).not.toMatch(/\(required\)/);
});

test('an internal error (exit 3) says where to report it: package.json bugs.url', async () => {
  const { exitCodeForError } = await import('../../bin/main');
  const io = memoryIo();
  expect(exitCodeForError(new TypeError('boom'), io)).toBe(3);
  const bugs = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bugs.url as string;
  expect(bugs).toMatch(/^https:\/\/github\.com\/.+\/issues$/);
  expect(io.err).toBe(`internal error: boom\nThis is a bug in cdk-lambda-scaling; please report it at ${bugs} with the command you ran.\n`);
});
