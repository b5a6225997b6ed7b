/**
 * The scaling model (MODEL.md) as pure functions. Imports nothing from CDK or the AWS SDK.
 */
export * from './defaults';
export * from './types';
export * from './erlang';
export * from './load';
export * from './provisioned';
export * from './proxy';
export * from './account';
export * from './sqs';
export * from './cost';
export * from './alarms';
export * from './schedule';
export * from './aws-names';
export * from './invariants';
