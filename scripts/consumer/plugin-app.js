// A plain-JavaScript CDK app (no TypeScript, no types) that exercises every path of the LambdaScalingChecks
// plugin: an error, warnings, acknowledged findings, a Stage, a NestedStack and an environment-agnostic
// stack. Run by scripts/consumer-test.sh at the declared minimum and the newest aws-cdk-lib:
//   node plugin-app.js findings      -> exit 1: the error is not acknowledged
//   node plugin-app.js acknowledged  -> exit 0: the error is acknowledged too; warnings stay reported
// It prints one JSON line: what the plugin found (rule, severity, acknowledged) and what the report file says.
'use strict';
const { existsSync, readFileSync } = require('fs');
const { join } = require('path');
const { App, NestedStack, Stack, Stage, Validations } = require('aws-cdk-lib');
const lambda = require('aws-cdk-lib/aws-lambda');
const { LambdaScalingChecks, ScalingValidationError, ThrottleAlarms } = require('cdk-lambda-scaling');

const mode = process.argv[2];
if (mode !== 'findings' && mode !== 'acknowledged') throw new Error('usage: node plugin-app.js findings|acknowledged');
const runtime = new lambda.Runtime('nodejs22.x', lambda.RuntimeFamily.NODEJS, { supportsInlineCode: true });
const code = lambda.Code.fromInline('exports.handler = async () => ({});');
const fn = (scope, id, reserved) => new lambda.Function(scope, id, { runtime, handler: 'index.handler', code, reservedConcurrentExecutions: reserved });

const outdir = join(__dirname, `cdk.out.${mode}`);
const app = new App({ outdir, context: { '@aws-cdk/core:validationReportJson': true } });
const checks = new LambdaScalingChecks({ concurrencyLimit: 1000 });
Validations.of(app).addPlugins(checks);

// A Stage with a stack in a concrete environment: 950 reserved of 1,000 leaves less than the 100 unreserved
// floor (AccountConcurrencyBudget, an error); a function reserved 0 (ReservedConcurrencyZero, a warning)
// acknowledged on a parent construct.
const prod = new Stage(app, 'Prod');
const api = new Stack(prod, 'Api', { env: { account: '111111111111', region: 'eu-west-1' } });
const big = fn(api, 'Big', 950);
new ThrottleAlarms(api, 'BigAlarms', { function: big });
const paused = fn(api, 'Paused', 0);
Validations.of(paused).acknowledge({ id: 'LambdaScaling::ReservedConcurrencyZero', reason: 'switched off on purpose' });
if (mode === 'acknowledged') Validations.of(big).acknowledge({ id: 'LambdaScaling::AccountConcurrencyBudget', reason: 'a limit increase is on its way' });

// An environment-agnostic stack with a NestedStack: a reserved function without a Throttles alarm
// (ThrottleAlarm, a warning, left standing) and, in the nested stack, a function reserved 0 acknowledged
// on the nested stack itself.
const agnostic = new Stack(app, 'Agnostic');
fn(agnostic, 'Worker', 10);
const nested = new NestedStack(agnostic, 'Inner');
fn(nested, 'Off', 0);
Validations.of(nested).acknowledge({ id: 'LambdaScaling::ReservedConcurrencyZero', reason: 'nested: switched off on purpose' });

// Plain JavaScript gets the constructs' run-time checks: a string-union prop given a wrong value throws.
let refused = '';
try {
  const scratch = new Stack(new App(), 'Scratch');
  new ThrottleAlarms(scratch, 'Wrong', { function: fn(scratch, 'Fn', 10), invocation: 'SQS' });
} catch (err) {
  if (!(err instanceof ScalingValidationError)) throw err;
  refused = err.message;
}

let thrown = '';
try {
  app.synth();
} catch (err) {
  // newer aws-cdk-lib throws on a failed validation, older ones set process.exitCode = 1
  thrown = String(err && err.message).split('\n')[0];
  process.exitCode = 1;
}
const reportFile = ['validation-report.json', 'policy-validation-report.json'].map((f) => join(outdir, f)).find((f) => existsSync(f));
const report = reportFile ? JSON.parse(readFileSync(reportFile, 'utf8')) : undefined;
const ours = report && report.pluginReports.find((r) => r.pluginName === 'LambdaScaling');
console.log(JSON.stringify({
  mode,
  findings: checks.lastFindings.map((f) => `${f.severity} ${f.ruleId} ${f.stack}${f.acknowledged ? ' acknowledged' : ''}`).sort(),
  report: ours ? { file: reportFile.replace(/.*\//, ''), conclusion: ours.conclusion, violations: ours.violations.map((v) => v.ruleName).sort() } : null,
  thrown,
  refused,
}));
