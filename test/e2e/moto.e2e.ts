/**
 * End to end on moto (`npm run test:e2e`, never part of `npm test`): the example app (its workload
 * without the database, test/e2e/moto/service.yaml) bootstrapped, deployed, compared with its
 * template, audited, drifted, observed, replanned, redeployed and destroyed, with the real CDK CLI
 * and this package's CLI against moto's server (with the project's extension, test/e2e/moto/).
 * Skipped, with the reason, where python3 or moto is missing. Each step is timed; the transcript is
 * printed at the end and written to e2e-transcript.md in the run's folder.
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import { mkdtempSync, openSync, readFileSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { pathToFileURL } from 'url';
import { ApplicationAutoScalingClient, DescribeScalableTargetsCommand, DescribeScalingPoliciesCommand, DescribeScheduledActionsCommand, PutScheduledActionCommand } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient, DescribeAlarmsCommand, PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { GetFunctionConcurrencyCommand, LambdaClient, ListEventSourceMappingsCommand, ListFunctionsCommand, ListProvisionedConcurrencyConfigsCommand, ListTagsCommand, PutFunctionConcurrencyCommand, UpdateEventSourceMappingCommand } from '@aws-sdk/client-lambda';

const root = join(__dirname, '..', '..');
const TSX = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const STACK = 'LambdaScalingExample';
const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';
const WORKLOAD = join(root, 'test', 'e2e', 'moto', 'service.yaml');

/** Why the e2e cannot run here, or undefined when it can. */
function missing(): string | undefined {
  const probe = spawnSync('python3', ['-c', 'import moto; print(moto.__version__)'], { encoding: 'utf8' });
  if (probe.error) return `python3 not found (${probe.error.message})`;
  if (probe.status !== 0) return 'the Python package moto is not installed (pip install "moto[server]==5.2.1")';
  return undefined;
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const skipReason = missing();
const suite = skipReason ? describe.skip : describe;
if (skipReason) console.warn(`moto e2e skipped: ${skipReason}`);

suite(`deployed on moto: bootstrap, deploy, audit, drift, observe, replan, redeploy, destroy${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'cdk-lambda-scaling-e2e-'));
  const transcript: string[] = [];
  let moto: ChildProcess | undefined;
  let env: Record<string, string> = {};
  let lambda: LambdaClient;
  let autoscaling: ApplicationAutoScalingClient;
  let cloudwatch: CloudWatchClient;
  const started = Date.now();

  /** Runs a command in `dir`, timed, into the transcript. */
  function run(label: string, command: string, args: readonly string[], shown = args.join(' ')): Promise<Run> {
    const t0 = Date.now();
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        const seconds = ((Date.now() - t0) / 1000).toFixed(1);
        transcript.push(`### ${label} (${seconds} s, exit ${code})`, '', '```', `$ ${shown}`, ...tail(stdout, 40), ...tail(stderr, 12).map((l) => `[stderr] ${l}`), '```', '');
        resolve({ code, stdout, stderr });
      });
    });
  }
  const cli = (label: string, args: readonly string[]) => run(label, process.execPath, ['--import', TSX, join(root, 'bin', 'cli.ts'), ...args], `cdk-lambda-scaling ${args.join(' ')}`.replaceAll(dir, '$RUN'));
  const cdk = (label: string, args: readonly string[]) => run(label, process.execPath, [join(root, 'node_modules', 'aws-cdk', 'bin', 'cdk'), ...args], `cdk ${args.join(' ')}`.replaceAll(dir, '$RUN'));
  /** Times an in-process step into the transcript. */
  async function step<T>(label: string, fn: () => Promise<T>, describeResult: (r: T) => string): Promise<T> {
    const t0 = Date.now();
    const result = await fn();
    transcript.push(`### ${label} (${((Date.now() - t0) / 1000).toFixed(1)} s)`, '', describeResult(result), '');
    return result;
  }

  beforeAll(async () => {
    const port = await freePort();
    // moto's own log (its request lines and any traceback) beside the transcript, for a failure's cause.
    const motoLog = openSync(join(dir, 'moto.log'), 'w');
    moto = spawn('python3', [join(root, 'test', 'e2e', 'moto', 'launch.py'), '-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', motoLog, motoLog] });
    const endpoint = `http://127.0.0.1:${port}`;
    env = {
      AWS_ENDPOINT_URL: endpoint,
      // moto reads a stack template's TemplateURL from its own S3 only when the host is `localhost`
      AWS_ENDPOINT_URL_S3_FOR_CLOUDFORMATION: `http://localhost:${port}`,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: REGION,
      CDK_DEFAULT_ACCOUNT: ACCOUNT,
      CDK_DEFAULT_REGION: REGION,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      CDK_DISABLE_VERSION_CHECK: 'true',
      CI: 'true',
    };
    for (let i = 0; i < 100; i++) {
      const up = await fetch(`${endpoint}/moto-api/`).then((r) => r.ok, () => false);
      if (up) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const config = { endpoint, region: REGION, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
    lambda = new LambdaClient(config);
    autoscaling = new ApplicationAutoScalingClient(config);
    // moto's server fails on the gzip body the SDK sends for PutMetricData above 10 KB (BadGzipFile)
    cloudwatch = new CloudWatchClient({ ...config, disableRequestCompression: true });
    transcript.push(`# moto e2e run (moto on 127.0.0.1:${port}, region ${REGION}, run folder $RUN)`, '');
  });

  afterAll(() => {
    for (const client of [lambda, autoscaling, cloudwatch]) client?.destroy();
    moto?.kill();
    transcript.push(`Total: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const text = transcript.join('\n');
    writeFileSync(join(dir, 'e2e-transcript.md'), text);
    console.log(`${text}\n(transcript written to ${join(dir, 'e2e-transcript.md')})`);
  });

  /** Deployed functions of the stack by logical id (CloudFormation's own tags). */
  async function functionsByLogicalId(): Promise<Map<string, { name: string; arn: string; tags: Record<string, string> }>> {
    const out = new Map<string, { name: string; arn: string; tags: Record<string, string> }>();
    for (const f of (await lambda.send(new ListFunctionsCommand({}))).Functions ?? []) {
      const tags = (await lambda.send(new ListTagsCommand({ Resource: f.FunctionArn! }))).Tags ?? {};
      if (tags['aws:cloudformation:stack-name'] === STACK) out.set(tags['aws:cloudformation:logical-id'], { name: f.FunctionName!, arn: f.FunctionArn!, tags });
    }
    return out;
  }

  const planFile = () => join(dir, 'plan.json');
  let template: { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };

  test('bootstrap and deploy the example app (its workload without the database)', async () => {
    expect((await cli('plan the workload', ['plan', WORKLOAD, '--format', 'json', '-o', planFile()])).code).toBe(0);
    const synth = await cdk('cdk synth', ['synth', '-q', '-c', `workload=${WORKLOAD}`, '-o', join(dir, 'cdk.out')]);
    expect(synth.code).toBe(0);
    template = JSON.parse(readFileSync(join(dir, 'cdk.out', `${STACK}.template.json`), 'utf8'));
    expect((await cdk('cdk bootstrap', ['bootstrap', `aws://${ACCOUNT}/${REGION}`, '--app', join(dir, 'cdk.out')])).code).toBe(0);
    // --method direct: CreateStack/UpdateStack; moto cannot describe the change set of an existing stack by name
    const deploy = await cdk('cdk deploy', ['deploy', STACK, '--app', join(dir, 'cdk.out'), '--require-approval', 'never', '--method', 'direct']);
    expect(deploy.code).toBe(0);
  });

  test('the deployed state equals the template: reserved, PC, scalable target and actions with time zones, tracking, mapping, alarms', async () => {
    await step('deployed state = template', async () => {
      const resources = Object.entries(template.Resources);
      const fns = await functionsByLogicalId();
      const of = (type: string) => resources.filter(([, r]) => r.Type === type);
      const fnRefs = of('AWS::Lambda::Function');
      expect(fns.size).toBe(fnRefs.length);
      for (const [id, r] of fnRefs) {
        const deployed = fns.get(id)!;
        const reserved = (await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: deployed.name }))).ReservedConcurrentExecutions;
        expect(reserved).toBe(r.Properties.ReservedConcurrentExecutions);
        const tags = Object.fromEntries(((r.Properties.Tags as { Key: string; Value: string }[]) ?? []).map((t) => [t.Key, t.Value]));
        expect(deployed.tags).toMatchObject(tags);
      }
      const [[, alias]] = of('AWS::Lambda::Alias');
      const api = [...fns.values()].find((f) => f.tags['cdk-lambda-scaling:function'] === 'api')!;
      const pc = (await lambda.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: api.name }))).ProvisionedConcurrencyConfigs ?? [];
      expect(pc.map((c) => c.RequestedProvisionedConcurrentExecutions)).toEqual([(alias.Properties.ProvisionedConcurrencyConfig as { ProvisionedConcurrentExecutions: number }).ProvisionedConcurrentExecutions]);
      const [[, target]] = of('AWS::ApplicationAutoScaling::ScalableTarget');
      const targets = (await autoscaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'lambda' }))).ScalableTargets ?? [];
      expect(targets.map((t) => [t.ResourceId, t.MinCapacity, t.MaxCapacity])).toEqual([[`function:${api.name}:live`, target.Properties.MinCapacity, target.Properties.MaxCapacity]]);
      const actions = (await autoscaling.send(new DescribeScheduledActionsCommand({ ServiceNamespace: 'lambda' }))).ScheduledActions ?? [];
      const planned = target.Properties.ScheduledActions as { Schedule: string; Timezone: string; ScalableTargetAction: { MinCapacity: number; MaxCapacity: number } }[];
      const key = (schedule: string, tz: string | undefined, min: number | undefined, max: number | undefined) => `${schedule} ${tz} ${min}-${max}`;
      expect(actions.map((a) => key(a.Schedule!, a.Timezone, a.ScalableTargetAction?.MinCapacity, a.ScalableTargetAction?.MaxCapacity)).sort()).toEqual(
        planned.map((a) => key(a.Schedule, a.Timezone, a.ScalableTargetAction.MinCapacity, a.ScalableTargetAction.MaxCapacity)).sort(),
      );
      const [[, policy]] = of('AWS::ApplicationAutoScaling::ScalingPolicy');
      const policies = (await autoscaling.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'lambda' }))).ScalingPolicies ?? [];
      expect(policies.map((p) => p.TargetTrackingScalingPolicyConfiguration?.TargetValue)).toEqual([(policy.Properties.TargetTrackingScalingPolicyConfiguration as { TargetValue: number }).TargetValue]);
      const [[, mapping]] = of('AWS::Lambda::EventSourceMapping');
      const mappings = (await lambda.send(new ListEventSourceMappingsCommand({}))).EventSourceMappings ?? [];
      expect(mappings.map((m) => [m.BatchSize, m.MaximumBatchingWindowInSeconds, m.ScalingConfig?.MaximumConcurrency])).toEqual([
        [mapping.Properties.BatchSize, mapping.Properties.MaximumBatchingWindowInSeconds, (mapping.Properties.ScalingConfig as { MaximumConcurrency: number }).MaximumConcurrency],
      ]);
      const alarms = (await cloudwatch.send(new DescribeAlarmsCommand({ MaxRecords: 100 }))).MetricAlarms ?? [];
      const alarmKey = (metric: unknown, threshold: unknown) => `${metric} ${threshold}`;
      expect(alarms.map((a) => alarmKey(a.MetricName, a.Threshold)).sort()).toEqual(of('AWS::CloudWatch::Alarm').map(([, a]) => alarmKey(a.Properties.MetricName, a.Properties.Threshold)).sort());
      return { functions: fns.size, actions: actions.length, alarms: alarms.length };
    }, (r) => `${r.functions} functions (reserved concurrency, tags), PC of the api alias, its scalable target with ${r.actions} scheduled actions and their time zones, the tracking policy, the SQS mapping and ${r.alarms} alarms equal the template`);
  });

  test('audit --stack: clean; then drift injected through the API is reported exactly', async () => {
    const clean = await cli('audit (clean)', ['audit', '--plan', planFile(), '--stack', STACK]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/^no drift: \d+ settings of 4 function\(s\) in eu-west-1 match .*; found by tag: 4$/m);

    const fns = [...(await functionsByLogicalId()).values()];
    const byPlanName = (n: string) => fns.find((f) => f.tags['cdk-lambda-scaling:function'] === n)!;
    const plan = JSON.parse(readFileSync(planFile(), 'utf8')) as { functions: { name: string; reservedConcurrency: number; provisioned: { schedule: { name: string; cron: string; timezone: string; min: number; max: number }[] } | null; sqs: { batchSize: number } | null }[] };
    const api = plan.functions.find((f) => f.name === 'api')!;
    const worker = plan.functions.find((f) => f.name === 'invoice-worker')!;
    const action = api.provisioned!.schedule[0];
    const resourceId = `function:${byPlanName('api').name}:live`;
    const deployedActions = (await autoscaling.send(new DescribeScheduledActionsCommand({ ServiceNamespace: 'lambda', ResourceId: resourceId }))).ScheduledActions ?? [];
    const actionName = deployedActions.find((a) => a.Schedule === action.cron)!.ScheduledActionName!;
    /** PutScheduledAction on the deployed action of the plan's first block. */
    const setAction = (min: number, max: number) =>
      autoscaling.send(new PutScheduledActionCommand({
        ServiceNamespace: 'lambda', ResourceId: resourceId, ScalableDimension: 'lambda:function:ProvisionedConcurrency',
        ScheduledActionName: actionName, Schedule: action.cron, Timezone: action.timezone, ScalableTargetAction: { MinCapacity: min, MaxCapacity: max },
      }));
    await step('drift injected through the API', async () => {
      await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: byPlanName('orders-read').name, ReservedConcurrentExecutions: 3 }));
      await setAction(action.min + 1, action.max + 1);
      const [mapping] = (await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: byPlanName('invoice-worker').name }))).EventSourceMappings ?? [];
      await lambda.send(new UpdateEventSourceMappingCommand({ UUID: mapping.UUID!, BatchSize: worker.sqs!.batchSize + 1 }));
    }, () => `PutFunctionConcurrency orders-read 3 (planned ${plan.functions.find((f) => f.name === 'orders-read')!.reservedConcurrency}); PutScheduledAction ${action.name} ${action.cron} ${action.timezone} min ${action.min + 1} max ${action.max + 1}; UpdateEventSourceMapping invoice-worker BatchSize ${worker.sqs!.batchSize + 1}`);

    const drifted = await cli('audit (after drift)', ['audit', '--plan', planFile(), '--stack', STACK, '--format', 'json']);
    expect(drifted.code).toBe(1);
    const rows = (JSON.parse(drifted.stdout) as { rows: { function: string; setting: string; planned: string; deployed: string; status: string }[] }).rows.filter((r) => r.status !== 'ok');
    expect(rows.map((r) => `${r.function}: ${r.setting}: ${r.planned} -> ${r.deployed}`).sort()).toEqual([
      `api: schedule ${action.name} ${action.cron} ${action.timezone}: min ${action.min} max ${action.max} -> min ${action.min + 1} max ${action.max + 1}`,
      `invoice-worker: mapping batchSize: ${worker.sqs!.batchSize} -> ${worker.sqs!.batchSize + 1}`,
      `orders-read: reservedConcurrency: ${plan.functions.find((f) => f.name === 'orders-read')!.reservedConcurrency} -> 3`,
    ]);

    // CloudFormation updates only what a template changes: the drift is put back by hand, as an operator would.
    await step('drift put back through the API', async () => {
      await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: byPlanName('orders-read').name, ReservedConcurrentExecutions: plan.functions.find((f) => f.name === 'orders-read')!.reservedConcurrency }));
      await setAction(action.min, action.max);
      const [mapping] = (await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: byPlanName('invoice-worker').name }))).EventSourceMappings ?? [];
      await lambda.send(new UpdateEventSourceMappingCommand({ UUID: mapping.UUID!, BatchSize: worker.sqs!.batchSize }));
    }, () => 'the three settings set back to the plan');
    expect((await cli('audit (drift put back)', ['audit', '--plan', planFile(), '--stack', STACK])).code).toBe(0);
  });

  test('two weeks of minute metrics → observe → replan → deploy the new plan → audit clean → destroy leaves nothing', async () => {
    const fns = [...(await functionsByLogicalId()).values()];
    const api = fns.find((f) => f.tags['cdk-lambda-scaling:function'] === 'api')!;
    const endMs = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    const minutes = 14 * 1440;
    // The api's traffic fell far below what it was planned for: a day/night cycle of 6 and 1 requests/s.
    const perMinute = (m: number) => ((Math.floor(m / 60) % 24) >= 8 && (Math.floor(m / 60) % 24) < 20 ? 360 : 60);
    await step('PutMetricData: 14 days of minute Invocations and Duration of the api', async () => {
      const data: MetricDatum[] = [];
      for (let m = 0; m < minutes; m++) {
        const Timestamp = new Date(endMs - (minutes - m) * 60_000);
        const Dimensions = [{ Name: 'FunctionName', Value: api.name }];
        data.push({ MetricName: 'Invocations', Dimensions, Timestamp, Value: perMinute(m), Unit: 'Count' }, { MetricName: 'Duration', Dimensions, Timestamp, Value: 180, Unit: 'Milliseconds' });
      }
      for (let i = 0; i < data.length; i += 1000) await cloudwatch.send(new PutMetricDataCommand({ Namespace: 'AWS/Lambda', MetricData: data.slice(i, i + 1000) }));
      return data.length;
    }, (n) => `${n} datapoints in ${Math.ceil(n / 1000)} PutMetricData calls`);

    const recent = join(dir, 'recent.yaml');
    const observed = await cli('observe (two weeks per minute)', ['observe', '--plan', planFile(), '--stack', STACK, '--period', '60', '--days', '14', '-o', recent]);
    expect(observed.code).toBe(0);
    const history = readFileSync(recent, 'utf8');
    expect(history).toMatch(/- name: api\n/);
    expect(history).toContain(`found: deployed as ${api.name} (by tag cdk-lambda-scaling:function=api)`);
    const trace = readFileSync(join(dir, 'recent-traces', 'api.csv'), 'utf8').trim().split('\n');
    expect(trace.length).toBeGreaterThanOrEqual(minutes);

    const replanned = await cli('replan (markdown, -o)', ['replan', WORKLOAD, '--plan', planFile(), '--history', recent, '--format', 'markdown', '-o', join(dir, 'replanned')]);
    expect(replanned.code).toBe(1);
    expect(replanned.stdout).toMatch(/\| api \| OVER-PROVISIONED \|/);
    const newPlan = join(dir, 'replanned', 'plan.json');

    expect((await cdk('cdk synth (the new plan)', ['synth', '-q', '-c', `workload=${join(dir, 'replanned', 'workload.yaml')}`, '-o', join(dir, 'cdk.out.2')])).code).toBe(0);
    expect((await cdk('cdk deploy (the new plan)', ['deploy', STACK, '--app', join(dir, 'cdk.out.2'), '--require-approval', 'never', '--method', 'direct'])).code).toBe(0);
    const after = await cli('audit (the new plan)', ['audit', '--plan', newPlan, '--stack', STACK]);
    expect(after.stdout).toMatch(/^no drift: /m);
    expect(after.code).toBe(0);

    expect((await cdk('cdk destroy', ['destroy', STACK, '--app', join(dir, 'cdk.out.2'), '--force'])).code).toBe(0);
    await step('nothing left', async () => {
      const left = {
        functions: (await functionsByLogicalId()).size,
        targets: ((await autoscaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'lambda' }))).ScalableTargets ?? []).length,
        policies: ((await autoscaling.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'lambda' }))).ScalingPolicies ?? []).length,
        actions: ((await autoscaling.send(new DescribeScheduledActionsCommand({ ServiceNamespace: 'lambda' }))).ScheduledActions ?? []).length,
        alarms: ((await cloudwatch.send(new DescribeAlarmsCommand({}))).MetricAlarms ?? []).length,
        mappings: ((await lambda.send(new ListEventSourceMappingsCommand({}))).EventSourceMappings ?? []).length,
      };
      expect(left).toEqual({ functions: 0, targets: 0, policies: 0, actions: 0, alarms: 0, mappings: 0 });
      return left;
    }, (left) => `after cdk destroy: ${JSON.stringify(left)}`);
  });
});

function tail(text: string, lines: number): string[] {
  const all = text.replace(/\r/g, '').split('\n').filter((l) => l.trim() !== '');
  return all.length <= lines ? all : [`… ${all.length - lines} lines before`, ...all.slice(-lines)];
}
