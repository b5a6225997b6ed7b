#!/usr/bin/env bash
# A real consumer of the published package: `npm pack` the library, install the tarball into a fresh CDK
# app created OUTSIDE the repository, with aws-cdk-lib at the lowest version peerDependencies accept, and:
#   1. measures what the package adds to the app (packages and MB) and fails above the limits;
#   2. shows that npm refuses an aws-cdk-lib below that minimum;
#   3. type-checks the documented import paths under moduleResolution node, node16, nodenext and bundler, and
#      every README/docs snippet under the tsconfig and TypeScript `cdk init` writes today and under node10;
#   4. synthesizes a CommonJS app (cdk init's tsconfig) and an ES module app, asserting the templates
#      carry the plan and the validation report lists the LambdaScaling plugin;
#   5. runs the packaged CLI: plan and check with a plain install, then the chart and AWS commands, which
#      exit 2 naming the optional packages to install, and work once the printed command is run;
#   6. runs a plain-JavaScript app with error, warning and acknowledged findings (a stage, a nested stack,
#      an environment-agnostic stack) through the LambdaScalingChecks plugin, asserting exit code and
#      report, at the declared minimum and again at the newest aws-cdk-lib (NEWEST_CDK, default: the
#      registry's latest), in the same app and npm cache.
#   scripts/consumer-test.sh                     (aws-cdk-lib at the declared minimum, then the newest)
#   CDK_VERSION=2.276.0 scripts/consumer-test.sh (another aws-cdk-lib; KEEP=1 keeps the temp folder)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/cdk-lambda-scaling-consumer.XXXXXX")"
cleanup() { if [ "${KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT
say() { printf '[consumer] %s (%ss)\n' "$1" "$SECONDS"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
# What the package may add to a fresh CDK app (issue 11).
MAX_PACKAGES=45
MAX_MB=25

manifest() { node -p "require('$repo/package.json').$1"; }
min_cdk="$(manifest "peerDependencies['aws-cdk-lib']" | sed 's/^[^0-9]*//')"
cdk_version="${CDK_VERSION:-$min_cdk}"
npm_install() { npm install --no-audit --no-fund --prefer-offline --loglevel=error "$@"; }
new_app() { mkdir -p "$1" && printf '{ "name": "%s", "private": true, "version": "0.0.0", "license": "UNLICENSED" }\n' "$(basename "$1")" > "$1/package.json"; }
# "<packages> <bytes> <disk KiB>" of ./node_modules: every installed package once, its files' sizes, and
# what they take on this disk (many small files).
# Installed package folders (npm ls exits 1 on any peer warning inside aws-cdk-lib's own tree; the list is
# complete all the same).
installed() { npm ls --all --parseable 2>/dev/null | tail -n +2 | sort -u || true; }
measure() {
  echo "$(installed | wc -l) $(du -s --apparent-size --block-size=1 node_modules | cut -f1) $(du -sk node_modules | cut -f1)"
}
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }

say "npm pack (prepack builds dist/)"
tarball="$work/$(cd "$repo" && npm pack --silent --pack-destination "$work" | tail -n 1)"
tar -tzf "$tarball" > "$work/contents.txt"
for f in dist/index.d.ts dist/constructs/testing.d.ts dist/lib/index.d.ts dist/bin/cli.js LICENSE NOTICE docs/model.md docs/workload.md; do
  grep -qx "package/$f" "$work/contents.txt" || fail "$(basename "$tarball") has no $f"
done
# Every compiled file has its source: nothing stale from an earlier build of another layout.
stale="$(sed -n 's#^package/dist/\(.*\)\.js$#\1#p' "$work/contents.txt" | while read -r f; do [ -f "$repo/$f.ts" ] || echo "$f"; done)"
[ -z "$stale" ] || fail "the tarball has build output without a source: $stale"

app="$work/app"
new_app "$app"
cd "$app"
say "a fresh CDK app: aws-cdk-lib@$cdk_version (declared minimum $min_cdk) and constructs from the registry"
npm_install "aws-cdk-lib@$cdk_version" "constructs@$(manifest "devDependencies.constructs")"
read -r base_n base_bytes base_kib <<< "$(measure)"
say "npm install the tarball"
npm_install "$tarball"
read -r n bytes kib <<< "$(measure)"
added_n=$((n - base_n)); added_bytes=$((bytes - base_bytes)); added_disk=$(((kib - base_kib) * 1024))
echo "cdk-lambda-scaling adds $added_n packages, $(mb $added_bytes) MB of files ($(mb $added_disk) MB on disk) to the app (aws-cdk-lib + constructs: $base_n packages, $(mb $base_bytes) MB; limits $MAX_PACKAGES packages, $MAX_MB MB)"
installed | sed 's#.*/node_modules/##' > "$work/after.txt"
[ "$added_n" -le "$MAX_PACKAGES" ] || fail "$added_n packages added, limit $MAX_PACKAGES"
[ "$added_bytes" -le $((MAX_MB * 1048576)) ] && [ "$added_disk" -le $((MAX_MB * 1048576)) ] || fail "$(mb $added_bytes) MB ($(mb $added_disk) MB on disk) added, limit $MAX_MB MB"
for heavy in vega vega-lite @resvg/resvg-js @aws-sdk/client-lambda jest-util ajv-formats; do
  ! grep -qx "$heavy" "$work/after.txt" || fail "a plain install brought $heavy"
done

say "npm refuses an aws-cdk-lib below the minimum"
below="$(node -e "const [M, m] = '$min_cdk'.split('.').map(Number); console.log(m > 0 ? M + '.' + (m - 1) + '.0' : '')")"
if [ -n "$below" ]; then
  old="$work/too-old"
  new_app "$old"
  set +e
  (cd "$old" && npm install --dry-run --no-audit --no-fund --prefer-offline "aws-cdk-lib@$below" "constructs@$(manifest "devDependencies.constructs")" "$tarball") > "$work/too-old.txt" 2>&1
  code=$?
  set -e
  grep -E 'ERESOLVE|peer aws-cdk-lib|Could not resolve|Conflicting peer' "$work/too-old.txt" | head -n 4
  [ "$code" != 0 ] && grep -q ERESOLVE "$work/too-old.txt" || { cat "$work/too-old.txt"; fail "npm accepted aws-cdk-lib@$below (exit $code)"; }
  echo "aws-cdk-lib@$below: npm install exits $code (ERESOLVE)"
fi

# The type matrix: what `cdk init app --language typescript` writes today (its tsconfig and the TypeScript
# range of its package.json, read from the aws-cdk CLI this repository pins) and the older settings still in
# use (TypeScript 5, moduleResolution node10, as devDependencies pin it).
say "cdk init app --language typescript (aws-cdk $(manifest "devDependencies['aws-cdk']")): its tsconfig and TypeScript"
(mkdir -p "$work/init" && cd "$work/init" && "$repo/node_modules/.bin/cdk" init app --language typescript --generate-only > /dev/null 2>&1)
init_ts="$(node -p "require('$work/init/package.json').devDependencies.typescript")"
node -e "const c = require('$work/init/tsconfig.json').compilerOptions; console.log('cdk init writes module ' + c.module + ', moduleResolution ' + c.moduleResolution + ', typescript $init_ts')"
say "typescript (TypeScript 5 as pinned, and $init_ts as cdk init installs it), @types/node and cdk-nag for the consumer's own compiles"
npm_install --save-dev "typescript@$(manifest "devDependencies.typescript")" "typescript-cdk-init@npm:typescript@$init_ts" "@types/node@$(manifest "devDependencies['@types/node']")" "cdk-nag@$(manifest "devDependencies['cdk-nag']")"

# Every TypeScript snippet of README.md and docs/, as the docs test writes them, against the installed package:
# under cdk init's own tsconfig with the TypeScript it installs, and under TypeScript 5 with node10 resolution.
(cd "$repo" && npx --no-install tsx test/docs/snippets.ts "$app/snippets")
cat > tsconfig.snippets-init.json <<JSON
{ "extends": "$work/init/tsconfig.json", "compilerOptions": { "types": ["node"], "typeRoots": ["./node_modules/@types"] }, "include": ["snippets/*.ts"] }
JSON
cat > tsconfig.snippets-node10.json <<'JSON'
{ "compilerOptions": { "target": "ES2022", "module": "commonjs", "moduleResolution": "node", "lib": ["ES2022"], "strict": true,
  "esModuleInterop": true, "skipLibCheck": true, "types": ["node"], "noEmit": true }, "include": ["snippets/*.ts"] }
JSON
say "tsc $(node_modules/typescript-cdk-init/bin/tsc --version | sed 's/Version //'): README/docs snippets under cdk init's tsconfig"
node_modules/typescript-cdk-init/bin/tsc -p tsconfig.snippets-init.json
say "tsc $(npx --no-install tsc --version | sed 's/Version //'): README/docs snippets under moduleResolution node10"
npx --no-install tsc -p tsconfig.snippets-node10.json

# Every documented import path, from a CommonJS (.ts) and an ES module (.mts) file.
cat > imports.ts <<'TS'
import { LambdaScalingChecks, LambdaScalingPolicy, planWorkload, type Plan } from 'cdk-lambda-scaling';
import { checkTemplate, expectNoScalingErrors } from 'cdk-lambda-scaling/testing';
import { parseWorkload, simulate, toSarif, RULE_IDS } from 'cdk-lambda-scaling/lib';
import { SqsBufferedFunction, ProvisionedConcurrencyScaling } from 'cdk-lambda-scaling/constructs';
export const used = [LambdaScalingChecks, LambdaScalingPolicy, planWorkload, checkTemplate, expectNoScalingErrors, parseWorkload, simulate, toSarif, RULE_IDS, SqsBufferedFunction, ProvisionedConcurrencyScaling];
export type UsedPlan = Plan;
TS
cp imports.ts imports.mts
# Resolution only (skipLibCheck): a path without types is TS2307/TS7016 in imports.ts itself. The two apps
# below compile with skipLibCheck false, so the declarations are checked in full under node and nodenext.
tsconfig() { # name module moduleResolution files...
  local name="$1" module="$2" resolution="$3"; shift 3
  local files; files="$(printf '"%s",' "$@")"
  cat > "tsconfig.$name.json" <<JSON
{ "compilerOptions": { "target": "ES2022", "module": "$module", "moduleResolution": "$resolution", "lib": ["ES2022"], "strict": true,
  "esModuleInterop": true, "skipLibCheck": true, "types": ["node"], "noEmit": true }, "files": [${files%,}] }
JSON
}
tsconfig node commonjs node imports.ts
tsconfig node16 node16 node16 imports.ts imports.mts
tsconfig nodenext nodenext nodenext imports.ts imports.mts
tsconfig bundler esnext bundler imports.ts imports.mts
for r in node node16 nodenext bundler; do
  say "tsc: every import path resolves with its types under moduleResolution $r"
  npx --no-install tsc -p "tsconfig.$r.json"
done

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

# The CommonJS app, with the older settings still in use (module commonjs, moduleResolution node10, TypeScript 5);
# it is type-checked under cdk init's tsconfig and TypeScript too, with the library's declarations checked.
cat > app.ts <<'TS'
// A consumer's CDK app: everything comes from the installed 'cdk-lambda-scaling' package.
import { existsSync, readFileSync } from 'fs';
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import { LambdaScalingChecks, LambdaScalingPolicy, SqsBufferedFunction, parseWorkload, planWorkload, type FunctionPlan } from 'cdk-lambda-scaling';
import { checkTemplate } from 'cdk-lambda-scaling/testing';

const workload = parseWorkload(readFileSync('workload.yaml', 'utf8'), 'workload.yaml');
const plan = planWorkload(workload);
const app = new App({ outdir: 'cdk.out' });
const stack = new Stack(app, 'Consumer');
const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
const db = new rds.DatabaseInstance(stack, 'Db', {
  engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.of('16.4', '16') }),
  instanceType: new ec2.InstanceType('t4g.medium'), vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, storageEncrypted: true,
});
const proxy = db.addProxy('Proxy', { secrets: [db.secret!], vpc });
// A runtime by name: the enum members differ between aws-cdk-lib versions.
const runtime = new lambda.Runtime('nodejs22.x', lambda.RuntimeFamily.NODEJS, { supportsInlineCode: true });
const code = lambda.Code.fromInline('exports.handler = async () => ({});');

