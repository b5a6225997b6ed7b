/**
 * A fake AWS on 127.0.0.1 for end-to-end tests and the observe benchmark.
 *
 * It speaks each service's wire protocol as the pinned SDK (3.1141.0) sends it:
 * - Lambda: REST-JSON (paths like `/2019-09-30/functions/{name}/concurrency`, errors in `x-amzn-ErrorType`);
 * - Application Auto Scaling: AWS JSON 1.1 (`X-Amz-Target: AnyScaleFrontendService.<Op>`, errors in `__type`);
 * - CloudWatch: AWS JSON 1.0 in query-compatible mode (`X-Amz-Target: GraniteServiceVersion20100801.<Op>`,
 *   `x-amzn-query-mode: true`; errors also in `x-amzn-query-error: Code;Sender`), epoch-second timestamps.
 * Responses follow the services' documented shapes; list calls paginate (Marker/NextMarker,
 * NextToken) with the services' default page sizes unless told smaller; faults are injected by rule.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

/** A function of the fake account. */
export interface FakeFunction {
  readonly name: string;
  readonly memoryMb?: number;
  readonly timeoutSeconds?: number;
  readonly architecture?: 'arm64' | 'x86_64';
  readonly tags?: Readonly<Record<string, string>>;
  readonly reserved?: number;
  /** Provisioned concurrency configs; `status` defaults to READY (with everything allocated). */
  readonly provisioned?: readonly { readonly qualifier: string; readonly requested: number; readonly status?: 'READY' | 'IN_PROGRESS' | 'FAILED'; readonly statusReason?: string }[];
  readonly mappings?: readonly {
    readonly queueName: string;
    readonly batchSize: number;
    readonly maxBatchingWindowSeconds?: number;
    readonly maxConcurrency?: number;
    readonly state?: string;
  }[];
  /** Requests per second in each UTC hour of the busiest day (other days are quieter). */
  readonly hourlyRps?: readonly number[];
  readonly durationMs?: { readonly avg: number; readonly p99: number };
  /** Fraction of invocations that arrive as async events. */
  readonly asyncFraction?: number;
  /** Messages per batch invocation, for the queue's NumberOfMessagesReceived. */
  readonly messagesPerBatch?: number;
  /** Metric names CloudWatch has no datapoints of for this function (e.g. `Duration`). */
  readonly metricGaps?: readonly string[];
}

/** Valid but unusual GetMetricData answers. */
export interface FakeMetricQuirks {
  /** Every datapoint twice. */
  readonly duplicated?: boolean;
  /** Each series newest first, although TimestampAscending was asked. */
  readonly descending?: boolean;
  /** Datapoints at this period when a query asks for a longer one (e.g. 300 for 3600). */
  readonly finerPeriodSeconds?: number;
  /** The last this many queries of each call get no result, and the answer's Messages say MaxMetricsExceeded. */
  readonly unanswered?: number;
  /** The first this many calls answer every query with StatusCode InternalError and no datapoints. */
  internalErrors?: number;
}

/** A provisioned concurrency scalable target with its policy and schedule. */
export interface FakeScalableTarget {
  readonly function: string;
  readonly qualifier: string;
  readonly min: number;
  readonly max: number;
  readonly targetValue?: number;
  /** `Average` uses the predefined metric; `Maximum` a customized one. */
  readonly statistic?: 'Average' | 'Maximum';
  readonly scheduledActions?: readonly { readonly name: string; readonly schedule: string; readonly timezone?: string; readonly min: number; readonly max: number }[];
}

/** An injected fault: the next `count` requests of `operation` (for `function`, if given) fail. */
export interface FakeFault {
  readonly operation: string;
  readonly function?: string;
  readonly kind: 'throttle' | 'server-error' | 'access-denied';
  count: number;
}

