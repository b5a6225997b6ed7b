/**
 * The README from the npm page and from a terminal: every link lands on a shipped file or an anchor,
 * every command is written for where it is shown (a clone or an installed package) and uses options
 * the CLI has, and its install lines name the versions package.json pins.
 * (Its transcripts are re-run in readme.slow.test.ts.)
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { memoryIo } from '../../bin/io';
import { main } from '../../bin/main';
import { anchors, cliCommands, linkTargets, matchesWithElision, OUTPUT_OPTIONS, README, ROOT, transcripts } from './readme';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[]; devDependencies: Record<string, string>; peerDependenciesMeta: Record<string, { optional?: boolean }> };

/** Whether npm ships `path` (package.json `files`: folders and plain file names; npm adds README, LICENSE, package.json). */
function shipped(path: string): boolean {
  return ['README.md', 'LICENSE', 'package.json'].includes(path) || pkg.files.filter((f) => !/[*!]/.test(f)).some((f) => (f.endsWith('/') ? path.startsWith(f) : path === f));
}

describe('README links', () => {
  const targets = linkTargets(README);

  test('the page has links to check', () => {
    expect(targets.length).toBeGreaterThan(20);
  });

  test.each(targets.filter((t) => !/^(https?:|#)/.test(t)))('%s exists and is in the package (the npm page and node_modules show it)', (target) => {
    const path = target.replace(/#.*$/, '');
    expect(existsSync(join(ROOT, path))).toBe(true);
    expect(shipped(path)).toBe(true);
  });

  test('every #anchor names a heading or an <a id> of the page', () => {
    const defined = anchors(README);
    expect(targets.filter((t) => t.startsWith('#')).filter((t) => !defined.has(t.slice(1)))).toEqual([]);
  });
});

describe('README commands', () => {
  const commands = cliCommands(README);

  test('both ways of running the CLI are shown', () => {
    expect(commands.filter((c) => c.where === 'clone').length).toBeGreaterThan(5);
    expect(commands.filter((c) => c.where === 'installed').length).toBeGreaterThan(3);
  });

  test('npx cdk-lambda-scaling (an installed package) never reads files that only a clone has', () => {
    expect(commands.filter((c) => c.where === 'installed' && c.args.some((a) => /^(examples|test|bench)\//.test(a))).map((c) => c.line)).toEqual([]);
  });

  test('npm run -s cli -- (a clone) reads files the clone has', () => {
    const missing = commands
      .filter((c) => c.where === 'clone')
      .flatMap((c) => c.args.filter((a, i) => /^[\w.-]+\/[\w./-]+\.\w+$/.test(a) && !OUTPUT_OPTIONS.has(c.args[i - 1] ?? '')).map((a) => `${a} in: ${c.line}`))
      .filter((a) => !existsSync(join(ROOT, a.split(' ')[0])));
    expect(missing).toEqual([]);
  });

  test('every option a command is shown with is in that command\'s --help', async () => {
    const helps = new Map<string, string>();
    const unknown: string[] = [];
    for (const { args, line } of commands) {
      const [name] = args;
      if (!helps.has(name)) {
        const io = memoryIo();
        await main([name, '--help'], io);
        helps.set(name, io.out);
      }
      for (const option of args.filter((a) => a.startsWith('-'))) {
        if (!new RegExp(`(^|[ ,])${option}[ ,]`, 'm').test(helps.get(name) ?? '')) unknown.push(`${option} in: ${line}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  test('install lines name optional peers at the versions package.json pins', () => {
    const specs = [...README.matchAll(/npm install --save-dev ([^`\n]+)/g)].flatMap((m) => m[1].trim().split(/\s+/));
    expect(specs.length).toBeGreaterThanOrEqual(6);
    for (const spec of specs) {
      const at = spec.lastIndexOf('@');
      const [name, version] = [spec.slice(0, at), spec.slice(at + 1)];
      expect({ spec, optional: pkg.peerDependenciesMeta[name]?.optional }).toEqual({ spec, optional: true });
      expect(version).toBe(pkg.devDependencies[name]);
    }
  });
});

describe('README transcripts (re-run by readme.slow.test.ts)', () => {
  test('a drifted figure fails the match; `...` stands for any number of lines, none included', () => {
    const shown = ['Simulated 11 min', '│ flash-sale │ 2,754,241 │', '...', 'note: cost'];
    expect(matchesWithElision(shown, ['Simulated 11 min', '│ flash-sale │ 2,754,241 │', 'note: cost'])).toBe(true);
    expect(matchesWithElision(shown, ['Simulated 11 min', '│ flash-sale │ 2,754,241 │', 'a', 'b', 'note: cost'])).toBe(true);
    expect(matchesWithElision(shown, ['Simulated 11 min', '│ flash-sale │ 2,752,996 │', 'note: cost'])).toBe(false);
    expect(matchesWithElision(shown, ['Simulated 11 min', '│ flash-sale │ 2,754,241 │'])).toBe(false);
  });

  test('the simulate example and its image are among the transcripts', () => {
    const commands = transcripts(README).flat().map((s) => s.command);
    expect(commands).toContain('npm run -s cli -- simulate examples/scenarios/spike-legacy-us-east-1.yaml --plan none --interval 5 --chart docs/img/simulate-spike-legacy.svg');
    expect(README).toContain('](docs/img/simulate-spike-legacy.svg)');
  });
});
