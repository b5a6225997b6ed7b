/**
 * The workload file as written (schema/workload.schema.json), before defaults and trace loading.
 * Only data that passed the schema is ever typed as these.
 */
import type { Architecture, DatabaseEngine, Invocation, ScalingModel, TrafficInput } from './types';

/** `account` as written. */
export interface AccountInput {
  readonly region: string;
  readonly concurrencyLimit?: number;
  readonly unreservedFloor?: number;
  readonly scalingModel?: ScalingModel;
}

/** `defaults` as written. */
export interface DefaultsInput {
  readonly throttleTarget?: number;
  readonly spilloverTarget?: number;
  readonly growthHeadroom?: number;
  readonly timezone?: string;
  readonly architecture?: Architecture;
  readonly keepAliveMinutes?: number;
}

/** One entry of `databases` as written. */
export interface DatabaseInput {
  readonly engine: DatabaseEngine;
  readonly maxConnections?: number;
  readonly instanceClass?: string;
  readonly maxConnectionsPercent?: number;
  readonly headroom?: number;
  readonly otherClients?: number;
}

/** `functions[i].sqs` as written. */
export interface SqsInput {
  readonly batchSize?: number;
  readonly maxBatchingWindowSeconds?: number;
  readonly fifo?: boolean;
  readonly maxQueueAgeSeconds?: number;
  readonly messageGroups?: number;
}

/** One entry of `functions` as written. */
export interface FunctionInput {
  readonly name: string;
  readonly invocation: Invocation;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly durationMs?: { readonly avg: number; readonly p99?: number };
  readonly initDurationMs?: number;
  readonly traffic: TrafficInput;
  readonly latencySensitive?: boolean;
  readonly architecture?: Architecture;
  readonly throttleTarget?: number;
  readonly spilloverTarget?: number;
  readonly growthHeadroom?: number;
  readonly database?: { readonly name: string; readonly connectionsPerEnvironment?: number };
  readonly sqs?: SqsInput;
}

/** A workload file as written. */
export interface WorkloadInput {
  readonly $schema?: string;
  readonly version?: 1;
  readonly account: AccountInput;
  readonly defaults?: DefaultsInput;
  readonly databases?: Readonly<Record<string, DatabaseInput>>;
  readonly functions: readonly FunctionInput[];
}
