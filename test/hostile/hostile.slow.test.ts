/**
 * Heavy hostile input (run by `npm run test:slow`, in CI): real 100 MB files, a trace of bad rows, a write
 * that fails half-way. Each runs the CLI in a child process with a 500 MB heap limit and checks the exit
 * code, the message, the time and the peak memory.
 */
import { closeSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'fs';
import { join } from 'path';
import { cliInBash, makeSandbox, workloadWith } from './support';

let dir: string;
beforeAll(() => {
  dir = makeSandbox();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MB = 1_000_000;
/** The heap limit every heavy run gets: an out-of-memory would be a crash, not a message. */
const HEAP = '--max-old-space-size=500';

/** Writes `bytes` bytes of `line` repeated (real bytes, not a sparse file). */
function fill(path: string, line: string, bytes: number, header = ''): void {
  const fd = openSync(path, 'w');
  try {
    if (header) writeSync(fd, header);
    const block = line.repeat(Math.ceil(MB / line.length));
    for (let written = header.length; written < bytes; written += block.length) writeSync(fd, block);
  } finally {
    closeSync(fd);
  }
}

describe('heavy hostile input: exit 2 with the limit named, bounded time and memory', () => {
  test('a 100 MB YAML template is refused before parsing', () => {
    fill(join(dir, 'big.yaml'), '  Fn: { Type: AWS::Lambda::Function, Properties: { Role: !GetAtt R.Arn } }\n', 100 * MB, 'Resources:\n');
    const run = cliInBash(dir, '', 'check big.yaml', '', HEAP);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 2, stderr: expect.stringMatching(/^big\.yaml: cannot be read \(it is 95\.4 MiB; a YAML template may be at most 2 MiB; a JSON template, named \*\.json, may have 32 MiB\)\n$/) });
    expect(run.maxRssKiB).toBeLessThan(500 * 1024);
  }, 120_000);

  test('a 100 MB workload is refused before parsing', () => {
    fill(join(dir, 'big-workload.yaml'), '# padding padding padding padding padding padding\n', 100 * MB, 'account: { region: us-east-1 }\n');
    const run = cliInBash(dir, '', 'plan big-workload.yaml', '', HEAP);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^big-workload\.yaml: cannot be read \(it is 95\.4 MiB; a workload file may be at most 2 MiB\)/);
    expect(run.maxRssKiB).toBeLessThan(500 * 1024);
  }, 120_000);

  test('a YAML template just under the limit parses within 500 MB', () => {
    fill(join(dir, 'limit.yaml'), '  Fn: { Type: AWS::Lambda::Function, Properties: { Role: !GetAtt R.Arn } }\n', 2 * 1024 * 1024 - 100, 'Resources:\n');
    const run = cliInBash(dir, '', 'check limit.yaml', '> /dev/null', HEAP);
    // Every key is Fn: a duplicate-key finding or a clean run, but never a crash.
    expect([0, 1, 2]).toContain(run.status);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(run.maxRssKiB).toBeLessThan(500 * 1024);
  }, 120_000);

  test('a 100 MB Azure trace streams: memory holds the row used, not the file', () => {
    const header = ['HashOwner', 'HashApp', 'HashFunction', 'Trigger', ...Array.from({ length: 1440 }, (_, i) => `${i + 1}`)].join(',');
    const counts = Array.from({ length: 1440 }, (_, i) => (i % 7) + 1).join(',');
    fill(join(dir, 'big_inv.csv'), `o,a,${'f'.repeat(64)},http,${counts}\n`, 100 * MB, `${header}\no,a,wanted,http,${counts}\n`);
    writeFileSync(join(dir, 'big-trace.yaml'), workloadWith('{ trace: { file: big_inv.csv, format: azure-2019, function: wanted } }'));
    const run = cliInBash(dir, '', 'plan big-trace.yaml', '> /dev/null', '--max-old-space-size=150');
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.maxRssKiB).toBeLessThan(400 * 1024);
  }, 180_000);

  test('a 7 MB per-minute trace of bad rows stops after 1,000 problems, in seconds', () => {
    fill(join(dir, 'bad.csv'), '12,x\n', 7 * MB, 'minute,count\n');
    writeFileSync(join(dir, 'bad-trace.yaml'), workloadWith('{ trace: { file: bad.csv, format: per-minute } }'));
    const run = cliInBash(dir, '', 'plan bad-trace.yaml', '', HEAP);
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(101);
    expect(run.stderr).toMatch(/… and \d+ more problems; the rest of the file was not read\n$/);
    expect(run.maxRssKiB).toBeLessThan(300 * 1024);
    expect(run.ms).toBeLessThan(15_000);
  }, 120_000);

  test('a write that fails half-way (file size limit) keeps the old file and leaves no temporary file', () => {
    writeFileSync(join(dir, 'old.csv'), 'old\n');
    // The limit (64 KiB) is below the CSV of an hour; SIGXFSZ ignored, so the write fails with EFBIG.
    const run = cliInBash(dir, "trap '' XFSZ; ulimit -f 64;", 'simulate peak.yaml --duration 3600 --format csv --out old.csv');
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 2, stderr: 'old.csv: cannot be written (the file would be too large)\n' });
    expect(readFileSync(join(dir, 'old.csv'), 'utf8')).toBe('old\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 60_000);
});
