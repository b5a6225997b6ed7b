/**
 * Class "plan validation": a plan file is held to the workload's standard wherever it enters (`simulate
 * --plan`, `audit`, the LambdaScalingPolicy construct all read it through readPlan's checks): numbers AWS
 * bounds, IANA time zones, schedule sizes, an sqs block only on an SQS function.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { memoryIo } from '../../bin/io';
import { main } from '../../bin/main';
import { planWorkload } from '../../lib/planner';
import { renderPlanJson } from '../../lib/report/plan-report';
import { parseWorkload } from '../../lib/workload';
import { workloadWith } from './support';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SYNC = workloadWith('{ hourlyRps: [1, 1, 1, 1, 1, 1, 1, 1, 50, 50, 50, 50, 50, 50, 50, 50, 50, 1, 1, 1, 1, 1, 1, 1] }', '    latencySensitive: true');
const SQS = workloadWith('{ peakRps: 20 }').replace('invocation: sync', 'invocation: sqs');

let dir: string;
let syncPlan: Json;
let sqsPlan: Json;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hostile-plans-'));
  writeFileSync(join(dir, 'sync.yaml'), SYNC);
  writeFileSync(join(dir, 'sqs.yaml'), SQS);
  syncPlan = JSON.parse(renderPlanJson(planWorkload(parseWorkload(SYNC, 'sync.yaml'))));
  sqsPlan = JSON.parse(renderPlanJson(planWorkload(parseWorkload(SQS, 'sqs.yaml'))));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A case: the workload simulated, an edit of its plan, and the message the edited plan gives. */
const CASES: ReadonlyArray<readonly [string, 'sync' | 'sqs', (p: Json) => void, RegExp]> = [
  ['reserved concurrency 1e308', 'sync', (p) => (p.functions[0].reservedConcurrency = 1e308), /functions\[0\]\.reservedConcurrency must be <= 1000000, got 1e\+308/],
  ['maxReceiveCount 1e308', 'sqs', (p) => (p.functions[0].sqs.maxReceiveCount = 1e308), /functions\[0\]\.sqs\.maxReceiveCount must be <= 1000, got 1e\+308/],
  ['maxReceiveCount 1001', 'sqs', (p) => (p.functions[0].sqs.maxReceiveCount = 1001), /sqs\.maxReceiveCount must be <= 1000, got 1001/],
  ['a time zone Mars/Olympus', 'sync', (p) => (p.functions[0].provisioned.schedule[0].timezone = 'Mars/Olympus'), /schedule\[0\]\.timezone must be an IANA time zone such as UTC or Europe\/Paris, got "Mars\/Olympus"/],
  ['a time zone ../../../etc/localtime', 'sync', (p) => (p.functions[0].provisioned.schedule[0].timezone = '../../../etc/localtime'), /schedule\[0\]\.timezone must be an IANA time zone .*got "\.\.\/\.\.\/\.\.\/etc\/localtime"/],
  ['a cron with 100,000 entries', 'sync', (p) => (p.functions[0].provisioned.schedule[0].cron = `cron(${Array.from({ length: 100_000 }, (_, i) => i % 60).join(',')} 9 * * ? *)`), /schedule\[0\]\.cron must NOT have more than 1600 characters/],
  ['an sqs block on a sync function', 'sync', (p) => (p.functions[0].sqs = { batchSize: 10, maxBatchingWindowSeconds: 0, maxConcurrency: 5, visibilityTimeoutSeconds: 60, maxReceiveCount: 5, dlqRetentionDays: 14 }), /functions\[0\]\.sqs must be null for a function invoked sync/],
  ['sqs: null on an SQS function', 'sqs', (p) => (p.functions[0].sqs = null), /functions\[0\]\.sqs must be the SQS settings of this SQS-triggered function .*got null/],
  ['an alarm threshold of 1e308', 'sync', (p) => (p.functions[0].alarms.concurrency.threshold = 1e308), /alarms\.concurrency\.threshold must be <= 1000000/],
  ['datapointsToAlarm above evaluationPeriods', 'sync', (p) => (p.functions[0].alarms.throttles.datapointsToAlarm = 99), /alarms\.throttles\.datapointsToAlarm must be <= evaluationPeriods/],
  ['a provisioned max of 1e308', 'sync', (p) => (p.functions[0].provisioned.max = 1e308), /provisioned\.max must be <= 1000000/],
];

async function run(argv: readonly string[]): Promise<{ code: number; err: string }> {
  const io = memoryIo({ cwd: dir });
  return { code: await main(argv, io), err: io.err };
}

describe('plans: a hostile plan is exit 2 naming the field, in simulate --plan and in audit', () => {
  test.each(CASES.map(([name, kind, edit, message]) => [name, kind, edit, message] as const))('%s', async (name, kind, edit, message) => {
    const plan = structuredClone(kind === 'sync' ? syncPlan : sqsPlan);
    edit(plan);
    const file = `${name.replace(/[^a-z0-9]+/gi, '-')}.json`;
    writeFileSync(join(dir, file), JSON.stringify(plan));
    const simulated = await run(['simulate', `${kind}.yaml`, '--plan', file, '--duration', '60']);
    expect(simulated).toEqual({ code: 2, err: expect.stringMatching(message) });
    // audit reads the plan before any AWS call: the same message, without credentials.
    const audited = await run(['audit', '--plan', file]);
    expect(audited).toEqual({ code: 2, err: expect.stringMatching(message) });
  });

  test('a partial plan (no invocation) with an sqs block is refused against a sync workload function', async () => {
    writeFileSync(join(dir, 'partial.json'), JSON.stringify({ version: 1, functions: [{ name: 'api', reservedConcurrency: 10, sqs: sqsPlan.functions[0].sqs }] }));
    expect(await run(['simulate', 'sync.yaml', '--plan', 'partial.json', '--duration', '60'])).toEqual({ code: 2, err: expect.stringMatching(/functions\[0\]\.sqs must be null for a function invoked sync/) });
  });

  test('the planner\'s own plans pass unchanged', async () => {
    for (const [kind, plan] of [['sync', syncPlan], ['sqs', sqsPlan]] as const) {
      writeFileSync(join(dir, `${kind}-plan.json`), JSON.stringify(plan));
      expect((await run(['simulate', `${kind}.yaml`, '--plan', `${kind}-plan.json`, '--duration', '60'])).code).toBe(0);
    }
  });
});
