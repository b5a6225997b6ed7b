/**
 * cdk-lambda-scaling: the planner (pure) and the CDK constructs that apply its plans.
 * `cdk-lambda-scaling/lib` gives the planner alone, without aws-cdk-lib.
 */
export * from './lib';
export * from './constructs';
