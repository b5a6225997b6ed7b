/**
 * Shared fixtures of the construct tests: a stack, a function, a database proxy.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import type { Construct } from 'constructs';

/**
 * A fresh app and stack (environment-agnostic, no lookups). Without aws-cdk-lib's built-in
 * CloudFormation validation: it only warns (never fails a synth or an assertion here) and costs about
 * 3 s of CPU per test file; the example app and cdk-nag tests keep it on.
 */
export function newStack(id = 'Stack'): Stack {
  return new Stack(new App({ builtinCloudFormationValidation: false }), id);
}

/** Options of {@link newFunction}. */
export interface FunctionOptions {
  readonly timeoutSeconds?: number;
  readonly memoryMb?: number;
  readonly reserved?: number;
  readonly timeout?: Duration;
  readonly arm64?: boolean;
}

/** A small inline Node.js function. */
export function newFunction(scope: Construct, id: string, opts: FunctionOptions = {}): lambda.Function {
  return new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ batchItemFailures: [] });'),
    timeout: opts.timeout ?? Duration.seconds(opts.timeoutSeconds ?? 10),
    memorySize: opts.memoryMb ?? 512,
    architecture: opts.arm64 === false ? lambda.Architecture.X86_64 : lambda.Architecture.ARM_64,
    reservedConcurrentExecutions: opts.reserved,
  });
}

/** A PostgreSQL instance with an RDS Proxy in a VPC. */
export function newDatabase(scope: Construct, id = 'Db', proxyProps: Partial<rds.DatabaseProxyOptions> = {}): { vpc: ec2.Vpc; instance: rds.DatabaseInstance; proxy: rds.DatabaseProxy } {
  const vpc = new ec2.Vpc(scope, `${id}Vpc`, { natGateways: 0, subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const instance = new rds.DatabaseInstance(scope, id, {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
    instanceType: new ec2.InstanceType('t4g.medium'),
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    storageEncrypted: true,
  });
  const proxy = instance.addProxy(`${id}Proxy`, { secrets: [instance.secret!], vpc, ...proxyProps });
  return { vpc, instance, proxy };
}

/** Resource properties of every resource of a type in a synthesized template. */
export function propsOf(template: { findResources(type: string): Record<string, { Properties?: Record<string, unknown> }> }, type: string): Array<Record<string, unknown>> {
  return Object.values(template.findResources(type)).map((r) => r.Properties ?? {});
}
