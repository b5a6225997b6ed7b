/**
 * Inputs and outputs of the simulator (MODEL §8).
 */

/** Knobs of one simulation run. Every default is named in `SIMULATION_DEFAULTS`. */
export interface SimulationOptions {
  /** Simulated seconds. @default the trace's length, a day for hourly profiles, the last step + 600 s for scenarios */
  readonly durationSeconds?: number;
  /** Seed of every random stream. @default 1 */
  readonly seed?: number;
  /** Width of one series row. @default 1 s up to an hour of simulated time, 60 s beyond */
  readonly intervalSeconds?: number;
  /** Record the series (off in benchmarks that only need the summary). @default true */
  readonly series?: boolean;
  /** Fraction of invocations that return an error (async retries, SQS redelivery, DLQ). @default 0 */
  readonly errorRate?: number;
  /** Seconds before newly requested provisioned concurrency starts to be allocated. @default 60 */
  readonly provisionedPreparationSeconds?: number;
  /** Called about every 1% of simulated time with the fraction done (for progress on a TTY). */
  readonly onProgress?: (fractionDone: number) => void;
}

/** Named defaults of the simulator (documented in the README, "Simulation and charts"). */
export const SIMULATION_DEFAULTS = {
  seed: 1,
  errorRate: 0,
  /** provisioned-concurrency: allocation starts after 1–2 minutes' preparation; we take the short end. */
  provisionedPreparationSeconds: 60,
  /** Series rows are per second up to this simulated length, per minute beyond. */
  perSecondSeriesUpToSeconds: 3600,
  /** async: Lambda retries a function error twice (1 and 2 minutes later). */
  asyncErrorRetries: 2,
  asyncErrorRetryDelaySeconds: 60,
  /** async: throttled events are retried with backoff from 1 s doubling to 5 minutes. */
  asyncBackoffMinSeconds: 1,
  asyncBackoffMaxSeconds: 300,
} as const;

/** Totals of one function over the run. */
export interface FunctionSummary {
  /** Requests (or SQS messages) that arrived. */
  readonly arrivals: number;
  /** Invocations that ran (errors included, throttles excluded); for SQS, batches. */
  readonly invocations: number;
  readonly throttles: number;
  readonly coldStarts: number;
  /** Invocations served on demand while the alias had provisioned concurrency configured. */
  readonly spillovers: number;
  /** Invocations served by provisioned environments. */
  readonly provisionedInvocations: number;
  /** Provisioned environment-seconds allocated, busy or not: what the PC configuration is billed for. */
  readonly provisionedSeconds: number;
  readonly errors: number;
  /** Most environments executing at once. */
  readonly peakConcurrency: number;
  readonly maxQueueAgeSeconds: number;
  /** SQS messages moved to the DLQ, or async events that exhausted their retries. */
  readonly dlqMessages: number;
  /** Cost of the simulated period from simulated GB-seconds (MODEL §9 prices). */
  readonly costUsd: number;
  /** `costUsd` scaled to a 730-hour month. */
  readonly monthlyCostUsd: number;
  /** The provisioned concurrency part of `monthlyCostUsd`: PC configured, and duration on it (the plan's `monthlyCostUsd.provisioned`). */
  readonly monthlyProvisionedCostUsd: number;
}

/** Per-interval series of one function; every column has one value per interval. */
export interface FunctionSeries {
  readonly name: string;
  /** Requests (or messages) that arrived in the interval. */
  readonly arrivals: Float64Array;
  /** Most environments executing at once in the interval. */
  readonly busy: Float64Array;
  /** Initialized environments at the end of the interval (busy + idle warm + provisioned). */
  readonly warm: Float64Array;
  /** Provisioned environments allocated at the end of the interval. */
  readonly provisioned: Float64Array;
  readonly throttles: Float64Array;
  readonly coldStarts: Float64Array;
  readonly spillovers: Float64Array;
  /** Visible messages at the end of the interval (SQS). */
  readonly queueDepth: Float64Array;
  /** Age of the oldest visible message, the most seen in the interval (SQS). */
  readonly oldestAgeSeconds: Float64Array;
  /** Messages in the DLQ at the end of the interval (cumulative). */
  readonly dlq: Float64Array;
}

/** The names of the series columns, in output order. */
export const SERIES_COLUMNS = ['arrivals', 'busy', 'warm', 'provisioned', 'throttles', 'coldStarts', 'spillovers', 'queueDepth', 'oldestAgeSeconds', 'dlq'] as const;
/** One series column name. */
export type SeriesColumn = (typeof SERIES_COLUMNS)[number];

/** What a run produced. */
export interface SimulationResult {
  readonly durationSeconds: number;
  readonly seed: number;
  readonly scalingModel: string;
  readonly intervalSeconds: number;
  /** Reserved concurrency each function ran with (null: none). */
  readonly reserved: Readonly<Record<string, number | null>>;
  readonly summary: Readonly<Record<string, FunctionSummary>>;
  /** Empty when `series: false`. */
  readonly series: readonly FunctionSeries[];
  /** Assumptions and adjustments made for this run, stated once. */
  readonly notes: readonly string[];
}
