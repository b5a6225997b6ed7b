/**
 * AWS SDK v3 readers for `observe` and `audit`: the one folder of lib/ that imports @aws-sdk.
 */
export * from './iam';
export * from './errors';
export * from './session';
export * from './metrics';
export * from './deployed';
export * from './infer';
export * from './observe';
export * from './locate';
export * from './audit';
export * from './pool';
