/**
 * bench:observe — 1,000 functions x the observe metrics over 14 days, read through the real SDK from
 * the loopback fake AWS (test/aws/fake-aws.ts, which pages GetMetricData at AWS's 100,800 datapoints
 * and refuses more than 500 queries per call). Two cases, one after the other on the same fake account:
 *   - 1-hour period: every series hourly (336 datapoints each);
 *   - 1-minute period: what the trace files hold (Invocations Sum, Duration Average) per minute (20,160
 *     datapoints each), the rest hourly, and the per-minute trace files rendered as observe writes them.
 *
 * Prints, per case: GetMetricData calls made by observe's bin-packing vs the minimum the API limits
 * allow (and, at 1 hour, vs packing by the 500-query limit alone, which then needs NextToken pages);
 * wall time of the whole `observe --all` and of the metrics phase.
 *
 *   npm run bench:observe [-- --period 3600|60] [--functions 1000]
 */
import { FakeAws, type FakeFunction } from '../test/aws/fake-aws';
import { AwsSession, GET_METRIC_DATA_LIMITS, datapointsPerQuery, minimumCalls, observe, readSeries, seriesRequests, windowFor, type DeployedFunction } from '../lib/aws';
import { renderWorkloadYaml } from '../lib/report/workload-yaml';

const at = (flag: string): number | undefined => (process.argv.includes(flag) ? Number(process.argv[process.argv.indexOf(flag) + 1]) : undefined);
const FUNCTIONS = at('--functions') ?? 1000;
const DAYS = 14;

/** One case: observe --all at `periodSeconds` against `fake`; returns whether the calls were the minimum. */
async function runCase(fake: FakeAws, periodSeconds: number): Promise<boolean> {
  const callsBefore = fake.count('GetMetricData', 200);
  const session = AwsSession.create({ region: 'us-east-1' });
  const nowMs = Date.UTC(2025, 5, 1);

  const started = performance.now();
  let metricsStarted = 0;
  const result = await observe(session, {
    all: true,
    days: DAYS,
    periodSeconds: periodSeconds,
    nowMs,
    onProgress: (phase, done) => {
      if (phase === 'metrics' && done === 0) metricsStarted = performance.now();
    },
  });
  const observeMs = performance.now() - started;
  const metricsMs = performance.now() - metricsStarted;
  const packedCalls = fake.count('GetMetricData', 200) - callsBefore;
  const { series, datapoints, minimumCalls: minimum } = result.metricStats;
  if (result.observation.functions.length !== FUNCTIONS || result.observation.failures.length > 0) throw new Error('bench: not every function was observed');
  const window = windowFor(nowMs, DAYS, periodSeconds);
  const deployed: DeployedFunction[] = result.observation.functions.map((f) => f.deployed);
  const { requests } = seriesRequests(deployed, periodSeconds);
  const sizes = [...new Set(requests.map((r) => datapointsPerQuery(window, r.periodSeconds)))].sort((a, b) => b - a);
  const allCalls = session.totalCalls;

  const rows: [string, string][] = [
    ['period', `${periodSeconds} s${periodSeconds === 60 ? ' (counts and mean durations per minute, the other series hourly)' : ''}`],
    ['functions', String(FUNCTIONS)],
    ['series', `${series} (${sizes.map((n) => `${requests.filter((r) => datapointsPerQuery(window, r.periodSeconds) === n).length} x ${n}`).join(' + ')} datapoints = ${datapoints} total)`],
    ['minimum GetMetricData calls', `${minimum} = max(ceil(${series} / 500), ceil(${datapoints} / 100,800))${sizes.length === 1 ? `, and = ceil(${series} / min(500, floor(100,800 / ${sizes[0]})))` : ''}`],
    ['observe: GetMetricData calls made', String(packedCalls)],
    ['observe: ratio calls / minimum', (packedCalls / minimum).toFixed(3)],
  ];
  if (periodSeconds === 60) {
    // What observe writes: the workload and 1,000 trace files (rendered here, not written to disk).
    const renderStarted = performance.now();
    const rendered = renderWorkloadYaml(result.observation, new Date(nowMs), { traceDir: 'observed-traces' });
    let bytes = 0;
    for (const t of rendered.traces) bytes += t.render().length;
    rows.push(['per-minute traces rendered', `${rendered.traces.length} files, ${(bytes / 2 ** 20).toFixed(1)} MiB, ${((performance.now() - renderStarted) / 1000).toFixed(2)} s`]);
  } else {
    // Same series, packed by the query limit alone: AWS then returns the rest behind NextToken.
    const before = fake.count('GetMetricData', 200);
    const naiveStarted = performance.now();
    await readSeries(session, requests, window, { limits: { maxQueries: GET_METRIC_DATA_LIMITS.maxQueries, maxDatapoints: Number.MAX_SAFE_INTEGER } });
    const naiveMs = performance.now() - naiveStarted;
    const naiveCalls = fake.count('GetMetricData', 200) - before;
    const lower = minimumCalls(requests.map((r) => datapointsPerQuery(window, r.periodSeconds)));
    rows.push(['500-queries-per-call packing: calls made (with NextToken pages)', String(naiveCalls)]);
    rows.push(['500-queries-per-call packing: ratio calls / minimum', (naiveCalls / lower).toFixed(3)]);
    rows.push(['500-queries-per-call metrics wall time', `${(naiveMs / 1000).toFixed(2)} s`]);
  }
  rows.push(['observe --all wall time (1,000 functions, all reads)', `${(observeMs / 1000).toFixed(2)} s`]);
  rows.push(['observe metrics phase wall time', `${(metricsMs / 1000).toFixed(2)} s`]);
  rows.push(['all AWS calls of observe --all', String(allCalls)]);
  rows.push(['peak RSS so far', `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`]);
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
  process.stdout.write('\n');
  return packedCalls === minimum;
}

async function main(): Promise<void> {
  const period = at('--period');
  const periods = period === undefined ? [3600, 60] : [period];
  const functions: FakeFunction[] = Array.from({ length: FUNCTIONS }, (_, i) => ({
    name: `fn-${String(i).padStart(4, '0')}`,
    memoryMb: 512,
    timeoutSeconds: 30,
    hourlyRps: Array.from({ length: 24 }, (_, h) => 1 + ((i + h) % 24)),
    durationMs: { avg: 120, p99: 600 },
    provisioned: i % 10 === 0 ? [{ qualifier: 'live', requested: 5 }] : [],
  }));
  // One fake for every case: the SDK clients are cached per region, so they keep the first endpoint.
  const fake = new FakeAws({ functions });
  process.env.AWS_ENDPOINT_URL = await fake.start();
  process.env.AWS_ACCESS_KEY_ID = 'AKIABENCHBENCHBENCH0';
  process.env.AWS_SECRET_ACCESS_KEY = 'bench-secret';
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  try {
    for (const p of periods) if (!(await runCase(fake, p))) process.exitCode = 1;
  } finally {
    await fake.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:observe failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
