/**
 * The simulator (MODEL §8): seeded, deterministic replay of workload traffic against Lambda's scaling
 * rules, with per-interval series and a per-function summary with cost.
 */
export * from './types';
export * from './engine';
export * from './capacity';
export * from './service';
export * from './traffic';
export * from './random';
export * from './scenario';
export * from './backtest';
export * from './budget';
export * from './replan';
