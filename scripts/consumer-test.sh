#!/usr/bin/env bash
# A real consumer of the published package: `npm pack` the library, install the tarball into a fresh
# CDK app created OUTSIDE the repository (with aws-cdk-lib and constructs from the npm registry, the
# versions of our devDependencies), type-check and synthesize an app that imports only
# 'cdk-lambda-scaling', then assert the template carries the plan. Also runs the packaged CLI.
#   scripts/consumer-test.sh            (keeps nothing; set KEEP=1 to keep the temp folder)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/cdk-lambda-scaling-consumer.XXXXXX")"
cleanup() { if [ "${KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT
say() { printf '[consumer] %s (%ss)\n' "$1" "$SECONDS"; }

say 'npm pack (prepack builds dist/)'
tarball="$(cd "$repo" && npm pack --silent --pack-destination "$work" | tail -n 1)"
tar -tzf "$work/$tarball" > "$work/contents.txt"
grep -qx 'package/dist/index.d.ts' "$work/contents.txt" || { echo "FAIL: $tarball has no dist/index.d.ts"; exit 1; }

# Same versions as the repository's devDependencies, read from its package.json.
dev() { node -p "require('$repo/package.json').devDependencies['$1']"; }
app="$work/app"
mkdir -p "$app"
cat > "$app/package.json" <<JSON
{ "name": "consumer-app", "private": true, "version": "0.0.0", "license": "UNLICENSED" }
JSON
cd "$app"
say 'npm install the tarball + aws-cdk-lib, constructs, typescript from the registry'
npm install --no-audit --no-fund --prefer-offline --loglevel=error \
  "$work/$tarball" "aws-cdk-lib@$(dev aws-cdk-lib)" "constructs@$(dev constructs)" \
  "typescript@$(dev typescript)" "@types/node@$(dev @types/node)"

cat > tsconfig.json <<'JSON'
{ "compilerOptions": { "target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext", "lib": ["ES2022"], "strict": true,
  "esModuleInterop": true, "skipLibCheck": false, "types": ["node"], "outDir": "out" }, "include": ["app.ts"] }
JSON

cat > workload.yaml <<'YAML'
account: { region: eu-west-1, concurrencyLimit: 1000 }
databases:
  db: { engine: postgres, maxConnections: 400, maxConnectionsPercent: 80 }
functions:
  - name: api
    invocation: sync
    memoryMb: 1024
    timeoutSeconds: 10
    durationMs: { avg: 150 }
    latencySensitive: true
    traffic: { hourlyRps: [5, 5, 5, 5, 5, 5, 40, 40, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 40, 40, 40, 5, 5, 5] }
  - name: worker
    invocation: sqs
    memoryMb: 512
    timeoutSeconds: 20
    durationMs: { avg: 800 }
    traffic: { peakRps: 60 }
    sqs: { batchSize: 10, maxBatchingWindowSeconds: 1, maxQueueAgeSeconds: 60 }
  - name: reader
    invocation: sync
    memoryMb: 512
    timeoutSeconds: 5
    durationMs: { avg: 50 }
    traffic: { peakRps: 900 }
    database: { name: db }
YAML

cat > app.ts <<'TS'
// A consumer's CDK app: everything comes from the installed 'cdk-lambda-scaling' package.
import { readFileSync } from 'fs';
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import { LambdaScalingChecks, LambdaScalingPolicy, parseWorkload, planWorkload, type FunctionPlan } from 'cdk-lambda-scaling';
import { checkTemplate } from 'cdk-lambda-scaling/testing';

const workload = parseWorkload(readFileSync('workload.yaml', 'utf8'), 'workload.yaml');
const plan = planWorkload(workload);
const app = new App();
const stack = new Stack(app, 'Consumer');
const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
const db = new rds.DatabaseInstance(stack, 'Db', {
  engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
  instanceType: new ec2.InstanceType('t4g.medium'), vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, storageEncrypted: true,
});
const proxy = db.addProxy('Proxy', { secrets: [db.secret!], vpc });

const functions: Record<string, lambda.Function> = {};
for (const fp of plan.functions) {
  const spec = workload.functions.find((f) => f.name === fp.name)!;
  const fn = new lambda.Function(stack, fp.name, {
    runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({});'),
    memorySize: spec.memoryMb, timeout: Duration.seconds(spec.timeoutSeconds), architecture: lambda.Architecture.ARM_64,
  });
  if (spec.database) proxy.grantConnect(fn, 'app');
  functions[fp.name] = fn;
  new LambdaScalingPolicy(stack, `${fp.name}Scaling`, { function: fn, plan: fp, database: LambdaScalingPolicy.databaseOptions(workload, fp.name, proxy) });
}
const checks = new LambdaScalingChecks({ concurrencyLimit: 1000 });
Validations.of(app).addPlugins(checks);
app.synth();

// Assertions: the template carries the plan.
const template = Template.fromStack(stack);
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
const fail = (what: string): never => { throw new Error(`consumer assertion failed: ${what}`); };
const byName = (n: string): FunctionPlan => plan.functions.find((f) => f.name === n)!;
for (const [name, fn] of Object.entries(functions)) {
  const id = stack.getLogicalId(fn.node.defaultChild as lambda.CfnFunction);
  const got = resources[id].Properties.ReservedConcurrentExecutions;
  if (got !== byName(name).reservedConcurrency) fail(`${name} reserved ${got}, plan ${byName(name).reservedConcurrency}`);
}
const pc = byName('api').provisioned ?? fail('api has no provisioned plan');
template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: pc.min, MaxCapacity: pc.max });
const actions = Object.values(resources).find((r) => r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget')!.Properties.ScheduledActions ?? [];
if (actions.length !== pc.schedule.length) fail(`scheduled actions ${actions.length}, plan ${pc.schedule.length}`);
const sqs = byName('worker').sqs ?? fail('worker has no SQS plan');
template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: sqs.batchSize, ScalingConfig: { MaximumConcurrency: sqs.maxConcurrency }, FunctionResponseTypes: ['ReportBatchItemFailures'] });
template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: sqs.visibilityTimeoutSeconds });
template.hasResourceProperties('AWS::RDS::DBProxyTargetGroup', { ConnectionPoolConfigurationInfo: { MaxConnectionsPercent: 80 } });
const errors = checkTemplate(template).filter((f) => f.severity === 'error');
if (errors.length > 0) fail(`rule errors: ${errors.map((e) => e.ruleId).join(', ')}`);
if (checks.lastFindings.some((f) => f.severity === 'error')) fail('LambdaScalingChecks reported errors at synth');
console.log(`consumer OK: ${plan.functions.length} functions, reserved ${plan.functions.map((f) => `${f.name}=${f.reservedConcurrency}`).join(' ')}, ${pc.schedule.length} scheduled actions`);
TS

say 'tsc: the app type-checks against the packaged .d.ts files'
npx --no-install tsc -p tsconfig.json
say 'synthesize and assert'
node out/app.js

say 'the packaged CLI plans the workload'
npx --no-install cdk-lambda-scaling plan workload.yaml > plan.txt
grep -q worker plan.txt || { echo 'FAIL: cdk-lambda-scaling plan printed no worker row'; cat plan.txt; exit 1; }
say 'done'
