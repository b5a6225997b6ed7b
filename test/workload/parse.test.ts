import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { stringify } from 'yaml';
import { isInputError } from '../../lib/errors';
import { DEFAULTS, defaultUnreservedFloor } from '../../lib/model/defaults';
import { loadWorkload, parseWorkload, type Workload } from '../../lib/workload';
import { baseWorkload, FIXTURES, problemsOf, withTempDir, type Json } from './support';

type Doc = { [key: string]: Json };
type Obj = { [key: string]: Json };
const fn = (doc: Doc, i: number) => (doc.functions as Obj[])[i];

describe('good workloads', () => {
  test('YAML and JSON versions of the same workload normalize to the same result', () => {
    const fromYaml = loadWorkload(join(FIXTURES, 'good.yaml'));
    const fromJson = loadWorkload(join(FIXTURES, 'good.json'));
    expect(fromJson).toEqual(fromYaml);
    expect(fromYaml.functions.map((f) => f.name)).toEqual(['api', 'diurnal', 'minute-trace', 'azure-trace', 'worker']);
  });

  test('values given are kept and defaults fill the rest', () => {
    const w = loadWorkload(join(FIXTURES, 'good.yaml'));
    expect(w.version).toBe(1);
    expect(w.account).toEqual({ region: 'eu-west-1', concurrencyLimit: 2000, unreservedFloor: defaultUnreservedFloor(2000), scalingModel: 'regional-burst' });
    expect(w.defaults).toEqual({
      throttleTarget: 0.01,
      spilloverTarget: DEFAULTS.spilloverTarget,
      timezone: 'Europe/Paris',
      architecture: 'x86_64',
      keepAliveMinutes: DEFAULTS.keepAliveMinutes,
    });
    expect(w.databases['orders-db']).toEqual({ engine: 'postgres', maxConnections: 1000, maxConnectionsPercent: 90, headroom: 0.25, otherClients: 20 });
    expect(w.databases['reports-db']).toEqual({
      engine: 'mysql',
      instanceClass: 'db.r6g.large',
      maxConnectionsPercent: DEFAULTS.maxConnectionsPercent,
      headroom: DEFAULTS.headroom,
      otherClients: DEFAULTS.otherClients,
    });
    const [api, diurnal, minute, azure, worker] = w.functions;
    expect(api).toMatchObject({
      initDurationMs: 600,
      latencySensitive: true,
      architecture: 'x86_64',
      throttleTarget: 0.01,
      spilloverTarget: DEFAULTS.spilloverTarget,
      database: { name: 'orders-db', connectionsPerEnvironment: DEFAULTS.connectionsPerEnvironment },
    });
    expect(api.sqs).toBeUndefined();
    expect(diurnal).toMatchObject({ initDurationMs: DEFAULTS.initDurationMs, latencySensitive: false, spilloverTarget: 0.1, database: { connectionsPerEnvironment: 2 } });
    expect(minute.architecture).toBe('arm64');
    expect(azure.throttleTarget).toBe(0.0001);
    expect(azure.durationMs).toEqual({ avg: 35.5, p99: 90 });
    expect(worker.sqs).toEqual({ fifo: false, maxQueueAgeSeconds: 120, batchSize: 100, maxBatchingWindowSeconds: 5 });
  });

  test('a minimal workload gets every default from DEFAULTS', () => {
    const text = 'account: { region: us-east-1 }\nfunctions:\n  - { name: f, invocation: sqs, memoryMb: 128, timeoutSeconds: 1, durationMs: { avg: 5 }, traffic: { peakRps: 3 } }\n';
    const w = parseWorkload(text, 'min.yaml');
    expect(w.account).toEqual({
      region: 'us-east-1',
      concurrencyLimit: DEFAULTS.concurrencyLimit,
      unreservedFloor: defaultUnreservedFloor(DEFAULTS.concurrencyLimit),
      scalingModel: DEFAULTS.scalingModel,
    });
    expect(w.defaults).toEqual({
      throttleTarget: DEFAULTS.throttleTarget,
      spilloverTarget: DEFAULTS.spilloverTarget,
      timezone: DEFAULTS.timezone,
      architecture: DEFAULTS.architecture,
      keepAliveMinutes: DEFAULTS.keepAliveMinutes,
    });
    expect(w.databases).toEqual({});
    expect(w.functions[0].sqs).toEqual({ fifo: false, maxQueueAgeSeconds: DEFAULTS.sqs.maxQueueAgeSeconds });
  });

  test('a tiny account gets unreservedFloor = its whole limit', () => {
    const text = 'account: { region: us-east-1, concurrencyLimit: 50 }\nfunctions:\n  - { name: f, invocation: sync, memoryMb: 128, timeoutSeconds: 1, durationMs: { avg: 5 }, traffic: { peakRps: 3 } }\n';
    expect(parseWorkload(text, 'tiny.yaml').account.unreservedFloor).toBe(50);
  });

  test('traffic forms: peakRps is flat, hourlyRps keeps its profile, steps keep their steps', () => {
    const w = loadWorkload(join(FIXTURES, 'good.yaml'));
    const [api, diurnal, , , worker] = w.functions;
    expect(api.traffic).toEqual({ source: 'peakRps', hourlyRps: new Array(24).fill(500), peakRps: 500, averageRps: 500 });
    const hourly = [1, 1, 1, 1, 1, 2, 4, 8, 12, 16, 20, 24, 24, 20, 16, 12, 10, 8, 6, 4, 2, 2, 1, 1];
    expect(diurnal.traffic).toEqual({ source: 'hourlyRps', hourlyRps: hourly, peakRps: 24, averageRps: 197 / 24 });
    // 10 rps for 5400 s, 100 rps for 1800 s, 20 rps for the remaining 79200 s.
    expect(worker.traffic.source).toBe('steps');
    expect(worker.traffic.hourlyRps).toEqual([10, 100, ...new Array(22).fill(20)]);
    expect(worker.traffic.peakRps).toBe(100);
    expect(worker.traffic.averageRps).toBeCloseTo((10 * 5400 + 100 * 1800 + 20 * 79200) / 86400, 12);
    expect(worker.traffic.steps).toEqual([
      { atSeconds: 0, rps: 10 },
      { atSeconds: 5400, rps: 100 },
      { atSeconds: 7200, rps: 20 },
    ]);
  });

  test('trace paths resolve against the workload file folder, not the current directory', () => {
    withTempDir((dir) => {
      writeFileSync(join(dir, 'counts.csv'), 'minute,count\n0,60\n');
      const text = 'account: { region: us-east-1 }\nfunctions:\n  - { name: f, invocation: sync, memoryMb: 128, timeoutSeconds: 1, durationMs: { avg: 5 }, traffic: { trace: { file: counts.csv, format: per-minute } } }\n';
      writeFileSync(join(dir, 'w.yaml'), text);
      expect(loadWorkload('w.yaml', { cwd: dir }).functions[0].traffic.peakRps).toBe(1);
      expect(parseWorkload(text, 'w.yaml', { baseDir: dir }).functions[0].traffic.peakRps).toBe(1);
    });
  });

  test('YAML merge keys share settings between functions', () => {
    const text = [
      'account: { region: us-east-1 }',
      'x-common: &common { invocation: sync, memoryMb: 256, timeoutSeconds: 5, durationMs: { avg: 40 } }',
      'functions:',
      '  - { <<: *common, name: a, traffic: { peakRps: 1 } }',
    ].join('\n');
    // The anchor holder is itself an unknown key: nothing is silently dropped.
    expect(problemsOf(text)).toEqual(['workload.yaml: ["x-common"] is not a known key (known: $schema, version, account, defaults, databases, functions)']);
    const ok = 'account: { region: us-east-1 }\nfunctions:\n  - &a { name: a, invocation: sync, memoryMb: 256, timeoutSeconds: 5, durationMs: { avg: 40 }, traffic: { peakRps: 1 } }\n  - { <<: *a, name: b }\n';
    const w = parseWorkload(ok, 'merge.yaml');
    expect(w.functions.map((f) => [f.name, f.memoryMb])).toEqual([
      ['a', 256],
      ['b', 256],
    ]);
  });

  test('the same input gives the same workload (deterministic)', () => {
    const text = readFileSync(join(FIXTURES, 'good.yaml'), 'utf8');
    const a: Workload = parseWorkload(text, 'good.yaml', { baseDir: FIXTURES });
    const b: Workload = parseWorkload(text, 'good.yaml', { baseDir: FIXTURES });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});

/** [what, change to the valid base workload, the exact message expected]. */
const SCHEMA_CASES: ReadonlyArray<[string, (d: Doc) => void, string]> = [
  ['exclusiveMinimum (the example of the issue)', (d) => (fn(d, 2).traffic = { peakRps: -3 }), 'workload.yaml: functions[2].traffic.peakRps must be > 0, got -3'],
  ['required key', (d) => delete fn(d, 0).name, "workload.yaml: functions[0] is missing required key 'name'"],
  ['required key at the root', (d) => delete d.account, "workload.yaml: the document is missing required key 'account'"],
  [
    'unknown key',
    (d) => (fn(d, 0).foo = 1),
    'workload.yaml: functions[0].foo is not a known key (known: name, invocation, memoryMb, timeoutSeconds, durationMs, initDurationMs, traffic, latencySensitive, architecture, throttleTarget, spilloverTarget, growthHeadroom, database, sqs)',
  ],
  ['unknown key at the root', (d) => (d.functons = []), 'workload.yaml: functons is not a known key (known: $schema, version, account, defaults, databases, functions)'],
  ['unknown key in a named database', (d) => ((d.databases as Obj)['orders-db'] = { engine: 'postgres', maxConnections: 10, pool: 5 }), 'workload.yaml: databases["orders-db"].pool is not a known key (known: engine, maxConnections, instanceClass, maxConnectionsPercent, headroom, otherClients)'],
  ['type: string for an integer', (d) => (fn(d, 0).memoryMb = 'big'), 'workload.yaml: functions[0].memoryMb must be an integer, got "big"'],
  ['type: fraction for an integer', (d) => (fn(d, 1).timeoutSeconds = 1.5), 'workload.yaml: functions[1].timeoutSeconds must be an integer, got 1.5'],
  ['type: list for an object', (d) => (d.account = ['us-east-1']), 'workload.yaml: account must be an object, got a list of 1 value'],
  ['type: boolean', (d) => (fn(d, 0).latencySensitive = 'yes'), 'workload.yaml: functions[0].latencySensitive must be true or false, got "yes"'],
  ['enum', (d) => (fn(d, 0).invocation = 'rpc'), 'workload.yaml: functions[0].invocation must be one of sync, async, sqs, got "rpc"'],
  ['const', (d) => (d.version = 2), 'workload.yaml: version must be 1, got 2'],
  ['minimum', (d) => (fn(d, 0).memoryMb = 64), 'workload.yaml: functions[0].memoryMb must be >= 128, got 64'],
  ['maximum', (d) => (fn(d, 0).timeoutSeconds = 901), 'workload.yaml: functions[0].timeoutSeconds must be <= 900, got 901'],
  ['exclusiveMaximum', (d) => (d.defaults = { throttleTarget: 1 }), 'workload.yaml: defaults.throttleTarget must be < 1, got 1'],
  ['maximum on a database', (d) => ((d.databases as Obj)['orders-db'] = { engine: 'mysql', maxConnections: 10, maxConnectionsPercent: 101 }), 'workload.yaml: databases["orders-db"].maxConnectionsPercent must be <= 100, got 101'],
  ['minItems/maxItems of hourlyRps', (d) => (fn(d, 0).traffic = { hourlyRps: new Array(23).fill(1) }), 'workload.yaml: functions[0].traffic.hourlyRps must have exactly 24 values, got 23'],
  ['hourlyRps all zero', (d) => (fn(d, 0).traffic = { hourlyRps: new Array(24).fill(0) }), 'workload.yaml: functions[0].traffic.hourlyRps must have at least one value > 0, got a list of 24 values'],
  ['empty steps', (d) => (fn(d, 0).traffic = { steps: [] }), 'workload.yaml: functions[0].traffic.steps must not be empty, got 0'],
  ['no functions', (d) => (d.functions = []), 'workload.yaml: functions must not be empty, got 0'],
  ['traffic with two forms', (d) => (fn(d, 1).traffic = { peakRps: 5, hourlyRps: new Array(24).fill(1) }), 'workload.yaml: functions[1].traffic must give exactly one of peakRps, hourlyRps, trace, steps, got peakRps and hourlyRps'],
  ['traffic with no form', (d) => (fn(d, 1).traffic = {}), 'workload.yaml: functions[1].traffic must give exactly one of peakRps, hourlyRps, trace, steps, got none'],
  ['database with both sizes', (d) => ((d.databases as Obj)['orders-db'] = { engine: 'postgres', maxConnections: 10, instanceClass: 'db.r6g.large' }), 'workload.yaml: databases["orders-db"] must give exactly one of maxConnections, instanceClass, got maxConnections and instanceClass'],
  ['database name pattern (a name is shown in Markdown headings)', (d) => ((d.databases as Obj)['x](https://e.example/) <img src=x>'] = { engine: 'postgres', maxConnections: 10 }), 'workload.yaml: databases must match ^[A-Za-z0-9._-]+$, got "x](https://e.example/) <img src=x>"'],
  ['pattern', (d) => ((d.account as Obj).region = 'US East'), 'workload.yaml: account.region must match ^[a-z]{2}(-[a-z]+)+-[0-9]+$ (e.g. us-east-1, eu-west-1), got "US East"'],
  ['maxLength', (d) => (fn(d, 0).name = 'f'.repeat(65)), 'workload.yaml: functions[0].name must have at most 64 characters, got 65'],
  ['minLength', (d) => (fn(d, 0).database = { name: '' }), 'workload.yaml: functions[0].database.name must not be empty, got ""'],
  ['durationMs required without a durations file', (d) => delete fn(d, 2).durationMs, "workload.yaml: functions[2] is missing required key 'durationMs' (required unless traffic.trace.durationsFile or a per-minute trace's durationMs column gives the durations)"],
  ['azure trace needs a function hash', (d) => (fn(d, 0).traffic = { trace: { file: 'traces/azure-sample-header_inv.csv', format: 'azure-2019' } }), "workload.yaml: functions[0].traffic.trace is missing required key 'function' (required with format azure-2019)"],
  ['integer connections', (d) => (fn(d, 0).database = { name: 'orders-db', connectionsPerEnvironment: 0 }), 'workload.yaml: functions[0].database.connectionsPerEnvironment must be >= 1, got 0'],
  ['sqs window range', (d) => Object.assign(fn(d, 0), { invocation: 'sqs', sqs: { maxBatchingWindowSeconds: 301 } }), 'workload.yaml: functions[0].sqs.maxBatchingWindowSeconds must be <= 300, got 301'],
  ['step past the day', (d) => (fn(d, 0).traffic = { steps: [{ atSeconds: 0, rps: 1 }, { atSeconds: 86400, rps: 2 }] }), 'workload.yaml: functions[0].traffic.steps[1].atSeconds must be < 86400, got 86400'],
];

/** Applies `change` to the valid base workload and expects exactly the one message `expected`. */
function expectOnlyProblem(_what: string, change: (d: Doc) => void, expected: string): void {
  const doc = baseWorkload();
  change(doc);
  expect(problemsOf(doc)).toEqual([expected]);
}

/** Runs `run` with a fresh temporary folder, removed afterwards. */

describe('schema violations give one exact, path-qualified message each', () => {
  test.each(SCHEMA_CASES)('%s', expectOnlyProblem);

  test('a document that is not a mapping', () => {
    expect(problemsOf([1, 2])).toEqual(['workload.yaml: is not a workload: the document is a list of 2 values, not a mapping']);
    // Its text is not quoted: a file given by mistake may hold secrets.
    expect(problemsOf('just words')).toEqual(['workload.yaml: is not a workload: the document is a text of 10 characters, not a mapping']);
  });

  test('an empty document', () => {
    expect(problemsOf('# nothing here\n')).toEqual(['workload.yaml: the document is empty; a workload needs at least account and functions']);
  });

  test('non-finite numbers are refused (YAML .inf / .nan)', () => {
    const text = stringify(baseWorkload()).replace('peakRps: 100', 'peakRps: .inf').replace('avg: 200', 'avg: .nan');
    expect(problemsOf(text)).toEqual([
      'workload.yaml: functions[0].durationMs.avg must be a finite number, got NaN',
      'workload.yaml: functions[0].traffic.peakRps must be a finite number, got Infinity',
    ]);
  });

  test('every problem is reported, not only the first, in document order', () => {
    const doc = baseWorkload();
    fn(doc, 2).traffic = { peakRps: -3 };
    fn(doc, 0).memoryMb = 64;
    delete fn(doc, 1).invocation;
    (doc.account as Obj).concurrencyLimit = 0;
    expect(problemsOf(doc)).toEqual([
      'workload.yaml: account.concurrencyLimit must be >= 1, got 0',
      'workload.yaml: functions[0].memoryMb must be >= 128, got 64',
      "workload.yaml: functions[1] is missing required key 'invocation'",
      'workload.yaml: functions[2].traffic.peakRps must be > 0, got -3',
    ]);
  });

  test('the InputError message joins the problems, one per line, no trailing period', () => {
    const doc = baseWorkload();
    fn(doc, 0).memoryMb = 64;
    fn(doc, 1).memoryMb = 64;
    try {
      parseWorkload(stringify(doc), 'w.yaml');
      throw new Error('not rejected');
    } catch (err) {
      expect(isInputError(err)).toBe(true);
      expect((err as Error).message).toBe('w.yaml: functions[0].memoryMb must be >= 128, got 64\nw.yaml: functions[1].memoryMb must be >= 128, got 64');
    }
  });
});

/** [what, change, the exact message expected] for checks the schema cannot express. */
const SEMANTIC_CASES: ReadonlyArray<[string, (d: Doc) => void, string]> = [
  ['IANA time zone', (d) => (d.defaults = { timezone: 'Mars/Olympus' }), 'workload.yaml: defaults.timezone must be an IANA time zone such as UTC or Europe/Paris, got "Mars/Olympus"'],
  ['unique function names', (d) => (fn(d, 2).name = 'api'), 'workload.yaml: functions[2].name must be unique, got "api" (also functions[0].name)'],
  ['database reference', (d) => (fn(d, 1).database = { name: 'users-db' }), 'workload.yaml: functions[1].database.name must name a database under databases (defined: orders-db), got "users-db"'],
  ['database reference with no databases', (d) => ((fn(d, 1).database = { name: 'users-db' }), delete d.databases), 'workload.yaml: functions[1].database.name must name a database under databases (none defined), got "users-db"'],
  ['sqs only with invocation sqs', (d) => (fn(d, 0).sqs = { batchSize: 5 }), 'workload.yaml: functions[0].sqs is only for invocation sqs, got invocation "sync"'],
  ['FIFO batch size', (d) => Object.assign(fn(d, 0), { invocation: 'sqs', sqs: { fifo: true, batchSize: 20 } }), 'workload.yaml: functions[0].sqs.batchSize must be <= 10 on a FIFO queue, got 20'],
  ['FIFO batching window', (d) => Object.assign(fn(d, 0), { invocation: 'sqs', sqs: { fifo: true, maxBatchingWindowSeconds: 5 } }), 'workload.yaml: functions[0].sqs.maxBatchingWindowSeconds must be 0 on a FIFO queue (FIFO mappings have no batching window), got 5'],
  ['big standard batch with window 0', (d) => Object.assign(fn(d, 0), { invocation: 'sqs', sqs: { batchSize: 100, maxBatchingWindowSeconds: 0 } }), 'workload.yaml: functions[0].sqs.maxBatchingWindowSeconds must be >= 1 when batchSize > 10 on a standard queue (batchSize is 100), got 0'],
  ['big standard batch without window', (d) => Object.assign(fn(d, 0), { invocation: 'sqs', sqs: { batchSize: 11 } }), 'workload.yaml: functions[0].sqs.maxBatchingWindowSeconds must be >= 1 when batchSize > 10 on a standard queue (batchSize is 11), got nothing'],
  ['message groups on a standard queue', (d) => Object.assign(fn(d, 0), { invocation: 'sqs', sqs: { messageGroups: 4 } }), 'workload.yaml: functions[0].sqs.messageGroups is only for FIFO queues (fifo: true), got 4'],
  ['average duration above the timeout', (d) => (fn(d, 1).durationMs = { avg: 10001 }), 'workload.yaml: functions[1].durationMs.avg must be <= timeoutSeconds × 1000 (10000), got 10001'],
  ['first step not at 0', (d) => (fn(d, 0).traffic = { steps: [{ atSeconds: 60, rps: 5 }] }), 'workload.yaml: functions[0].traffic.steps[0].atSeconds must be 0 (the first step starts the day), got 60'],
  [
    'steps not increasing',
    (d) => (fn(d, 0).traffic = { steps: [{ atSeconds: 0, rps: 5 }, { atSeconds: 60, rps: 9 }, { atSeconds: 60, rps: 1 }] }),
    'workload.yaml: functions[0].traffic.steps[2].atSeconds must be > 60 (steps[1].atSeconds; steps are in time order), got 60',
  ],
  [
    'unknown instance class',
    (d) => ((d.databases as Obj)['orders-db'] = { engine: 'postgres', instanceClass: 'db.x2g.large' }),
    'workload.yaml: databases["orders-db"].instanceClass must be an RDS instance class whose memory is known (families t3, t4g, m5, m6g, m6i, m7g, r5, r6g, r6i, r7g), or give maxConnections instead, got "db.x2g.large"',
  ],
  ['unreserved floor below what AWS keeps', (d) => ((d.account as Obj).unreservedFloor = 50), 'workload.yaml: account.unreservedFloor must be >= 100 (AWS keeps min(100, concurrencyLimit) unreserved), got 50'],
  ['unreserved floor above the limit', (d) => ((d.account as Obj).unreservedFloor = 1001), 'workload.yaml: account.unreservedFloor must be <= account.concurrencyLimit (1000), got 1001'],
  [
    'function hash only for azure traces',
    (d) => (fn(d, 0).traffic = { trace: { file: 'traces/per-minute.csv', format: 'per-minute', function: 'fa' } }),
    'workload.yaml: functions[0].traffic.trace.function is only for format azure-2019, got "fa"',
  ],
  [
    'durations given twice',
    (d) => (fn(d, 0).traffic = { trace: { file: 'traces/azure-sample-header_inv.csv', format: 'azure-2019', function: 'fa', durationsFile: 'traces/azure-sample-header_run.csv' } }),
    'workload.yaml: functions[0].traffic.trace.durationsFile cannot be combined with functions[0].durationMs (both give durations; keep one), got "traces/azure-sample-header_run.csv"',
  ],
  [
    'trace function hash not in the file',
    (d) => (fn(d, 0).traffic = { trace: { file: 'traces/azure-sample-header_inv.csv', format: 'azure-2019', function: 'fz' } }),
    'workload.yaml: functions[0].traffic.trace.function must be a HashFunction in traces/azure-sample-header_inv.csv (it lists 3), got "fz"',
  ],
  [
    'trace file unreadable',
    (d) => (fn(d, 0).traffic = { trace: { file: 'traces/missing.csv', format: 'per-minute' } }),
    'workload.yaml: functions[0].traffic.trace.file cannot be read (no such file), got "traces/missing.csv"',
  ],
  [
    'trace file is a folder',
    (d) => (fn(d, 0).traffic = { trace: { file: 'traces', format: 'per-minute' } }),
    'workload.yaml: functions[0].traffic.trace.file cannot be read (it is a folder), got "traces"',
  ],
  [
    'durations file has no row for the hash',
    (d) => {
      delete fn(d, 0).durationMs;
      fn(d, 0).traffic = { trace: { file: 'traces/azure-sample-header_inv.csv', format: 'azure-2019', function: 'fa', durationsFile: '../../../examples/traces/azure-functions-2019-sample/100_run.csv' } };
    },
    'workload.yaml: functions[0].traffic.trace.durationsFile must have a row for HashFunction "fa" (it lists 100 functions), got "../../../examples/traces/azure-functions-2019-sample/100_run.csv"',
  ],
  [
    'average from the durations file above the timeout',
    (d) => {
      delete fn(d, 0).durationMs;
      fn(d, 0).timeoutSeconds = 1;
      fn(d, 0).traffic = { trace: { file: 'traces/azure-sample-header_inv.csv', format: 'azure-2019', function: 'fc', durationsFile: 'traces/azure-sample-header_run.csv' } };
    },
    'workload.yaml: functions[0].traffic.trace.durationsFile Average must be <= timeoutSeconds × 1000 (1000) for this function, got 2000',
  ],
];

describe('semantic checks give one exact message each', () => {
  test.each(SEMANTIC_CASES)('%s', expectOnlyProblem);

  test('a trace file with bad cells is reported under the field that names it, with the trace file line', () => {
    withTempDir((dir) => {
      writeFileSync(join(dir, 'bad.csv'), 'minute,count\n0,5\n1,abc\n2,-1\n');
      const doc = baseWorkload();
      fn(doc, 0).traffic = { trace: { file: 'bad.csv', format: 'per-minute' } };
      expect(problemsOf(doc, 'workload.yaml', dir)).toEqual([
        'workload.yaml: functions[0].traffic.trace.file: bad.csv:3: count must be a number >= 0, got "abc"',
        'workload.yaml: functions[0].traffic.trace.file: bad.csv:4: count must be a number >= 0, got "-1"',
      ]);
    });
  });

  test('trace problems come in the same report as the other functions\' problems', () => {
    const doc = baseWorkload();
    fn(doc, 0).memoryMb = 64;
    fn(doc, 1).traffic = { trace: { file: 'traces/missing.csv', format: 'per-minute' } };
    fn(doc, 1).unknownKey = true;
    fn(doc, 2).traffic = { trace: { file: 'traces/missing.csv', format: 'per-minute' } };
    fn(doc, 2).timeoutSeconds = 0;
    expect(problemsOf(doc)).toEqual([
      'workload.yaml: functions[0].memoryMb must be >= 128, got 64',
      'workload.yaml: functions[1].unknownKey is not a known key (known: name, invocation, memoryMb, timeoutSeconds, durationMs, initDurationMs, traffic, latencySensitive, architecture, throttleTarget, spilloverTarget, growthHeadroom, database, sqs)',
      'workload.yaml: functions[1].traffic.trace.file cannot be read (no such file), got "traces/missing.csv"',
      // functions[2] is not sound, so its trace is not read yet.
      'workload.yaml: functions[2].timeoutSeconds must be >= 1, got 0',
    ]);
  });

  test('a trace with no invocations for the function is refused', () => {
    withTempDir((dir) => {
      writeFileSync(join(dir, 'zero.csv'), 'minute,count\n0,0\n1439,0\n');
      const doc = baseWorkload();
      fn(doc, 0).traffic = { trace: { file: 'zero.csv', format: 'per-minute' } };
      expect(problemsOf(doc, 'workload.yaml', dir)).toEqual(['workload.yaml: functions[0].traffic.trace.file must give at least one invocation, got 0 in 1440 minutes']);
    });
  });
});

describe('syntax errors give file:line:col', () => {
  test('an unclosed flow mapping names its line and column', () => {
    const problems = problemsOf('account: { region: us-east-1\nfunctions: []\n');
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p).toMatch(/^workload\.yaml:\d+:\d+: \S/);
    expect(problems[0]).toMatch(/^workload\.yaml:2:1: /);
  });

  test('a duplicate key is an error, not "last one wins"', () => {
    expect(problemsOf('account: { region: us-east-1 }\nfunctions: []\naccount: { region: eu-west-1 }\n')).toEqual(['workload.yaml:3:1: Map keys must be unique']);
  });

  test('a duplicate key in a .json file is an error too, with its position', () => {
    expect(problemsOf('{\n  "account": { "region": "us-east-1" },\n  "account": { "region": "eu-west-1" }\n}\n', 'w.json')).toEqual(['w.json:3:3: Map keys must be unique']);
  });

  test('a JSON syntax error names line and column', () => {
    const problems = problemsOf('{\n  "account": { "region": "us-east-1" },\n  "functions": [1, 2\n}\n', 'w.json');
    expect(problems[0]).toMatch(/^w\.json:\d+:\d+: /);
  });

  test('an unknown tag is an error, not silently read as a string', () => {
    expect(problemsOf('account: !secret { region: us-east-1 }\nfunctions: []\n')).toEqual(['workload.yaml:1:10: unknown YAML tag "!secret"']);
  });

  test('a mapping key that is a collection is an error', () => {
    expect(problemsOf('? [a, b]\n: 1\n')).toEqual(['workload.yaml:1:3: a mapping key must be a plain value, not a list or mapping']);
  });

  test('absurd nesting is refused before the parser recurses', () => {
    expect(problemsOf(`account: ${'['.repeat(5000)}`)).toEqual(['workload.yaml:1:1: nesting is deeper than 100 levels; a workload nests a few levels']);
  });

  test('alias bombs are refused', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]'].join('\n');
    expect(problemsOf(bomb)).toEqual([expect.stringMatching(/^workload\.yaml: the document's YAML aliases expand too much \(.+\)$/)]);
  });

  test('an alias inside the node it names is refused (the data would be circular)', () => {
    expect(problemsOf('account: &a { region: us-east-1, self: *a }\nfunctions: []\n')).toEqual([
      'workload.yaml:1:40: alias "*a" is inside the node it refers to (the data would be circular)',
    ]);
    expect(problemsOf('&a [*a]')).toEqual(['workload.yaml:1:5: alias "*a" is inside the node it refers to (the data would be circular)']);
  });

  test('a merge key that names no map is refused', () => {
    expect(problemsOf('account: {<<: 5}\nfunctions: []\n')).toEqual(['workload.yaml: the document cannot be read as data (Merge sources must be maps or map aliases)']);
  });

  test('an alias without an anchor is refused', () => {
    expect(problemsOf('account: *nowhere\nfunctions: []\n')).toEqual(['workload.yaml:1:10: alias "*nowhere" has no anchor before it']);
  });

  test('a workload file that cannot be read', () => {
    expect(() => loadWorkload('no/such/workload.yaml')).toThrow(/^no\/such\/workload\.yaml: cannot be read \(no such file\)$/);
  });
});
