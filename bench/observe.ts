/**
 * bench:observe — 1,000 functions x the observe metrics over 14 days at a 1-hour period, read
 * through the real SDK from the loopback fake AWS (test/aws/fake-aws.ts, which pages GetMetricData
 * at AWS's 100,800 datapoints and refuses more than 500 queries per call).
 *
 * Prints, side by side in one run: GetMetricData calls made by observe's bin-packing vs the minimum
 * the API limits allow, and vs packing by the 500-query limit alone (which then needs NextToken
 * pages); plus wall time of the whole `observe --all` and of the metrics phase.
 */
import { FakeAws, type FakeFunction } from '../test/aws/fake-aws';
import { AwsSession, GET_METRIC_DATA_LIMITS, datapointsPerQuery, minimumCalls, observe, readSeries, seriesRequests, windowFor, type DeployedFunction } from '../lib/aws';

const FUNCTIONS = 1000;
const DAYS = 14;
const PERIOD_SECONDS = 3600;

async function main(): Promise<void> {
  const functions: FakeFunction[] = Array.from({ length: FUNCTIONS }, (_, i) => ({
    name: `fn-${String(i).padStart(4, '0')}`,
    memoryMb: 512,
    timeoutSeconds: 30,
    hourlyRps: Array.from({ length: 24 }, (_, h) => 1 + ((i + h) % 24)),
    durationMs: { avg: 120, p99: 600 },
    provisioned: i % 10 === 0 ? [{ qualifier: 'live', requested: 5 }] : [],
  }));
  const fake = new FakeAws({ functions });
  process.env.AWS_ENDPOINT_URL = await fake.start();
  process.env.AWS_ACCESS_KEY_ID = 'AKIABENCHBENCHBENCH0';
  process.env.AWS_SECRET_ACCESS_KEY = 'bench-secret';
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const session = AwsSession.create({ region: 'us-east-1' });
  const nowMs = Date.UTC(2025, 5, 1);

  const started = performance.now();
  let metricsStarted = 0;
  const result = await observe(session, {
    all: true,
    days: DAYS,
    periodSeconds: PERIOD_SECONDS,
    nowMs,
    onProgress: (phase, done) => {
      if (phase === 'metrics' && done === 0) metricsStarted = performance.now();
    },
  });
  const observeMs = performance.now() - started;
  const metricsMs = performance.now() - metricsStarted;
  const packedCalls = fake.count('GetMetricData', 200);
  const { series, datapointsPerSeries, minimumCalls: minimum } = result.metricStats;
  if (result.observation.functions.length !== FUNCTIONS || result.observation.failures.length > 0) throw new Error('bench: not every function was observed');

  // Same series, packed by the query limit alone: AWS then returns the rest behind NextToken.
  const deployed: DeployedFunction[] = result.observation.functions.map((f) => f.deployed);
  const { requests } = seriesRequests(deployed, PERIOD_SECONDS);
  const window = windowFor(nowMs, DAYS, PERIOD_SECONDS);
  const before = fake.count('GetMetricData', 200);
  const naiveStarted = performance.now();
  await readSeries(session, requests, window, { limits: { maxQueries: GET_METRIC_DATA_LIMITS.maxQueries, maxDatapoints: Number.MAX_SAFE_INTEGER } });
  const naiveMs = performance.now() - naiveStarted;
  const naiveCalls = fake.count('GetMetricData', 200) - before;
  await fake.stop();

  const lower = minimumCalls(requests.map(() => datapointsPerQuery(window)));
  const rows: [string, string][] = [
    ['functions', String(FUNCTIONS)],
    ['series (functions x metrics)', `${series} (${datapointsPerSeries} datapoints each, ${series * datapointsPerSeries} total)`],
    ['minimum GetMetricData calls', `${minimum} = ceil(${series} / min(500, floor(100,800 / ${datapointsPerSeries})))`],
    ['observe: GetMetricData calls made', String(packedCalls)],
    ['observe: ratio calls / minimum', (packedCalls / minimum).toFixed(3)],
    ['500-queries-per-call packing: calls made (with NextToken pages)', String(naiveCalls)],
    ['500-queries-per-call packing: ratio calls / minimum', (naiveCalls / lower).toFixed(3)],
    ['observe --all wall time (1,000 functions, all reads)', `${(observeMs / 1000).toFixed(2)} s`],
    ['observe metrics phase wall time', `${(metricsMs / 1000).toFixed(2)} s`],
    ['500-queries-per-call metrics wall time', `${(naiveMs / 1000).toFixed(2)} s`],
    ['all AWS calls of observe --all', String(session.totalCalls - naiveCalls)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
  if (packedCalls !== minimum) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:observe failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