/** The fake account. */
export interface FakeAccount {
  readonly concurrencyLimit?: number;
  readonly functions: readonly FakeFunction[];
  readonly scalableTargets?: readonly FakeScalableTarget[];
  readonly faults?: FakeFault[];
  /** Page sizes (smaller than AWS's to force pagination). */
  readonly pageSize?: { readonly lambda?: number; readonly autoscaling?: number; readonly metricDatapoints?: number };
  readonly metricQuirks?: FakeMetricQuirks;
}

/** One request the fake answered. */
export interface FakeRequest {
  readonly service: 'lambda' | 'autoscaling' | 'cloudwatch';
  readonly operation: string;
  readonly status: number;
  readonly function?: string;
  /** GetMetricData only. */
  readonly queries?: number;
  readonly datapoints?: number;
}

/** AWS default page sizes and GetMetricData limits. */
const AWS_PAGE = { lambda: 50, autoscaling: 50, metricDatapoints: 100_800 };
const MAX_QUERIES = 500;
const ACCOUNT_ID = '123456789012';
const REGION = 'us-east-1';

const arnOf = (name: string, qualifier?: string): string => `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${name}${qualifier ? `:${qualifier}` : ''}`;
const queueArn = (queue: string): string => `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:${queue}`;
const epochSeconds = Date.UTC(2025, 0, 1) / 1000;

/** Deterministic day-to-day variation: the busiest day (factor 1) comes every 4th day. */
export function dayFactor(timestampMs: number): number {
  return 1 - 0.1 * (Math.floor(timestampMs / 86_400_000) % 4);
}

/** The fake server. */
export class FakeAws {
  readonly requests: FakeRequest[] = [];
  private server?: Server;

  constructor(private account: FakeAccount) {}

  /** Serves another account from now on (one server, and one set of cached SDK clients, for many cases). */
  use(account: FakeAccount): void {
    this.account = account;
    this.byName = undefined;
  }

  /** Starts listening on 127.0.0.1 and returns the endpoint URL. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, Buffer.concat(chunks).toString('utf8'), res));
    });
    this.server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Stops the server. */
  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Requests answered for `operation`. */
  count(operation: string, status?: number): number {
    return this.requests.filter((r) => r.operation === operation && (status === undefined || r.status === status)).length;
  }

