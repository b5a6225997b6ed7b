/**
 * The pure half of cdk-lambda-scaling: model, workload, planner, reports. No CDK, no AWS SDK.
 */
export * from './model';
export * from './planner';
export * from './workload';
export * from './findings';
export * from './errors';
export * from './report/plan-report';
export * from './report/simulation-report';
export * from './simulate';
export { PLAN_SCHEMA, readPlan, type PlanFileMode } from './plan-file';
// Charts (lib/report/chart) are not re-exported here: their vega types need the DOM lib in consumers' tsconfig.
export { checkTemplates, runChecks, expandSam, loadInputs, type LoadOptions, RULES, RULE_IDS, RULE_TEXT, type RuleFinding, type CheckOptions, type CheckResult, type StackTemplate, type TemplateCoverage } from './rules';
export { toSarif } from './report/check-sarif';
export { toJUnit } from './report/check-junit';
