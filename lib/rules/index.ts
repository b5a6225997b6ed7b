/**
 * The rule catalog over CloudFormation templates: one engine for `cdk synth`, pipelines and tests.
 */
export * from './values';
export * from './graph';
export * from './rule';
export * from '../findings/text';
export * from './catalog';
export * from './engine';
export * from './acknowledge';
export * from './load';
export * from './template-text';
export * from './coverage';
export * from './sam';