const functions: Record<string, lambda.Function> = {};
for (const fp of plan.functions) {
  const spec = workload.functions.find((f) => f.name === fp.name)!;
  const fn = new lambda.Function(stack, fp.name, {
    runtime, handler: 'index.handler', code, memorySize: spec.memoryMb, timeout: Duration.seconds(spec.timeoutSeconds), architecture: lambda.Architecture.ARM_64,
  });
  if (spec.database) proxy.grantConnect(fn, 'app');
  functions[fp.name] = fn;
  new LambdaScalingPolicy(stack, `${fp.name}Scaling`, { function: fn, plan: fp, database: LambdaScalingPolicy.databaseOptions(workload, fp.name, proxy) });
}
// Provisioned pollers: the newest event source mapping setting the constructs render.
const polled = new lambda.Function(stack, 'polled', { runtime, handler: 'index.handler', code, timeout: Duration.seconds(30) });
new SqsBufferedFunction(stack, 'Polled', { function: polled, provisionedPollers: { minimumPollers: 2, maximumPollers: 20 }, reservedConcurrency: 10 });
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
const target = Object.values(resources).find((r) => r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget')!;
const actions: Array<{ Timezone?: string }> = target.Properties.ScheduledActions ?? [];
if (actions.length !== pc.schedule.length) fail(`scheduled actions ${actions.length}, plan ${pc.schedule.length}`);
if (actions.some((a) => a.Timezone !== pc.schedule[0].timezone)) fail('a scheduled action has no time zone');
const sqs = byName('worker').sqs ?? fail('worker has no SQS plan');
template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: sqs.batchSize, ScalingConfig: { MaximumConcurrency: sqs.maxConcurrency }, FunctionResponseTypes: ['ReportBatchItemFailures'] });
template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { ProvisionedPollerConfig: { MinimumPollers: 2, MaximumPollers: 20 } });
template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: sqs.visibilityTimeoutSeconds });
template.hasResourceProperties('AWS::RDS::DBProxyTargetGroup', { ConnectionPoolConfigurationInfo: { MaxConnectionsPercent: 80 } });
const errors = checkTemplate(template).filter((f) => f.severity === 'error');
if (errors.length > 0) fail(`rule errors: ${errors.map((e) => e.ruleId).join(', ')}`);
if (checks.lastFindings.some((f) => f.severity === 'error')) fail('LambdaScalingChecks reported errors at synth');
// The validation report lists the plugin, its version and how many rules ran, also when nothing failed
// (releases before the unified validation-report.json print a summary table of every plugin instead).
let reported = 'printed summary (this aws-cdk-lib writes no validation-report.json)';
if (existsSync('cdk.out/validation-report.json')) {
  const report = JSON.parse(readFileSync('cdk.out/validation-report.json', 'utf8')) as { pluginReports: Array<{ pluginName: string; pluginVersion?: string; metadata?: Record<string, string> }> };
  const ours = report.pluginReports.find((r) => r.pluginName === 'LambdaScaling') ?? fail('validation-report.json does not list LambdaScaling');
  if (ours.metadata?.rules !== String(checks.ruleIds.length)) fail(`validation report: rules ${ours.metadata?.rules}, plugin has ${checks.ruleIds.length}`);
  reported = `validation-report.json lists ${ours.pluginName} ${ours.pluginVersion}, ${ours.metadata?.rules} rules`;
}
console.log(`consumer OK (CommonJS): ${plan.functions.length} planned functions, reserved ${plan.functions.map((f) => `${f.name}=${f.reservedConcurrency}`).join(' ')}, ${pc.schedule.length} scheduled actions; ${reported}`);
TS
cat > tsconfig.json <<'JSON'
{ "compilerOptions": { "target": "ES2022", "module": "commonjs", "moduleResolution": "node", "lib": ["ES2022"], "strict": true,
  "esModuleInterop": true, "skipLibCheck": false, "types": ["node"], "outDir": "out" }, "files": ["app.ts"] }
