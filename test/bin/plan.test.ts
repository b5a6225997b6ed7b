import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'fs';
import { spawnSync } from 'child_process';
import { tmpdir } from 'os';
import { join } from 'path';
import { memoryIo } from '../../bin/io';
import { main } from '../../bin/main';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const examples = readdirSync(EXAMPLES).filter((f) => /\.ya?ml$/.test(f));

async function plan(args: string[], cwd = EXAMPLES) {
  const io = memoryIo({ cwd });
  const code = await main(['plan', ...args], io);
  return { code, out: io.out, err: io.err };
}

describe('plan command', () => {
  test.each(examples)('%s exits as its "# expect-exit" header says', async (file) => {
    const expected = Number(/^# expect-exit: (\d)/m.exec(readFileSync(join(EXAMPLES, file), 'utf8'))?.[1]);
    const { code, out, err } = await plan([file]);
    expect({ code, err }).toEqual({ code: expected, err: '' });
    expect(out).toContain('reservedConcurrency');
  });

  test('the over-budget example reports AccountConcurrencyBudget', async () => {
    const { out } = await plan(['over-budget.yaml', '--format', 'json']);
    expect(JSON.parse(out).findings.map((f: { ruleId: string }) => f.ruleId)).toContain('AccountConcurrencyBudget');
  });

  test('json output is byte-identical across runs and equals what --out writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-'));
    const first = await plan(['api-diurnal.yaml', '--format', 'json']);
    const second = await plan(['api-diurnal.yaml', '--format', 'json']);
    const written = await plan(['api-diurnal.yaml', '--out', join(dir, 'plan.json')]);
    expect(first.out).toBe(second.out);
    expect(written.out).toBe('');
    expect(readFileSync(join(dir, 'plan.json'), 'utf8')).toBe(first.out);
    expect(JSON.parse(first.out).version).toBe(1);
  });

  test('progress shows on a TTY, function by function, and is cleared; not otherwise', async () => {
    // GIVEN a workload of several functions (hundreds of month-long traces take seconds to plan)
    const file = 'shared-proxy.yaml';
    const count = (readFileSync(join(EXAMPLES, file), 'utf8').match(/^ {2}- name:/gm) ?? []).length;
    expect(count).toBeGreaterThan(1);
    // WHEN planned with stderr a terminal (before: nothing on stderr while it planned)
    const io = memoryIo({ cwd: EXAMPLES, isTTY: true });
    const code = await main(['plan', file, '--format', 'json'], io);
    // THEN the last count is the number of functions, the line is cleared, and the plan is unchanged
    expect(code).toBe(0);
    expect(io.err).toContain(`plan: functions ${count}/${count}`);
    expect(io.err.endsWith('\r\x1b[K')).toBe(true);
    const plain = await plan([file, '--format', 'json']);
    expect(plain.err).toBe('');
    expect(io.out).toBe(plain.out);
  });

  test('--chart draws the plan as SVG', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-chart-'));
    const { code, err } = await plan(['api-diurnal.yaml', '--chart', join(dir, 'plan.svg')]);
    expect(code).toBe(0);
    expect(err).toContain('chart written to');
    const svg = readFileSync(join(dir, 'plan.svg'), 'utf8');
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('checkout-api');
  });

  test('markdown output has a table row per function and the rationale', async () => {
    const { out } = await plan(['shared-proxy.yaml', '--format', 'markdown']);
    expect(out).toMatch(/^\| orders-api \| sync \|/m);
    expect(out).toContain('### database orders-db');
  });

  test.each([
    [['missing.yaml'], /^missing\.yaml: cannot be read \(no such file\)/],
    [[], /missing required argument 'workload'/],
    [['api-diurnal.yaml', '--format', 'xml'], /argument 'xml' is invalid/],
    [['api-diurnal.yaml', '--chart', 'plan.txt'], /--chart plan\.txt: the file must end in \.svg, \.html or \.png/],
  ])('bad input %j exits 2 with a clear message', async (args, message) => {
    const { code, err } = await plan(args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).not.toContain('    at ');
  });
});

describe('plan on traces the Lambda limits bound', () => {
  /** A folder holding w.yaml (one azure-2019 function with `timeoutSeconds`) and its two trace files. */
  function folder(timeoutSeconds: number, extra = ''): string {
    const dir = mkdtempSync(join(tmpdir(), 'plan-trace-'));
    writeFileSync(join(dir, 'inv.csv'), `HashFunction,${Array.from({ length: 1440 }, (_, m) => `minute_${m + 1}`).join(',')}\nh1,${new Array(1440).fill(3).join(',')}\n`);
    writeFileSync(join(dir, 'run.csv'), 'HashFunction,Average,percentile_Average_99\nh1,500000,1378982\n');
    const trace = `{ file: inv.csv, format: azure-2019, function: h1, durationsFile: run.csv${extra} }`;
    writeFileSync(join(dir, 'w.yaml'), `account: { region: us-east-1 }\nfunctions:\n  - { name: f, invocation: sync, memoryMb: 512, timeoutSeconds: ${timeoutSeconds}, traffic: { trace: ${trace} } }\n`);
    return dir;
  }

  test("an Azure p99 above 900 s is cut to Lambda's maximum, with a note; the fix never asks for a timeout above 900 s", async () => {
    const at900 = await plan(['w.yaml', '--format', 'json'], folder(900));
    const json = JSON.parse(at900.out) as { notes: string[]; findings: { ruleId: string }[] };
    expect(json.findings.map((f) => f.ruleId)).not.toContain('TimeoutBelowP99');
    expect(json.notes).toContain("f: run.csv: percentile_Average_99 1378982 ms is above Lambda's longest timeout (900 s): durations above it were cut to 900000 ms.");
    const { out } = await plan(['w.yaml'], folder(600));
    expect(out).toContain('Fix: raise timeoutSeconds to at least 900 (Lambda allows at most 900)');
  });

  test('--backtest with nothing to backtest says so and why, and exits 0 without claiming a met target', async () => {
    const { code, out } = await plan(['w.yaml', '--backtest', '1'], folder(900));
    expect(code).toBe(0);
    expect(out).toContain('Backtest: nothing was backtested');
    expect(out).toContain('Not backtested: f: needs more than 1 days of history, has 1.');
    expect(out).not.toContain('target met');
  });
});

describe('the process entry point', () => {
  test('stops quietly, with exit 2, when the reader of its output goes away (… | head)', () => {
    // A real process and a real pipe: the reader takes one byte and closes it while simulate still writes
    // its per-second series (far more than a pipe buffers).
    const cli = join(__dirname, '..', '..', 'bin', 'cli.ts');
    const tsx = join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
    const spike = join(EXAMPLES, 'scenarios', 'spike-legacy-us-east-1.yaml');
    const result = spawnSync('bash', ['-c', `set -o pipefail; "${tsx}" "${cli}" simulate "${spike}" --duration 300 --format json | head -c 1 > /dev/null`], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    // The report was cut: exit 2, never the exit code of a report written whole (issue #18).
    expect(result.status).toBe(2);
  }, 60_000);
});
