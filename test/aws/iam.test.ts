import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { mockClient } from 'aws-sdk-client-mock';
import { GetFunctionConfigurationCommand, InvokeCommand, LambdaClient, ListFunctionsCommand, ListTagsCommand } from '@aws-sdk/client-lambda';
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { AwsSession, IAM_ACTIONS, iamPolicy, observe, readForAudit } from '../../lib/aws';
import type { Plan } from '../../lib/planner/types';

const root = join(__dirname, '..', '..');
const policy = JSON.parse(readFileSync(join(root, 'docs', 'iam-policy.json'), 'utf8'));
const policyActions: string[] = policy.Statement.flatMap((s: { Action: string[] }) => s.Action);
const tableCommands = Object.keys(IAM_ACTIONS).sort();

/** Every SDK command the source of lib/aws can send: `new XCommand(` and `paginateX(` (which sends XCommand). */
function commandsInSource(): string[] {
  const dir = join(root, 'lib', 'aws');
  const found = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const m of text.matchAll(/new (\w+Command)\(/g)) found.add(m[1]);
    for (const m of text.matchAll(/\bpaginate(\w+)\(/g)) found.add(`${m[1]}Command`);
  }
  return [...found].sort();
}

describe('docs/iam-policy.json', () => {
  test('is exactly the policy built from IAM_ACTIONS', () => {
    expect(policy).toEqual(iamPolicy());
  });

  test('grants read-only actions only, and each once', () => {
    for (const action of policyActions) expect(action).toMatch(/^(lambda|application-autoscaling|cloudwatch):(Get|List|Describe)\w+$/);
    expect(new Set(policyActions).size).toBe(policyActions.length);
    expect(policy.Statement.every((s: { Effect: string }) => s.Effect === 'Allow')).toBe(true);
  });

  test('the commands reach AWS only through lib/aws (no SDK import in bin/commands/observe.ts or audit.ts)', () => {
    for (const file of ['observe.ts', 'audit.ts']) expect(readFileSync(join(root, 'bin', 'commands', file), 'utf8')).not.toMatch(/@aws-sdk|@smithy/);
  });

  test('every command in lib/aws source is in the table, and every table entry is used', () => {
    expect(commandsInSource()).toEqual(tableCommands);
    expect([...new Set(Object.values(IAM_ACTIONS))].sort()).toEqual([...policyActions].sort());
  });
});

describe('what the CLI sends at run time', () => {
  const lambda = mockClient(LambdaClient);
  const autoscaling = mockClient(ApplicationAutoScalingClient);
  const cloudwatch = mockClient(CloudWatchClient);
  afterAll(() => {
    lambda.restore();
    autoscaling.restore();
    cloudwatch.restore();
  });

  test('observe (--function and --all --tag) and audit send exactly the commands of the policy', async () => {
    const fn = { FunctionName: 'api', FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:api', MemorySize: 128, Timeout: 3 };
    lambda.onAnyCommand().resolves({});
    lambda.on(ListFunctionsCommand).resolves({ Functions: [fn] });
    lambda.on(GetFunctionConfigurationCommand).resolves(fn);
    lambda.on(ListTagsCommand).resolves({ Tags: { team: 'a' } });
    autoscaling.onAnyCommand().resolves({});
    cloudwatch.on(GetMetricDataCommand).callsFake((i: { MetricDataQueries: MetricDataQuery[] }) => ({ MetricDataResults: i.MetricDataQueries.map((q) => ({ Id: q.Id, Timestamps: [], Values: [] })) }));
    const session = AwsSession.create({ region: 'us-east-1' });

    await observe(session, { functions: ['api'], days: 1 });
    await observe(session, { all: true, tags: { team: 'a' }, days: 1 });
    const plan = { version: 1, account: { region: 'us-east-1' }, functions: [{ name: 'api', provisioned: null, sqs: null }] } as unknown as Plan;
    await readForAudit(session, plan);

    const sent = new Set([lambda, autoscaling, cloudwatch].flatMap((m) => m.calls().map((c) => (c.args[0] as object).constructor.name)));
    expect([...sent].sort()).toEqual(tableCommands);
    expect([...session.calls.keys()].sort()).toEqual(tableCommands);
  });

  test('the session refuses a command that is not in the table (it would need an action the policy lacks)', async () => {
    const session = AwsSession.create({ region: 'us-east-1' });
    const invoke = new InvokeCommand({ FunctionName: 'api' });
    await expect(session.send(invoke, () => session.clients.lambda.send(invoke))).rejects.toThrow('InvokeCommand is not in IAM_ACTIONS');
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
  });
});