JSON

# The ES module app: named imports from every entry point, run by Node as ESM.
cat > esm.mts <<'TS'
import { readFileSync } from 'node:fs';
import { App, Stack, Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LambdaScalingPolicy } from 'cdk-lambda-scaling';
import { ThrottleAlarms } from 'cdk-lambda-scaling/constructs';
import { parseWorkload, planWorkload, simulate } from 'cdk-lambda-scaling/lib';
import { expectNoScalingErrors } from 'cdk-lambda-scaling/testing';

const workload = parseWorkload(readFileSync('workload.yaml', 'utf8'), 'workload.yaml');
const plan = planWorkload(workload);
const worker = plan.functions.find((f) => f.name === 'worker')!;
const stack = new Stack(new App(), 'Esm');
const fn = new lambda.Function(stack, 'worker', {
  runtime: new lambda.Runtime('nodejs22.x', lambda.RuntimeFamily.NODEJS, { supportsInlineCode: true }), handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => ({});'), memorySize: 512, timeout: Duration.seconds(20),
});
new LambdaScalingPolicy(stack, 'WorkerScaling', { function: fn, plan: worker });
expectNoScalingErrors(stack);
Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: worker.reservedConcurrency });
const result = simulate(workload, plan, { durationSeconds: 60, seed: 1 });
if (!(result.summary.worker.invocations > 0)) throw new Error('consumer assertion failed: the simulation ran no invocations');
console.log(`consumer OK (ES module): worker reserved ${worker.reservedConcurrency}, ${ThrottleAlarms.name} exported, 60 s simulated`);
TS
cat > tsconfig.esm.json <<'JSON'
{ "compilerOptions": { "target": "ES2022", "module": "nodenext", "moduleResolution": "nodenext", "lib": ["ES2022"], "strict": true,
  "skipLibCheck": false, "types": ["node"], "outDir": "out" }, "files": ["esm.mts"] }
