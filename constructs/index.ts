/**
 * CDK constructs that apply the scaling model: thin wrappers that validate, plan with lib/, render.
 */
export * from './checks';
export * from './proxy-concurrency-limit';
export * from './sqs-buffered-function';
export * from './provisioned-concurrency-scaling';
export * from './throttle-alarms';
export * from './lambda-scaling-policy';
export * from './errors';
