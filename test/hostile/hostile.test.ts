/**
 * Hostile input, table-driven: every case exits 1 or 2 with a message naming the file and what is wrong,
 * without a stack trace, without printing a secret or a line of the file, within 5 s, writing nothing and
 * changing no input. The heavy cases (real 100 MB files, /dev/zero read to its limit) are in
 * hostile.slow.test.ts.
 */
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import { memoryIo } from '../../bin/io';
import { main } from '../../bin/main';
import { ACCESS_KEY, cliInBash, makeSandbox, runHostile, SECRET, SYSTEM_LINE, type HostileCase } from './support';

let dir: string;
beforeAll(() => {
  dir = makeSandbox();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CASES: readonly HostileCase[] = [
  // File kinds: only regular files are read, checked on the opened descriptor.
  { name: 'a FIFO as workload', argv: ['plan', 'pipe'], exit: 2, message: /^pipe: cannot be read \(it is a named pipe \(FIFO\), not a regular file\)/ },
  { name: 'a FIFO as template', argv: ['check', 'pipe'], exit: 2, message: /^pipe: cannot be read \(it is a named pipe/ },
  { name: 'a FIFO as plan', argv: ['simulate', 'good.yaml', '--plan', 'pipe'], exit: 2, message: /^--plan pipe: cannot be read \(it is a named pipe/ },
  { name: 'a FIFO as audit plan', argv: ['audit', '--plan', 'pipe'], exit: 2, message: /^pipe: cannot be read \(it is a named pipe/ },
  { name: 'a FIFO as scenario', argv: ['simulate', 'good.yaml', '--scenario', 'pipe'], exit: 2, message: /^--scenario pipe: .*nor a readable file \(it is a named pipe/ },
  { name: 'a FIFO as trace', argv: ['plan', 'trace-fifo.yaml'], exit: 2, message: /functions\[0\]\.traffic\.trace\.file cannot be read \(it is a named pipe \(FIFO\), not a regular file\), got "pipe"/ },
  { name: 'a FIFO as manifest', argv: ['check', 'pipe.out'], exit: 2, message: /^pipe\.out\/manifest\.json: cannot be read \(it is a named pipe/ },
  { name: '/dev/zero as workload', argv: ['plan', '/dev/zero'], exit: 2, message: /^\/dev\/zero: cannot be read \(it is a character device, not a regular file\)/ },
  { name: '/dev/zero as trace', argv: ['plan', 'trace-zero.yaml', '--root', '/'], exit: 2, message: /trace\.file cannot be read \(it is a character device/ },
  { name: '/dev/zero as a manifest templateFile', argv: ['check', 'zero.out', '--root', '/'], exit: 2, message: /dev\/zero: cannot be read \(it is a character device/ },
  { name: 'a link to /dev/zero', argv: ['plan', 'zero-link'], exit: 2, message: /^zero-link: cannot be read \(it is a character device/ },
  { name: 'a loop of links', argv: ['plan', 'loop-a'], exit: 2, message: /^loop-a: cannot be read \(a loop of symbolic links\)/ },
  { name: 'a dangling link', argv: ['plan', 'dangling'], exit: 2, message: /^dangling: cannot be read \(no such file\)/ },
  { name: 'a folder as workload', argv: ['plan', 'folder'], exit: 2, message: /^folder: cannot be read \(it is a folder\)/ },
  { name: 'a folder as trace', argv: ['plan', 'trace-folder.yaml'], exit: 2, message: /trace\.file cannot be read \(it is a folder\)/ },
  { name: 'a folder without manifest', argv: ['check', 'folder'], exit: 2, message: /^folder: not a cloud assembly \(no manifest\.json\)/ },
  // Sizes: refused from fstat before a byte is read (the files are sparse).
  { name: 'a 3 MiB workload', argv: ['plan', 'huge.yaml'], exit: 2, message: /^huge\.yaml: cannot be read \(it is 3 MiB; a workload file may be at most 2 MiB\)/ },
  { name: 'a 3 MiB YAML template', argv: ['check', 'huge.template.yaml'], exit: 2, message: /^huge\.template\.yaml: cannot be read \(it is 3 MiB; a YAML template may be at most 2 MiB; a JSON template, named \*\.json, may have 32 MiB\)/ },
  { name: 'a 40 MiB JSON template', argv: ['check', 'huge.template.json'], exit: 2, message: /^huge\.template\.json: cannot be read \(it is 40 MiB; a JSON template may be at most 32 MiB\)/ },
  { name: 'a 40 MiB plan', argv: ['simulate', 'good.yaml', '--plan', 'huge-plan.json'], exit: 2, message: /^--plan huge-plan\.json: cannot be read \(it is 40 MiB; a plan file may be at most 32 MiB\)/ },
  // Encodings: named, never parsed as garbage.
  { name: 'UTF-16 LE with a mark', argv: ['plan', 'utf16le.yaml'], exit: 2, message: /^utf16le\.yaml: cannot be read \(it is UTF-16 \(little-endian\) text; save it as UTF-8\)/ },
  { name: 'UTF-16 BE with a mark', argv: ['plan', 'utf16be.yaml'], exit: 2, message: /it is UTF-16 \(big-endian\) text/ },
  { name: 'UTF-32 LE with a mark', argv: ['plan', 'utf32le.yaml'], exit: 2, message: /it is UTF-32 \(little-endian\) text/ },
  { name: 'UTF-16 without a mark', argv: ['plan', 'utf16-nobom.yaml'], exit: 2, message: /looks like UTF-16 or UTF-32 text without a byte order mark/ },
  { name: 'a binary file', argv: ['check', 'binary.yaml'], exit: 2, message: /^binary\.yaml: cannot be read \(it is binary, not text \(a NUL byte at offset 7\)\)/ },
  { name: 'Latin-1 text', argv: ['plan', 'latin1.yaml'], exit: 2, message: /^latin1\.yaml: cannot be read \(it is not UTF-8 text \(line 2\); save it as UTF-8\)/ },
  // Files of the wrong kind: named as such, their content never printed.
  { name: 'a credentials file as workload', argv: ['plan', 'credentials'], exit: 2, message: /^credentials:2:1: / },
  { name: 'a dotenv file as workload', argv: ['plan', 'credentials.env'], exit: 2, message: /^credentials\.env: is not a workload: the document is a text of \d+ characters, not a mapping/ },
  { name: 'STS credentials JSON as workload', argv: ['plan', 'credentials.json'], exit: 2, message: /^credentials\.json: is not a workload: none of its 1 key is a workload key \(\$schema, version, account/ },
  { name: 'a dotenv file as check configuration', argv: ['check', 'template.json', '--config', 'credentials.env'], exit: 2, message: /^credentials\.env: is not a check configuration: the document is a text of \d+ characters, not a mapping/ },
  { name: 'a system file as check configuration', argv: ['check', 'template.json', '--config', 'shadow'], exit: 2, message: /^shadow: is not a check configuration: none of its 2 keys is a check configuration key/ },
  { name: 'STS credentials JSON as check configuration', argv: ['check', 'template.json', '--config', 'credentials.json'], exit: 2, message: /^credentials\.json: is not a check configuration: none of its 1 key is a check configuration key \(version, rules, acknowledge\)/ },
  { name: 'a secret next to a JSON syntax error', argv: ['check', 'secret-token.json'], exit: 2, message: /^secret-token\.json: not valid JSON \(unexpected "w"\)/ },
  { name: 'a credentials file as plan', argv: ['simulate', 'good.yaml', '--plan', 'credentials.json'], exit: 2, message: /^credentials\.json: is not a plan: none of its 1 key is a plan key/ },
  { name: 'a credentials file as audit plan', argv: ['audit', '--plan', 'credentials.env'], exit: 2, message: /^credentials\.env: not valid JSON/ },
  { name: 'a system file as scenario', argv: ['simulate', 'good.yaml', '--scenario', 'shadow'], exit: 2, message: /^shadow: is not a scenario: none of its 2 keys is a scenario key/ },
  { name: 'a system file as trace', argv: ['plan', 'trace-shadow.yaml'], exit: 2, message: /shadow-first:1: is not a per-minute trace: the header must be minute,count or minute,count,durationMs, got the column a value that looks like a secret \(not shown\)/ },
  // Cloud assemblies that nest themselves.
  { name: 'an assembly that nests itself', argv: ['check', 'self.out'], exit: 2, message: /^self\.out\/manifest\.json: artifacts\.Self\.properties\.directoryName is this assembly or one that encloses it \(a cycle\)/ },
  { name: 'a mutual pair of assemblies', argv: ['check', 'pair.out'], exit: 2, message: /^pair\.out\/(a|b)\/manifest\.json: artifacts\.(A|B)\..* \(a cycle\)/ },
  // Numbers: bounded by what AWS or physics allows, in the schema and before any search or simulation.
  { name: 'peakRps 5e16', argv: ['plan', 'rps-5e16.yaml'], exit: 2, message: /^rps-5e16\.yaml: functions\[0\]\.traffic\.peakRps must be <= 1000000000, got 50000000000000000$/m },
  { name: 'an hourly rate of 1e308', argv: ['plan', 'rps-1e308.yaml'], exit: 2, message: /functions\[0\]\.traffic\.hourlyRps\[0\] must be <= 1000000000, got 1e\+308/ },
  { name: 'a load no model computes (1e8 rps × 800 s)', argv: ['plan', 'load-1e11.yaml'], exit: 2, message: /functions\[0\]\.traffic gives a peak offered load of 80000000000 concurrent executions .* up to 10000000/ },
  { name: 'a duration of 5e-324 ms', argv: ['plan', 'duration-tiny.yaml'], exit: 2, message: /functions\[0\]\.durationMs\.avg must be >= 0\.01, got 5e-324/ },
  { name: 'an account limit of 1e15', argv: ['plan', 'limit-huge.yaml'], exit: 2, message: /account\.concurrencyLimit must be <= 1000000, got 1000000000000000/ },
  { name: 'a scenario of 1e9 seconds', argv: ['simulate', 'peak.yaml', '--scenario', 'scenario-long.yaml'], exit: 2, message: /^scenario-long\.yaml: durationSeconds must be <= 2678400, got 1000000000/ },
  { name: 'a scenario at 1e12 rps', argv: ['simulate', 'peak.yaml', '--scenario', 'scenario-fast.yaml'], exit: 2, message: /^scenario-fast\.yaml: steps\[0\]\.rps must be <= 1000000000, got 1000000000000/ },
  { name: 'a month at a million rps (too many requests to replay)', argv: ['simulate', 'peak.yaml', '--plan', 'none', '--scenario', 'scenario-heavy.yaml'], exit: 2, message: /^simulate: 2678400 s of this traffic is about 2\.68e\+12 requests .* at most 5e\+8/m },
  { name: 'an unreserved floor above the account limit', argv: ['check', 'template.json', '--unreserved-floor', '5000', '--account-concurrency', '100'], exit: 2, message: /^unreservedFloor \(--unreserved-floor\) must be <= concurrencyLimit \(--account-concurrency, 100\), got 5000$/m },
  { name: 'an account limit of 1e9 for check', argv: ['check', 'template.json', '--account-concurrency', '1000000000'], exit: 2, message: /^concurrencyLimit must be <= 1000000, got 1000000000$/m },
  // Plans: checked where they enter, across fields too.
  { name: 'a plan with scheduled PC above the reserved', argv: ['simulate', 'good.yaml', '--plan', 'pc-above-reserved.json'], exit: 2, message: /^pc-above-reserved\.json: functions\[0\]\.provisioned\.schedule\[0\]\.max must be <= reservedConcurrency \(\d+\): provisioned concurrency is part of the reserved concurrency, got 90000$/m },
  { name: 'a plan with a negative reserved concurrency (audit)', argv: ['audit', '--plan', 'negative-reserved.json'], exit: 2, message: /^negative-reserved\.json: functions\[0\]\.reservedConcurrency must be >= 0, got -5$/m },
  // Writes: never onto a folder, an input or a full device; nothing left behind.
  { name: '--out onto a folder', argv: ['check', 'template.json', '--out', 'folder'], exit: 2, message: /^folder: cannot be written \(it is a folder\)/ },
  { name: '--out onto the workload', argv: ['plan', 'peak.yaml', '--out', 'peak.yaml'], exit: 2, message: /^peak\.yaml: cannot be written \(it is an input of this command; write the output elsewhere\)/ },
  { name: '--out onto a trace the workload reads', argv: ['simulate', 'traced.yaml', '--duration', '60', '--out', 'trace.csv'], exit: 2, message: /^trace\.csv: cannot be written \(it is an input/ },
  { name: '--out onto the template checked', argv: ['check', 'template.json', '--out', 'template.json'], exit: 2, message: /^template\.json: cannot be written \(it is an input/ },
  { name: '--out onto the plan simulated', argv: ['simulate', 'good.yaml', '--plan', 'plan.json', '--out', 'plan.json'], exit: 2, message: /^plan\.json: / },
  { name: '--out onto a full device', argv: ['check', 'template.json', '--out', '/dev/full'], exit: 2, message: /^\/dev\/full: cannot be written \(no space left on the device\)/ },
  { name: '--out under a file', argv: ['check', 'template.json', '--out', 'not-a-folder/report.txt'], exit: 2, message: /^not-a-folder\/report\.txt: cannot be written \(no such file \(a folder on the path is a file\)\)/, output: 'not-a-folder/report.txt' },
  // Writes: never through a link a pull request committed, whatever it names; never into a linked folder out of the working directory.
  { name: '--out onto a link to a file outside', argv: ['check', '../template.json', '--out', 'report.sarif'], cwd: 'work', exit: 2, message: /^report\.sarif: cannot be written \(it is a symbolic link; an output is never written through one\)$/m },
  { name: '--out onto a dangling link', argv: ['check', '../template.json', '--out', 'dangling.sarif'], cwd: 'work', exit: 2, message: /^dangling\.sarif: cannot be written \(it is a symbolic link; an output is never written through one\)$/m },
  { name: '--out into a linked folder outside', argv: ['check', '../template.json', '--out', 'reports/new.json'], cwd: 'work', exit: 2, message: /^reports\/new\.json: cannot be written \(a symbolic link on its path leads out of the working directory\)$/m, output: 'reports/new.json' },
  { name: '--out into a new folder of a linked folder outside', argv: ['check', '../template.json', '--out', 'reports/a/b.txt'], cwd: 'work', exit: 2, message: /^reports\/a\/b\.txt: cannot be written \(a symbolic link on its path/, output: 'reports/a/b.txt' },
  { name: 'plan --out onto a link', argv: ['plan', '../peak.yaml', '--out', 'report.sarif'], cwd: 'work', exit: 2, message: /^report\.sarif: cannot be written \(it is a symbolic link/ },
  { name: 'simulate --out into a linked folder outside', argv: ['simulate', '../peak.yaml', '--duration', '60', '--out', 'reports/sim.json'], cwd: 'work', exit: 2, message: /^reports\/sim\.json: cannot be written \(a symbolic link on its path/, output: 'reports/sim.json' },
];

describe('hostile input exits 1 or 2 with a named message, no trace, no secret, nothing written', () => {
  test.each(CASES.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const { code, err, out, ms, changed, written } = await runHostile(dir, c);
    expect({ code, err }).toEqual({ code: c.exit, err: expect.stringMatching(c.message) });
    expect(err).not.toMatch(/\n\s+at |internal error|Error:/);
    for (const secret of [SECRET, ACCESS_KEY, SYSTEM_LINE.slice(0, 45), 'daemon:*']) expect(`${out}${err}`).not.toContain(secret);
    expect(changed).toEqual([]);
    expect(written).toBe(false);
    expect(ms).toBeLessThan(5000);
  });
});


describe('writes', () => {
  test('stdout on a full device is exit 2 with a message, not a stack trace', () => {
    const result = cliInBash(dir, '', 'plan peak.yaml', '> /dev/full');
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 2, stderr: 'cdk-lambda-scaling: cannot write to standard output (no space left on the device)\n' });
  }, 30_000);

  test('--out replaces an existing file whole and leaves no temporary file', async () => {
    writeFileSync(join(dir, 'report.txt'), 'x'.repeat(100_000));
    const io = memoryIo({ cwd: dir });
    expect(await main(['check', 'template.json', '--format', 'json', '--out', 'report.txt'], io)).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'report.txt'), 'utf8'))).toHaveProperty('findings');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('--out outside the working directory, absolute or climbing, is the operator\'s choice and is written', async () => {
    const io = memoryIo({ cwd: join(dir, 'work') });
    expect(await main(['check', '../template.json', '--format', 'json', '--out', '../outside-work/climbed.json'], io)).toBe(0);
    expect(await main(['check', '../template.json', '--format', 'json', '--out', join(dir, 'outside-work', 'absolute.json')], io)).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'outside-work', 'climbed.json'), 'utf8'))).toHaveProperty('findings');
    expect(JSON.parse(readFileSync(join(dir, 'outside-work', 'absolute.json'), 'utf8'))).toHaveProperty('findings');
  });

  test('--out onto a device (/dev/null) writes in place', async () => {
    const io = memoryIo({ cwd: dir });
    expect(await main(['check', 'template.json', '--out', '/dev/null'], io)).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });
});
