/**
 * Class "exit codes": exit 3 only for a bug. Valid or merely large input works or is exit 2 naming the
 * budget it exceeds; a report that cannot be written whole to stdout is exit 2, never the normal code
 * with a cut report.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { memoryIo } from '../../bin/io';
import { main } from '../../bin/main';
import { cliInBash, workloadWith } from './support';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hostile-exit-'));
  writeFileSync(join(dir, 'busy.yaml'), workloadWith('{ peakRps: 2e7 }'));
  writeFileSync(join(dir, 'quiet.yaml'), workloadWith('{ peakRps: 0.001 }'));
  writeFileSync(join(dir, 'scenario-big.json'), JSON.stringify({ steps: [{ atSeconds: 0, rps: 1e9 }], durationSeconds: 60 }));
  // A template with enough findings for a report larger than a pipe's buffer.
  const resources = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`Fn${i}`, { Type: 'AWS::Lambda::Function', Properties: { ReservedConcurrentExecutions: 0 } }]));
  writeFileSync(join(dir, 'many.json'), JSON.stringify({ Resources: resources }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo({ cwd: dir });
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

describe('exit codes: valid input never exits 3', () => {
  test('the built-in spike scenario on a valid workload at 2e7 rps is exit 2 naming the model bound', async () => {
    const r = await run(['simulate', 'busy.yaml', '--scenario', 'spike']);
    expect(r).toEqual({ code: 2, out: '', err: expect.stringMatching(/^--scenario spike: the traffic of api gives a peak offered load of 20000000 .*the model computes loads up to 10000000/m) });
  });

  test('a scenario file at the schema\'s largest rate is exit 2 naming the model bound', async () => {
    const r = await run(['simulate', 'quiet.yaml', '--scenario', 'scenario-big.json', '--plan', 'none']);
    expect(r).toEqual({ code: 2, out: '', err: expect.stringMatching(/^--scenario scenario-big\.json: the traffic of api gives a peak offered load/m) });
  });

  test('simulate --interval 1 over a month: the text summary works, JSON is exit 2 naming the series budget', async () => {
    const text = await run(['simulate', 'quiet.yaml', '--interval', '1', '--duration', '2678400', '--plan', 'none']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^Simulated 44640 min/);
    const json = await run(['simulate', 'quiet.yaml', '--interval', '1', '--duration', '2678400', '--plan', 'none', '--format', 'json']);
    expect(json).toEqual({ code: 2, out: '', err: expect.stringMatching(/series budget\): give --interval 2 or more/) });
  }, 60_000);
});

describe('exit codes: a report cut on stdout is never the normal exit code', () => {
  test('a JSON report on a full disk is exit 2 with "cannot write to standard output"', () => {
    const r = cliInBash(dir, '', 'check many.json --format json', '> /dev/full');
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 2, stderr: 'cdk-lambda-scaling: cannot write to standard output (no space left on the device)\n' });
  }, 30_000);

  test('a reader that quits (| head) stops the run quietly, with exit 2, not 0', () => {
    const r = cliInBash(dir, 'set -o pipefail;', 'check many.json --format json', '| head -c 100 > /dev/null');
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 2, stderr: '' });
  }, 30_000);
});
