/**
 * The pure half of cdk-lambda-scaling: model, workload, planner, reports. No CDK, no AWS SDK.
 */
export * from './model';
export * from './planner';
export * from './workload';
export * from './findings';
export * from './errors';
export * from './report/plan-report';
