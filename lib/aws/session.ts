/**
 * One region's SDK clients and the single door every AWS call goes through.
 *
 * Clients use the default credential chain (or `profile`), adaptive retries, and are created once
 * per region. {@link AwsSession.send} and {@link AwsSession.pages} refuse commands missing from
 * {@link IAM_ACTIONS}, count calls, log them when verbose, and narrow errors by name.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { isAllowedCommand, type AwsCommandName } from './iam';
import { AwsReadError, narrowAwsError } from './errors';
import { sdk } from './sdk';

/** Retry settings: adaptive mode (client-side rate limiting on throttles) with room for bursts of 5xx/throttling. */
export const RETRY = {
  mode: 'adaptive',
  /** Attempts per call, the first included; worst-case backoff stays under a minute. */
  maxAttempts: 6,
} as const;

/** How to reach AWS. */
export interface AwsOptions {
  /** @default - the default chain: AWS_REGION, then the profile's region */
  readonly region?: string;
  /** Named profile of the shared config/credentials files. @default - the default credential chain */
  readonly profile?: string;
  /** @default - AWS_MAX_ATTEMPTS when set, else RETRY.maxAttempts */
  readonly maxAttempts?: number;
  /** Receives one line per AWS call (command, attempts, time) when verbose; never inputs or credentials. */
  readonly log?: (line: string) => void;
  /**
   * Applied to every text an AWS answer supplies (error messages, CloudWatch's per-series messages): the
   * only place a credential can show up, when the answer echoes the caller. @default - none
   */
  readonly redact?: (text: string) => string;
}

/** The three clients of one region. */
export interface AwsClients {
  readonly lambda: LambdaClient;
  readonly autoscaling: ApplicationAutoScalingClient;
  readonly cloudwatch: CloudWatchClient;
}

const clientCache = new Map<string, AwsClients>();

/** The clients for `(region, profile)`, created once per process. */
export function clientsFor(options: AwsOptions): AwsClients {
  const key = JSON.stringify([options.region ?? '', options.profile ?? '', options.maxAttempts ?? RETRY.maxAttempts]);
  let clients = clientCache.get(key);
  if (!clients) {
    const config = {
      ...(options.region ? { region: options.region } : {}),
      ...(options.profile ? { profile: options.profile } : {}),
      retryMode: RETRY.mode,
      // AWS_MAX_ATTEMPTS (or max_attempts in the profile) wins over our default when the user set it.
      ...(options.maxAttempts !== undefined || !process.env.AWS_MAX_ATTEMPTS ? { maxAttempts: options.maxAttempts ?? RETRY.maxAttempts } : {}),
    };
    const { lambda, autoscaling, cloudwatch } = sdk();
    clients = { lambda: new lambda.LambdaClient(config), autoscaling: new autoscaling.ApplicationAutoScalingClient(config), cloudwatch: new cloudwatch.CloudWatchClient(config) };
    clientCache.set(key, clients);
  }
  return clients;
}

/** What the endpoint middleware sees of a request. */
interface EndpointArgs {
  readonly request?: { readonly protocol?: string; readonly hostname?: string; readonly port?: number };
}

/** The part of a client's middleware stack {@link nameEndpointOnErrors} uses. */
interface WithMiddleware {
  readonly middlewareStack: {
    add(middleware: (next: (args: EndpointArgs) => Promise<unknown>) => (args: EndpointArgs) => Promise<unknown>, options: { step: 'finalizeRequest'; name: string }): void;
  };
}

const endpointNamed = new WeakSet<object>();

/**
 * Gives every error of `client` the endpoint its request went to (`$endpoint`, e.g.
 * `http://127.0.0.1:5000`), so an answer that is not AWS's can say where it came from. Once per client.
 */
function nameEndpointOnErrors(client: object | undefined): void {
  if (!client || endpointNamed.has(client) || !('middlewareStack' in client)) return;
  endpointNamed.add(client);
  (client as WithMiddleware).middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (err) {
        const r = args.request;
        if (typeof err === 'object' && err !== null && r?.hostname && !('$endpoint' in err)) {
          Object.defineProperty(err, '$endpoint', { value: `${r.protocol ?? 'https:'}//${r.hostname}${r.port ? `:${r.port}` : ''}`, enumerable: false });
        }
        throw err;
      }
    },
    { step: 'finalizeRequest', name: 'cdkLambdaScalingEndpointOnErrors' },
  );
}

interface Metadata {
  readonly $metadata?: { readonly attempts?: number; readonly httpStatusCode?: number };
}

