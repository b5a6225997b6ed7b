/**
 * Types the model shares with every layer above it (workload, planner, rules, constructs).
 */

/** How a function is invoked. */
export type Invocation = 'sync' | 'async' | 'sqs';
/** Lambda instruction set; it changes prices (MODEL §9). */
export type Architecture = 'arm64' | 'x86_64';
/** Database engines whose default `max_connections` formula is known (MODEL §5). */
export type DatabaseEngine = 'postgres' | 'mysql' | 'mariadb' | 'aurora-postgresql' | 'aurora-mysql';
