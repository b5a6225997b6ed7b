/**
 * The README's figures come from the commands beside them: every transcript block (`$ npm run -s cli --`
 * followed by what it printed) is re-run and must print the lines shown (`...` stands for lines left
 * out); a chart the command writes must be byte-identical to the image the page shows; and every other
 * clone command of the page runs with the exit code it is shown with.
 */
import { existsSync, mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { memoryIo } from '../../bin/io';
import { main } from '../../bin/main';
import { cliCommands, matchesWithElision, OUTPUT_OPTIONS, README, ROOT, transcripts, IN_CLONE } from './readme';

/** Runs the CLI from the repository root with every file it writes moved to `dir` (the page's images stay untouched). */
async function runInClone(args: readonly string[], dir: string, written: Map<string, string>) {
  const moved = args.map((a, i) => {
    if (OUTPUT_OPTIONS.has(args[i - 1] ?? '')) {
      written.set(a, join(dir, a.replace(/\//g, '_')));
      return written.get(a) as string;
    }
    return written.get(a) ?? a;
  });
  const io = memoryIo({ cwd: ROOT });
  const code = await main(moved, io);
  return { code, out: io.out, err: io.err };
}

const blocks = transcripts(README);

test('the page has transcripts to check', () => {
  expect(blocks.length).toBeGreaterThanOrEqual(2);
});

describe.each(blocks.map((steps) => [steps[0].command, steps] as const))('$ %s', (_first, steps) => {
  test('prints what the page shows, and draws the image it shows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'readme-'));
    const written = new Map<string, string>();
    let last = { code: 0, out: '', err: '' };
    for (const { command, output } of steps) {
      if (command === 'echo $?') {
        expect([String(last.code)]).toEqual(output);
        continue;
      }
      expect(command.startsWith(IN_CLONE)).toBe(true);
      last = await runInClone(command.slice(IN_CLONE.length).trim().split(/\s+/), dir, written);
      const actual = last.out.replace(/\n$/, '').split('\n');
      if (!matchesWithElision(output, actual)) expect(actual.join('\n')).toBe(output.join('\n'));
    }
    for (const [shown, path] of written) {
      if (existsSync(join(ROOT, shown)) && README.includes(`](${shown})`)) expect(readFileSync(path)).toEqual(readFileSync(join(ROOT, shown)));
    }
  });
});

test('every clone command of the page runs, with the exit code it is shown with', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'readme-commands-'));
  const written = new Map<string, string>();
  const failed: string[] = [];
  for (const { where, args, line } of cliCommands(README)) {
    if (where !== 'clone' || line.startsWith('$ ')) continue;
    const expected = Number(/echo \$\?\s*#\s*(\d)/.exec(line)?.[1] ?? 0);
    const { code, err } = await runInClone(args, dir, written);
    if (code !== expected) failed.push(`${line.trim()}: exit ${code}, shown ${expected}: ${err.trim()}`);
  }
  expect(failed).toEqual([]);
});