JSON

cat > tsconfig.app-init.json <<JSON
{ "extends": "$work/init/tsconfig.json", "compilerOptions": { "types": ["node"], "typeRoots": ["./node_modules/@types"], "skipLibCheck": false }, "files": ["app.ts"] }
JSON
say "tsc $(node_modules/typescript-cdk-init/bin/tsc --version | sed 's/Version //'): the CommonJS app under cdk init's tsconfig, declarations checked"
node_modules/typescript-cdk-init/bin/tsc -p tsconfig.app-init.json
say "tsc + node: the CommonJS app synthesizes and carries the plan"
npx --no-install tsc -p tsconfig.json
node out/app.js
say "tsc + node: the ES module app"
npx --no-install tsc -p tsconfig.esm.json
node out/esm.mjs

say "the packaged CLI with a plain install: plan, simulate, check"
cli() { npx --no-install cdk-lambda-scaling "$@"; }
cli plan workload.yaml -o plan.json
node -e "const p = require('./plan.json'); if (p.version !== 1 || p.functions.length !== 3) process.exit(1)" || fail 'plan -o plan.json did not write plan v1'
cli simulate workload.yaml --duration 60 > simulate.txt
grep -q worker simulate.txt || fail 'simulate printed no worker row'
cli check cdk.out -f json -o check.json
node -e "const r = require('./check.json'); if (!Array.isArray(r.findings)) process.exit(1)" || fail 'check -o check.json did not write the JSON report'

