/**
 * `simulate` through the CLI code path (main(argv, io)), in-process.
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { main } from '../../bin/main';
import { memoryIo } from '../../bin/io';

const root = resolve(__dirname, '..', '..');
const spike = 'examples/scenarios/spike-legacy-us-east-1.yaml';

async function run(args: string[], options: { isTTY?: boolean; cwd?: string } = {}) {
  const io = memoryIo({ cwd: options.cwd ?? root, isTTY: options.isTTY });
  const code = await main(['simulate', ...args], io);
  return { code, out: io.out, err: io.err };
}

describe('simulate command', () => {
  test('--format json prints the summary contract and the series', async () => {
    const { code, out } = await run([spike, '--plan', 'none', '--duration', '150', '--format', 'json']);
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    const s = doc.summary['flash-sale'];
    for (const key of ['invocations', 'throttles', 'coldStarts', 'spillovers', 'peakConcurrency', 'maxQueueAgeSeconds', 'dlqMessages', 'costUsd']) {
      expect(typeof s[key]).toBe('number');
    }
    expect(s.throttles).toBeGreaterThan(0);
    expect(s.peakConcurrency).toBeGreaterThanOrEqual(3000);
    expect(doc.series).toHaveLength(150);
    expect(Object.keys(doc.series[0])).toEqual(['t', 'function', 'arrivals', 'busy', 'warm', 'provisioned', 'throttles', 'coldStarts', 'spillovers', 'queueDepth', 'oldestAgeSeconds', 'dlq']);
  });

  test('default output is a readable table; --plan auto applies the planner (reserved shown)', async () => {
    const { code, out } = await run(['examples/scenarios/spike-per-function.yaml', '--duration', '90']);
    expect(code).toBe(0);
    expect(out).toContain('flash-sale');
    expect(out).toMatch(/function.*reserved.*throttles/);
    expect(out).toMatch(/│ flash-sale │ \d[\d,]* /);
  });

  test('--format csv prints one row per interval and function', async () => {
    const { code, out } = await run([spike, '--plan', 'none', '--duration', '10', '--format', 'csv']);
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('t,function,arrivals,busy,warm,provisioned,throttles,coldStarts,spillovers,queueDepth,oldestAgeSeconds,dlq');
    expect(lines).toHaveLength(11);
  });

  test('--chart writes the chart; a scenario replaces the traffic', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'));
    const { code, err } = await run([resolve(root, 'examples/api-diurnal.yaml'), '--scenario', 'spike', '--duration', '120', '--chart', 'c.svg'], { cwd: dir });
    expect(code).toBe(0);
    expect(err).toContain('scenario spike');
    expect(readFileSync(join(dir, 'c.svg'), 'utf8')).toContain('Lambda scaling simulation');
  });

  test('a plan file is applied', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'));
    const plan = { version: 1, functions: [{ name: 'flash-sale', reservedConcurrency: 100, provisioned: null, sqs: null }] };
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));
    const { code, out } = await run([resolve(root, spike), '--plan', 'plan.json', '--duration', '70', '--format', 'json'], { cwd: dir });
    expect(code).toBe(0);
    expect(JSON.parse(out).summary['flash-sale'].peakConcurrency).toBe(100);
  });

  test('progress shows on a TTY for long runs only', async () => {
    const args = ['examples/api-diurnal.yaml', '--plan', 'none', '--format', 'csv', '--interval', '3700'];
    const long = await run([...args, '--duration', '3700'], { isTTY: true });
    expect(long.err).toContain('simulating');
    const short = await run([...args, '--duration', '600'], { isTTY: true });
    expect(short.err).not.toContain('simulating');
    const notTty = await run([...args, '--duration', '3700']);
    expect(notTty.err).not.toContain('simulating');
  });

  test('the same seed gives the same output', async () => {
    const a = await run([spike, '--plan', 'none', '--duration', '90', '--seed', '9', '--format', 'json']);
    const b = await run([spike, '--plan', 'none', '--duration', '90', '--seed', '9', '--format', 'json']);
    expect(a.out).toBe(b.out);
  });

  test('a 31-day trace whose start is mid-day replays whole: laid onto local days it spans 32', async () => {
    // GIVEN 31 days of a few calls a day from Wednesday 2026-03-04 13:37 UTC, in Paris (clocks spring forward on 29 March)
    const dir = mkdtempSync(join(tmpdir(), 'sim-31-'));
    const rows = ['minute,count', ...Array.from({ length: 31 }, (_, d) => `${d * 1440 + 600},3`), '44639,0'];
    writeFileSync(join(dir, 'month.csv'), rows.join('\n') + '\n');
    writeFileSync(
      join(dir, 'w.yaml'),
      [
        'account: { region: eu-west-1 }',
        'defaults: { timezone: Europe/Paris }',
        'functions:',
        '  - { name: f, invocation: sync, memoryMb: 512, timeoutSeconds: 30, durationMs: { avg: 200 },',
        '      traffic: { trace: { file: month.csv, format: per-minute, start: "2026-03-04T13:37:00Z" } } }',
      ].join('\n'),
    );
    // WHEN simulated for the trace's own length (before: exit 2, "the duration must be at most 2678400 seconds")
    const { code, out, err } = await run([join(dir, 'w.yaml'), '--plan', 'none', '--format', 'json']);
    // THEN every local day of the history is replayed (arrivals are random: about the trace's 93 calls)
    expect(err).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(doc.durationSeconds).toBe(32 * 86400);
    expect(doc.summary.f.invocations).toBeGreaterThan(60);
  });
});

describe('bad input exits 2 with a message naming what is wrong', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-bad-'));
  writeFileSync(join(dir, 'bad-plan.json'), JSON.stringify({ version: 1, functions: [{ name: 'flash-sale', reservedConcurrency: -3, provisioned: { min: 1, max: 2, targetUtilization: 0.7, schedule: [{ cron: 'rate(5 minutes)', min: 1, max: 2 }] } }] }));
  writeFileSync(join(dir, 'cron-plan.json'), JSON.stringify({ version: 1, functions: [{ name: 'flash-sale', reservedConcurrency: 3, provisioned: { min: 1, max: 2, targetUtilization: 0.7, schedule: [{ cron: 'rate(5 minutes)', min: 1, max: 2 }] } }] }));
  writeFileSync(join(dir, 'other-plan.json'), JSON.stringify({ version: 1, functions: [{ name: 'nope', reservedConcurrency: 3 }] }));
  writeFileSync(join(dir, 'broken.json'), '{ "version": 1,');
  writeFileSync(join(dir, 'scenario.yaml'), 'functions:\n  ghost: [{ atSeconds: 0, rps: 5 }]\n');
  const spikeAbs = resolve(root, spike);
  const cases: [string, string[], RegExp][] = [
    ['a seed that is not a number', [spikeAbs, '--seed', 'abc'], /^--seed must be an integer from 0 to 4294967295, got "abc"/],
    ['a negative duration', [spikeAbs, '--duration', '-5'], /^--duration must be a whole number of seconds/],
    ['an error rate above 1', [spikeAbs, '--error-rate', '2'], /^--error-rate must be a fraction from 0 to 1, got "2"/],
    ['a chart format we cannot draw', [spikeAbs, '--chart', 'x.pdf'], /^--chart x\.pdf: the file must end in \.svg, \.html or \.png/],
    ['a missing plan file', [spikeAbs, '--plan', 'missing.json'], /^--plan missing\.json: cannot be read \(no such file\); give auto, none or a plan JSON file/],
    ['a plan file with bad fields', [spikeAbs, '--plan', 'bad-plan.json'], /bad-plan\.json: functions\[0\]\.reservedConcurrency must be >= 0, got -3/],
    ['a plan file with a non-daily cron', [spikeAbs, '--plan', 'cron-plan.json'], /functions\[0\]\.provisioned\.schedule\[0\]\.cron must be a daily cron\(M H \* \* \? \*\) or weekly cron/],
    ['a plan for other functions', [spikeAbs, '--plan', 'other-plan.json'], /other-plan\.json: functions\[0\]\.name "nope" is not a function of the workload/],
    ['a plan file that is not JSON', [spikeAbs, '--plan', 'broken.json'], /^broken\.json: not valid JSON/],
    ['an unknown scenario', [spikeAbs, '--scenario', 'tsunami'], /^--scenario tsunami: neither a built-in scenario \(spike, cold-spike, peak-hour\) nor a readable file/],
    ['a scenario for unknown functions', [spikeAbs, '--scenario', 'scenario.yaml'], /^scenario\.yaml: functions\.ghost is not a function of the workload/],
    ['a missing workload', ['nowhere.yaml'], /^nowhere\.yaml: cannot be read/],
  ];
  test.each(cases)('%s', async (_name, args, message) => {
    const { code, err, out } = await run(args, { cwd: dir });
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/at .*\.ts:\d+/);
    expect(out).toBe('');
  });

  test('a bad --chart fails before simulating and writes nothing', async () => {
    await run([spikeAbs, '--chart', 'x.pdf'], { cwd: dir });
    expect(existsSync(join(dir, 'x.pdf'))).toBe(false);
  });
});
