/**
 * Types the model shares with every layer above it (workload, planner, rules, constructs).
 */

/** How a function can be invoked: the values of {@link Invocation}, for checks at run time. */
export const INVOCATIONS = ['sync', 'async', 'sqs'] as const;
/** How a function is invoked. */
export type Invocation = (typeof INVOCATIONS)[number];
/** Statistics of the utilization metric target tracking can follow (MODEL §6), for checks at run time. */
export const UTILIZATION_STATISTICS = ['Average', 'Maximum'] as const;
/** Lambda instruction set; it changes prices (MODEL §9). */
export type Architecture = 'arm64' | 'x86_64';
/** Database engines whose default `max_connections` formula is known (MODEL §5). */
export type DatabaseEngine = 'postgres' | 'mysql' | 'mariadb' | 'aurora-postgresql' | 'aurora-mysql';