# An optional feature: exit 2 and a message naming the install command; run that command; the feature works.
# expect_install <what> <command...>
expect_install() {
  local what="$1"; shift
  set +e
  "$@" > /dev/null 2> "$work/stderr.txt"
  local code=$?
  set -e
  sed 's/^/    /' "$work/stderr.txt"
  [ "$code" = 2 ] || fail "$what without its optional packages exited $code, expected 2"
  local install; install="$(grep -Eo 'npm install [^`]+' "$work/stderr.txt" | head -n 1)"
  [ -n "$install" ] || fail "$what: the message names no install command"
  say "running what the message says: $install"
  eval "$install --no-audit --no-fund --prefer-offline --loglevel=error"
}
expect_install 'plan --chart plan.svg' cli plan workload.yaml --chart plan.svg
cli plan workload.yaml --chart plan.svg > /dev/null
grep -q '<svg' plan.svg || fail 'plan --chart wrote no SVG'
expect_install 'simulate --chart simulate.png' cli simulate workload.yaml --duration 120 --chart simulate.png
cli simulate workload.yaml --duration 120 --chart simulate.png > /dev/null
[ "$(head -c 4 simulate.png | tail -c 3)" = PNG ] || fail 'simulate --chart wrote no PNG'
cli simulate workload.yaml --duration 120 --chart simulate.html > /dev/null
grep -q '<script' simulate.html || fail 'simulate --chart wrote no HTML page'