/** A region's clients plus call accounting. */
export class AwsSession {
  /** Calls sent (pages count one each), by command. */
  readonly calls = new Map<AwsCommandName, number>();

  constructor(
    readonly clients: AwsClients,
    private readonly log?: (line: string) => void,
    private readonly redactText: (text: string) => string = (text) => text,
    /** The named profile the credentials come from (`--profile`, else AWS_PROFILE), named when they fail. */
    private readonly profile?: string,
  ) {
    for (const client of [clients.lambda, clients.autoscaling, clients.cloudwatch]) nameEndpointOnErrors(client);
  }

  /** A session on the cached clients for `options`. */
  static create(options: AwsOptions): AwsSession {
    return new AwsSession(clientsFor(options), options.log, options.redact, options.profile ?? (process.env.AWS_PROFILE || undefined));
  }

  /** `text` from an AWS answer, with the credentials it may echo redacted (see {@link AwsOptions.redact}). */
  redact(text: string): string {
    return this.redactText(text);
  }

  /** The region the clients resolved (from `--region`, the environment or the profile). */
  async region(): Promise<string> {
    try {
      return await this.clients.lambda.config.region();
    } catch (err) {
      throw this.narrow(err, 'GetAccountSettingsCommand');
    }
  }

  /**
   * Resolves the credentials once (so a missing profile fails early, with one message) and returns
   * their secret parts, for redaction of everything the CLI prints.
   */
  async credentialSecrets(): Promise<string[]> {
    try {
      const c = await this.clients.lambda.config.credentials();
      return [c.accessKeyId, c.secretAccessKey, c.sessionToken ?? ''].filter((s) => s.length > 0);
    } catch (err) {
      throw this.narrow(err, 'GetAccountSettingsCommand');
    }
  }

  /** Sends one command through `send` (which calls `client.send(command)`). */
  async send<O>(command: object, send: () => Promise<O>): Promise<O> {
    const name = commandNameOf(command);
    const started = Date.now();
    this.count(name);
    try {
      const output = await send();
      this.trace(name, 'ok', (output as Metadata)?.$metadata, started);
      return output;
    } catch (err) {
      this.trace(name, 'failed', (err as Metadata)?.$metadata, started);
      throw this.narrow(err, name);
    }
  }

  /** Iterates an SDK paginator whose pages are `commandName` calls. */
  async *pages<O>(commandName: AwsCommandName, paginator: AsyncIterable<O>): AsyncGenerator<O> {
    assertAllowed(commandName);
    const iterator = paginator[Symbol.asyncIterator]();
    while (true) {
      const started = Date.now();
      this.count(commandName);
      let step: IteratorResult<O>;
      try {
        step = await iterator.next();
      } catch (err) {
        this.trace(commandName, 'failed', (err as Metadata)?.$metadata, started);
        throw this.narrow(err, commandName);
      }
      if (step.done) {
        // The paginator sends nothing when it ends: undo the count.
        this.calls.set(commandName, (this.calls.get(commandName) ?? 1) - 1);
        return;
      }
      this.trace(commandName, 'ok', (step.value as Metadata)?.$metadata, started);
      yield step.value;
    }
  }

  /** Total calls sent. */
  get totalCalls(): number {
    let total = 0;
    for (const n of this.calls.values()) total += n;
    return total;
  }

  /** {@link narrowAwsError}, its message redacted: AWS error messages may echo the access key. */
  private narrow(err: unknown, name: AwsCommandName): AwsReadError {
    const e = narrowAwsError(err, name, this.profile);
    const message = this.redact(e.message);
    return message === e.message ? e : new AwsReadError(message, e.kind, e.action);
  }

  private count(name: AwsCommandName): void {
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
  }

  private trace(name: AwsCommandName, outcome: string, metadata: Metadata['$metadata'], started: number): void {
    if (!this.log) return;
    const attempts = metadata?.attempts ?? 1;
    const status = metadata?.httpStatusCode ?? '-';
    this.log(`aws ${name.replace(/Command$/, '')} ${outcome} status=${status} attempts=${attempts} ${Date.now() - started}ms`);
  }
}

function commandNameOf(command: object): AwsCommandName {
  const name = command.constructor.name;
  assertAllowed(name);
  return name;
}

function assertAllowed(name: string): asserts name is AwsCommandName {
  // A command outside the table would need an IAM action the published policy does not grant.
  if (!isAllowedCommand(name)) throw new Error(`${name} is not in IAM_ACTIONS (lib/aws/iam.ts); add it there and to docs/iam-policy.json`);
}