  private handle(req: IncomingMessage, body: string, res: ServerResponse): void {
    const target = req.headers['x-amz-target'];
    const accessKeyId = /Credential=([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? 'unknown';
    const reply = (service: FakeRequest['service'], operation: string, status: number, headers: Record<string, string>, payload: unknown, extra: Partial<FakeRequest> = {}): void => {
      this.requests.push({ service, operation, status, ...extra });
      res.writeHead(status, { 'x-amzn-requestid': `req-${this.requests.length}`, ...headers });
      res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
    };
    try {
      if (typeof target === 'string' && target.startsWith('AnyScaleFrontendService.')) {
        this.autoscaling(target.split('.')[1], JSON.parse(body || '{}'), accessKeyId, reply);
      } else if (typeof target === 'string' && target.startsWith('GraniteServiceVersion20100801.')) {
        this.cloudwatch(target.split('.')[1], JSON.parse(body || '{}'), accessKeyId, req.headers['x-amzn-query-mode'] === 'true', reply);
      } else {
        this.lambda(req.method ?? 'GET', new URL(req.url ?? '/', 'http://fake'), accessKeyId, reply);
      }
    } catch (err) {
      reply('lambda', 'Unhandled', 500, { 'content-type': 'application/json' }, { message: String(err) });
    }
  }

  /** The fault to inject for this request, if any (consumes one). */
  private fault(operation: string, fn?: string): FakeFault | undefined {
    const f = this.account.faults?.find((x) => x.operation === operation && x.count > 0 && (x.function === undefined || x.function === fn));
    if (f) f.count--;
    return f;
  }

  private byName?: Map<string, FakeFunction>;

  private fn(name: string): FakeFunction | undefined {
    this.byName ??= new Map(this.account.functions.map((f) => [f.name, f]));
    return this.byName.get(name.startsWith('arn:') ? name.split(':')[6] : name);
  }

  private page<T>(items: readonly T[], marker: string | null | undefined, size: number): { items: T[]; next?: string } {
    const start = marker ? Number(Buffer.from(marker, 'base64').toString('utf8')) : 0;
    const end = start + size;
    return { items: items.slice(start, end), next: end < items.length ? Buffer.from(String(end)).toString('base64') : undefined };
  }

  // ---------------------------------------------------------------- Lambda (REST-JSON)
  private lambda(method: string, url: URL, accessKeyId: string, reply: (s: 'lambda', op: string, status: number, h: Record<string, string>, p: unknown, e?: Partial<FakeRequest>) => void): void {
    const routes: [RegExp, string][] = [
      [/^\/2016-08-19\/account-settings\/?$/, 'GetAccountSettings'],
      [/^\/2015-03-31\/functions\/?$/, 'ListFunctions'],
      [/^\/2015-03-31\/functions\/([^/]+)\/configuration\/?$/, 'GetFunctionConfiguration'],
      [/^\/2019-09-30\/functions\/([^/]+)\/concurrency\/?$/, 'GetFunctionConcurrency'],
      [/^\/2019-09-30\/functions\/([^/]+)\/provisioned-concurrency\/?$/, 'ListProvisionedConcurrencyConfigs'],
      [/^\/2015-03-31\/event-source-mappings\/?$/, 'ListEventSourceMappings'],
      [/^\/2017-03-31\/tags\/(.+)$/, 'ListTags'],
    ];
    const json = { 'content-type': 'application/json' };
    const route = routes.find(([re]) => re.test(url.pathname));
    if (!route || method !== 'GET') {
      reply('lambda', `${method} ${url.pathname}`, 404, { ...json, 'x-amzn-errortype': 'UnknownOperationException' }, { message: 'unknown operation' });
      return;
    }
    const operation = route[1];
    const arg = decodeURIComponent(route[0].exec(url.pathname)?.[1] ?? url.searchParams.get('FunctionName') ?? '');
    const name = arg ? (this.fn(arg)?.name ?? arg.split(':')[6] ?? arg) : undefined;
    const fault = this.fault(operation, name);
    const error = (status: number, type: string, message: string): void =>
      reply('lambda', operation, status, { ...json, 'x-amzn-errortype': type }, { Type: status >= 500 ? 'Service' : 'User', message }, { function: name });
    if (fault?.kind === 'throttle') return error(429, 'TooManyRequestsException', 'Rate exceeded');
    if (fault?.kind === 'server-error') return error(500, 'ServiceException', 'An internal error occurred');
    if (fault?.kind === 'access-denied') {
      // Real messages name the caller; this one also echoes the access key id, to prove the CLI redacts it.
      return error(403, 'AccessDeniedException', `User: arn:aws:iam::${ACCOUNT_ID}:user/ci (key ${accessKeyId}) is not authorized to perform: lambda:${operation} on resource: ${arnOf(name ?? '*')}`);
    }
    const size = Math.min(Number(url.searchParams.get('MaxItems') ?? Infinity), this.account.pageSize?.lambda ?? AWS_PAGE.lambda);
    const ok = (payload: unknown): void => reply('lambda', operation, 200, json, payload, { function: name });
    const f = name ? this.fn(name) : undefined;
    if (operation !== 'GetAccountSettings' && operation !== 'ListFunctions' && operation !== 'ListEventSourceMappings' && !f) {
      return error(404, 'ResourceNotFoundException', `Function not found: ${arnOf(name ?? '')}`);
    }
    switch (operation) {
      case 'GetAccountSettings': {
        const limit = this.account.concurrencyLimit ?? 1000;
        const reserved = this.account.functions.reduce((s, x) => s + (x.reserved ?? 0), 0);
        return ok({
          AccountLimit: { TotalCodeSize: 80530636800, CodeSizeUnzipped: 262144000, CodeSizeZipped: 52428800, ConcurrentExecutions: limit, UnreservedConcurrentExecutions: limit - reserved },
          AccountUsage: { TotalCodeSize: 1048576 * this.account.functions.length, FunctionCount: this.account.functions.length },
        });
      }
      case 'ListFunctions': {
        const p = this.page(this.account.functions, url.searchParams.get('Marker'), size);
        return ok({ Functions: p.items.map((x) => this.configuration(x)), ...(p.next ? { NextMarker: p.next } : {}) });
      }
      case 'GetFunctionConfiguration':
        return ok(this.configuration(f!));
      case 'GetFunctionConcurrency':
        return ok(f!.reserved === undefined ? {} : { ReservedConcurrentExecutions: f!.reserved });
      case 'ListProvisionedConcurrencyConfigs': {
        const p = this.page(f!.provisioned ?? [], url.searchParams.get('Marker'), size);
        return ok({
          ProvisionedConcurrencyConfigs: p.items.map((c) => ({
            FunctionArn: arnOf(f!.name, c.qualifier),
            RequestedProvisionedConcurrentExecutions: c.requested,
            AvailableProvisionedConcurrentExecutions: (c.status ?? 'READY') === 'READY' ? c.requested : 0,
            AllocatedProvisionedConcurrentExecutions: (c.status ?? 'READY') === 'READY' ? c.requested : 0,
            Status: c.status ?? 'READY',
            ...(c.statusReason ? { StatusReason: c.statusReason } : {}),
            LastModified: '2025-01-01T00:00:00.000+0000',
          })),
          ...(p.next ? { NextMarker: p.next } : {}),
        });
      }
      case 'ListEventSourceMappings': {
        const owners = f ? [f] : this.account.functions;
        const all = owners.flatMap((o) => (o.mappings ?? []).map((m, i) => ({ o, m, i })));
        const p = this.page(all, url.searchParams.get('Marker'), size);
        return ok({
          EventSourceMappings: p.items.map(({ o, m, i }) => ({
            UUID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
            BatchSize: m.batchSize,
            MaximumBatchingWindowInSeconds: m.maxBatchingWindowSeconds ?? 0,
            EventSourceArn: queueArn(m.queueName),
            FunctionArn: arnOf(o.name),
            LastModified: epochSeconds,
            State: m.state ?? 'Enabled',
            StateTransitionReason: 'USER_INITIATED',
            FunctionResponseTypes: ['ReportBatchItemFailures'],
            ...(m.maxConcurrency ? { ScalingConfig: { MaximumConcurrency: m.maxConcurrency } } : {}),
          })),
          ...(p.next ? { NextMarker: p.next } : {}),
        });
      }
      case 'ListTags':
        return ok({ Tags: f!.tags ?? {} });
    }
  }

  private configuration(f: FakeFunction): Record<string, unknown> {
    return {
      FunctionName: f.name,
      FunctionArn: arnOf(f.name),
      Runtime: 'nodejs20.x',
      Role: `arn:aws:iam::${ACCOUNT_ID}:role/${f.name}-role`,
      Handler: 'index.handler',
      CodeSize: 1024,
      Description: '',
      Timeout: f.timeoutSeconds ?? 3,
      MemorySize: f.memoryMb ?? 128,
      LastModified: '2025-01-01T00:00:00.000+0000',
      CodeSha256: 'c2hh',
      Version: '$LATEST',
      TracingConfig: { Mode: 'PassThrough' },
      RevisionId: '11111111-2222-3333-4444-555555555555',
      PackageType: 'Zip',
      Architectures: [f.architecture ?? 'x86_64'],
      EphemeralStorage: { Size: 512 },
      SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
      LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${f.name}` },
    };
  }

  // ---------------------------------------------------------------- Application Auto Scaling (AWS JSON 1.1)
  private autoscaling(operation: string, input: Record<string, unknown>, accessKeyId: string, reply: (s: 'autoscaling', op: string, status: number, h: Record<string, string>, p: unknown) => void): void {
    const json = { 'content-type': 'application/x-amz-json-1.1' };
    const fault = this.fault(operation);
    if (fault?.kind === 'throttle') return reply('autoscaling', operation, 400, json, { __type: 'ThrottlingException', message: 'Rate exceeded' });
    if (fault?.kind === 'server-error') return reply('autoscaling', operation, 500, json, { __type: 'InternalServiceException', Message: 'Internal error' });
    if (fault?.kind === 'access-denied') {
      return reply('autoscaling', operation, 400, json, { __type: 'AccessDeniedException', Message: `User with key ${accessKeyId} is not authorized to perform: application-autoscaling:${operation}` });
    }
    if (input.ServiceNamespace !== 'lambda') return reply('autoscaling', operation, 400, json, { __type: 'ValidationException', Message: 'ServiceNamespace must be lambda in this fake' });
    const targets = this.account.scalableTargets ?? [];
    const resourceId = (t: FakeScalableTarget): string => `function:${t.function}:${t.qualifier}`;
    const common = (t: FakeScalableTarget) => ({ ServiceNamespace: 'lambda', ResourceId: resourceId(t), ScalableDimension: 'lambda:function:ProvisionedConcurrency', CreationTime: epochSeconds });
    let items: unknown[];
    let key: string;
    switch (operation) {
      case 'DescribeScalableTargets':
        key = 'ScalableTargets';
        items = targets.map((t) => ({
          ...common(t),
          MinCapacity: t.min,
          MaxCapacity: t.max,
          RoleARN: `arn:aws:iam::${ACCOUNT_ID}:role/aws-service-role/lambda.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency`,
          SuspendedState: { DynamicScalingInSuspended: false, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false },
        }));
        break;
      case 'DescribeScalingPolicies':
        key = 'ScalingPolicies';
        items = targets
          .filter((t) => t.targetValue !== undefined)
          .map((t) => ({
            ...common(t),
            PolicyARN: `arn:aws:autoscaling:${REGION}:${ACCOUNT_ID}:scalingPolicy:0:resource/lambda/${resourceId(t)}:policyName/tracking`,
            PolicyName: `${t.function}-tracking`,
            PolicyType: 'TargetTrackingScaling',
            TargetTrackingScalingPolicyConfiguration:
              t.statistic === 'Maximum'
                ? {
                    TargetValue: t.targetValue,
                    CustomizedMetricSpecification: {
                      MetricName: 'ProvisionedConcurrencyUtilization',
                      Namespace: 'AWS/Lambda',
                      Dimensions: [
                        { Name: 'FunctionName', Value: t.function },
                        { Name: 'Resource', Value: `${t.function}:${t.qualifier}` },
                      ],
                      Statistic: 'Maximum',
                    },
                  }
                : { TargetValue: t.targetValue, PredefinedMetricSpecification: { PredefinedMetricType: 'LambdaProvisionedConcurrencyUtilization' } },
            Alarms: [],
          }));
        break;
      case 'DescribeScheduledActions':
        key = 'ScheduledActions';
        items = targets.flatMap((t) =>
          (t.scheduledActions ?? []).map((a) => ({
            ...common(t),
            ScheduledActionName: a.name,
            ScheduledActionARN: `arn:aws:autoscaling:${REGION}:${ACCOUNT_ID}:scheduledAction:0:resource/lambda/${resourceId(t)}:scheduledActionName/${a.name}`,
            Schedule: a.schedule,
            ...(a.timezone ? { Timezone: a.timezone } : {}),
            ScalableTargetAction: { MinCapacity: a.min, MaxCapacity: a.max },
          })),
        );
        break;
      default:
        return reply('autoscaling', operation, 400, json, { __type: 'UnknownOperationException', message: operation });
    }
    const size = Math.min(Number(input.MaxResults ?? Infinity), this.account.pageSize?.autoscaling ?? AWS_PAGE.autoscaling);
    const p = this.page(items, input.NextToken as string | undefined, size);
    reply('autoscaling', operation, 200, json, { [key]: p.items, ...(p.next ? { NextToken: p.next } : {}) });
  }

  // ---------------------------------------------------------------- CloudWatch (AWS JSON 1.0, query-compatible)
  private cloudwatch(operation: string, input: Record<string, unknown>, accessKeyId: string, queryMode: boolean, reply: (s: 'cloudwatch', op: string, status: number, h: Record<string, string>, p: unknown, e?: Partial<FakeRequest>) => void): void {
    const json = { 'content-type': 'application/x-amz-json-1.0' };
    const error = (status: number, code: string, message: string): void =>
      reply('cloudwatch', operation, status, { ...json, ...(queryMode ? { 'x-amzn-query-error': `${code};${status >= 500 ? 'Receiver' : 'Sender'}` } : {}) }, { __type: `com.amazonaws.cloudwatch#${code}`, message });
    const fault = this.fault(operation);
    if (fault?.kind === 'throttle') return error(400, 'Throttling', 'Rate exceeded');
    if (fault?.kind === 'server-error') return error(500, 'InternalServiceFault', 'Internal service error');
    if (fault?.kind === 'access-denied') return error(403, 'AccessDenied', `User with key ${accessKeyId} is not authorized to perform: cloudwatch:${operation}`);
    if (operation !== 'GetMetricData') return error(400, 'InvalidAction', `unknown operation ${operation}`);
    const queries = (input.MetricDataQueries ?? []) as { Id: string; MetricStat: { Metric: { Namespace: string; MetricName: string; Dimensions?: { Name: string; Value: string }[] }; Period: number; Stat: string } }[];
    if (queries.length > MAX_QUERIES) return error(400, 'InvalidParameterValue', `MetricDataQueries has ${queries.length} members; the limit is ${MAX_QUERIES}`);
    if (typeof input.StartTime !== 'number' || typeof input.EndTime !== 'number') return error(400, 'InvalidParameterValue', 'StartTime and EndTime must be epoch-second timestamps');
    const startMs = input.StartTime * 1000;
    const endMs = input.EndTime * 1000;
    const quirks = this.account.metricQuirks ?? {};
    if (quirks.internalErrors && quirks.internalErrors > 0) {
      quirks.internalErrors--;
      const results = queries.map((query) => ({ Id: query.Id, Label: query.MetricStat.Metric.MetricName, Timestamps: [], Values: [], StatusCode: 'InternalError', Messages: [{ Code: 'InternalError', Value: 'An internal error occurred' }] }));
      return reply('cloudwatch', operation, 200, json, { MetricDataResults: results, Messages: [] }, { queries: queries.length, datapoints: 0 });
    }
    // Flatten every (query, timestamp) pair; a page carries at most `metricDatapoints` of them.
    const points: { q: number; t: number; v: number }[] = [];
    queries.forEach((query, q) => {
      const period = Math.min(query.MetricStat.Period, quirks.finerPeriodSeconds ?? Infinity);
      const value = this.metricSource(query.MetricStat.Metric, query.MetricStat.Stat, period);
      for (let t = startMs; t < endMs; t += period * 1000) {
        const v = value(t);
        if (v !== null) points.push(...new Array<{ q: number; t: number; v: number }>(quirks.duplicated ? 2 : 1).fill({ q, t, v }));
      }
    });
    const requested = queries.reduce((s, q) => s + Math.ceil((endMs - startMs) / (q.MetricStat.Period * 1000)), 0);
    const p = this.page(points, input.NextToken as string | undefined, this.account.pageSize?.metricDatapoints ?? AWS_PAGE.metricDatapoints);
    const pageEnd = (input.NextToken ? Number(Buffer.from(String(input.NextToken), 'base64').toString('utf8')) : 0) + p.items.length;
    const remaining = new Set(points.slice(pageEnd).map((x) => x.q));
    const byQuery = queries.map(() => ({ t: [] as number[], v: [] as number[] }));
    for (const x of p.items) {
      byQuery[x.q].t.push(x.t / 1000);
      byQuery[x.q].v.push(x.v);
    }
    if (quirks.descending) {
      for (const x of byQuery) {
        x.t.reverse();
        x.v.reverse();
      }
    }
    const answered = queries.slice(0, queries.length - (quirks.unanswered ?? 0));
    const results = answered.map((query, q) => ({
      Id: query.Id,
      Label: query.MetricStat.Metric.MetricName,
      Timestamps: byQuery[q].t,
      Values: byQuery[q].v,
      StatusCode: remaining.has(q) ? 'PartialData' : 'Complete',
    }));
    const messages = answered.length < queries.length ? [{ Code: 'MaxMetricsExceeded', Value: 'Maximum number of allowed metrics exceeded' }] : [];
    reply('cloudwatch', operation, 200, json, { MetricDataResults: results, Messages: messages, ...(p.next ? { NextToken: p.next } : {}) }, { queries: queries.length, datapoints: requested });
  }

  /** The fake's history for one query: deterministic from the function's profile and the timestamp; null = no datapoint. */
  private metricSource(metric: { Namespace: string; MetricName: string; Dimensions?: { Name: string; Value: string }[] }, stat: string, periodSeconds: number): (t: number) => number | null {
    const dim = (name: string): string | undefined => metric.Dimensions?.find((d) => d.Name === name)?.Value;
    if (metric.Namespace === 'AWS/SQS') {
      const owner = this.account.functions.find((f) => f.mappings?.some((m) => m.queueName === dim('QueueName')));
      return (t) => {
        const batches = owner ? this.invocations(owner, t, periodSeconds) : 0;
        return batches === 0 ? null : batches * (owner?.messagesPerBatch ?? 1);
      };
    }
    const f = this.fn(dim('FunctionName') ?? '');
    const duration = f?.durationMs ?? { avg: 100, p99: 400 };
    const pc = (f?.provisioned ?? []).reduce((s, c) => s + c.requested, 0);
    const concurrency = (n: number): number => Math.ceil(((n / periodSeconds) * duration.avg) / 1000);
    const table: Record<string, (n: number) => number | null> = {
      'Invocations Sum': (n) => n,
      'Duration Average': () => duration.avg,
      'Duration p99': () => duration.p99,
      'ConcurrentExecutions Maximum': concurrency,
      'Throttles Sum': () => 0,
      'ProvisionedConcurrencyUtilization Maximum': (n) => (pc > 0 ? Math.min(1, concurrency(n) / pc) : null),
      'ProvisionedConcurrencySpilloverInvocations Sum': (n) => (pc > 0 ? Math.max(0, concurrency(n) - pc) : null),
      'AsyncEventsReceived Sum': (n) => (f?.asyncFraction ? Math.round(n * f.asyncFraction) : null),
    };
    const compute = f?.metricGaps?.includes(metric.MetricName) ? undefined : table[`${metric.MetricName} ${stat}`];
    return (t) => {
      const n = f ? this.invocations(f, t, periodSeconds) : 0;
      return n === 0 || !compute ? null : compute(n);
    };
  }

  private invocations(f: FakeFunction, t: number, periodSeconds: number): number {
    const rps = f.hourlyRps?.[new Date(t).getUTCHours()] ?? 0;
    return Math.round(rps * periodSeconds * dayFactor(t));
  }
}
