/**
 * Random malformed workloads (10,000 under `npm run test:slow`, the first 300 in `npm test`): wrong
 * types, missing fields, unknown keys, out-of-range and non-finite numbers, garbage bytes, truncated
 * YAML, deep nesting, bad YAML aliases; seeded, each run
 * 1. through the CLI code path, `main(['plan', file], memoryIo())`: exit 2, every stderr line starts with
 *    the file name and names a field path or a line, no "internal error", nothing thrown;
 * 2. through `parseWorkload` directly: an InputError whose every problem is path- or line-qualified.
 */
import fc from 'fast-check';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { main } from '../../bin/main';
import { memoryIo } from '../../bin/io';
import { isInputError } from '../../lib/errors';
import { parseWorkload } from '../../lib/workload';
import { runs } from '../support/runs';
import { FORMATS, fuzzBase, locatedLine, malformed, serialize } from './malformed';

const RUNS = runs(10_000, 300);
const SEED = 20261122;

describe('malformed workloads (fuzz)', () => {
  let dir: string;
  beforeAll(() => {
    // One file write per case: on a memory file system when there is one (a disk write costs ms each).
    dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'workload-fuzz-'));
    mkdirSync(join(dir, 'dir'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('the base of the fuzz is itself a valid workload', () => {
    for (const format of FORMATS) expect(parseWorkload(serialize(fuzzBase(), format), `base.${format}`).functions).toHaveLength(3);
  });

  test(`${RUNS} malformed workloads: the CLI exits 2 naming file and field or line, and parseWorkload throws InputError`, async () => {
    const kinds = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(malformed, async (c) => {
        const kind = c.kind.split(':')[0];
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        // 1. The CLI code path, as a user runs it.
        writeFileSync(join(dir, c.file), c.content);
        const io = memoryIo({ cwd: dir });
        const code = await main(['plan', c.file], io);
        expect(io.err).not.toMatch(/internal error/);
        expect(code).toBe(2);
        expect(io.out).toBe('');
        const lines = io.err.split('\n').filter((l) => l !== '');
        expect(lines.length).toBeGreaterThan(0);
        for (const line of lines) expect(line).toMatch(locatedLine(c.file));
        // 2. The library directly: one InputError listing path- or line-qualified problems.
        const text = typeof c.content === 'string' ? c.content : Buffer.from(c.content).toString('utf8');
        let thrown: unknown;
        try {
          parseWorkload(text, c.file, { baseDir: dir });
        } catch (err) {
          thrown = err;
        }
        expect(isInputError(thrown)).toBe(true);
        const problems = (thrown as { problems: readonly string[] }).problems;
        expect(problems.length).toBeGreaterThan(0);
        for (const p of problems) expect(p).toMatch(locatedLine(c.file));
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // Every kind of damage was exercised.
    expect([...kinds.keys()].sort()).toEqual(['alias', 'deep', 'garbage', 'mutated', 'truncated']);
    for (const count of kinds.values()) expect(count).toBeGreaterThan(RUNS / 20);
  });
});