# observe reads a live account: no credentials here, so after the install it must get as far as asking for them.
no_aws() { env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN -u AWS_PROFILE AWS_EC2_METADATA_DISABLED=true \
  AWS_CONFIG_FILE="$work/none" AWS_SHARED_CREDENTIALS_FILE="$work/none" "$@"; }
expect_install 'observe' no_aws npx --no-install cdk-lambda-scaling observe --function api --region eu-west-1
set +e
no_aws npx --no-install cdk-lambda-scaling observe --function api --region eu-west-1 > /dev/null 2> "$work/stderr.txt"
code=$?
set -e
sed 's/^/    /' "$work/stderr.txt"
[ "$code" = 2 ] && ! grep -q 'npm install' "$work/stderr.txt" || fail "observe with the SDK installed and no credentials exited $code"
# The plugin on every path, from plain JavaScript: an error fails the synth (exit 1); acknowledged, it passes
# (exit 0); warnings and acknowledged findings are reported either way. plugin_app <label>
cp "$repo/scripts/consumer/plugin-app.js" plugin-app.js
plugin_app() {
  local installed; installed="$(node -p "require('aws-cdk-lib/package.json').version")"
  for mode in findings acknowledged; do
    say "plain-JavaScript plugin app ($mode) on aws-cdk-lib@$installed ($1)"
    set +e
    node plugin-app.js "$mode" > "$work/plugin.$mode.json" 2> "$work/plugin.$mode.err"
    local code=$?
    set -e
    cat "$work/plugin.$mode.json"
    ! grep -q "Validation plugin 'LambdaScaling' failed" "$work/plugin.$mode.err" || { cat "$work/plugin.$mode.err"; fail "the plugin crashed on aws-cdk-lib@$installed"; }
    local want=1; [ "$mode" = acknowledged ] && want=0
    [ "$code" = "$want" ] || { tail -n 30 "$work/plugin.$mode.err"; fail "plugin app ($mode) on aws-cdk-lib@$installed exited $code, expected $want"; }
    node - "$work/plugin.$mode.json" <<'NODE' || fail "plugin app ($mode) on aws-cdk-lib@$installed: wrong findings or report"
const r = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
const acked = r.mode === 'acknowledged';
// stacks are named by construct path on every release (Prod/Api); nested stacks <parent>/<logical id of the nested stack resource>
const got = r.findings.map((f) => f.replace(/Agnostic\/Inner\S*/, 'Agnostic/Inner'));
const want = [`error AccountConcurrencyBudget Prod/Api${acked ? ' acknowledged' : ''}`, 'warning ReservedConcurrencyZero Agnostic/Inner acknowledged', 'warning ReservedConcurrencyZero Prod/Api acknowledged', 'warning ThrottleAlarm Agnostic'];
const problems = [];
if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`findings ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
if (!r.report) problems.push('no validation report lists LambdaScaling');
else {
  if (r.report.conclusion !== (acked ? 'success' : 'failure')) problems.push(`report conclusion ${r.report.conclusion}`);
  const shown = acked ? ['ThrottleAlarm'] : ['AccountConcurrencyBudget', 'ThrottleAlarm'];
  if (JSON.stringify(r.report.violations) !== JSON.stringify(shown)) problems.push(`report violations ${JSON.stringify(r.report.violations)}, expected ${JSON.stringify(shown)}`);
}
if (!/^ThrottleAlarms 'Scratch\/Wrong': invocation must be one of 'sync', 'async', 'sqs', got "SQS"/.test(r.refused)) problems.push(`invocation 'SQS' from JavaScript: ${JSON.stringify(r.refused)}`);
if (problems.length) { console.error(problems.join('\n')); process.exit(1); }
NODE
  done
}
plugin_app "declared minimum $min_cdk"
newest="${NEWEST_CDK:-$(npm view aws-cdk-lib version)}"
if [ "$newest" != "$(node -p "require('aws-cdk-lib/package.json').version")" ]; then
  say "aws-cdk-lib@$newest (the newest)"
  npm_install "aws-cdk-lib@$newest"
  plugin_app newest
fi
say 'done'
