/**
 * The table of issue #18's "bounded work" goal: builds each budget case of test/hostile/loader-cases.ts at full
 * size in a temporary folder, runs the CLI on it under /usr/bin/time, and prints exit code, CPU seconds and peak
 * memory. Usage: `npx tsx scripts/measure-budgets.ts` (the compiled CLI in dist/ is used when it exists).
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { BUDGET_CASES } from '../test/hostile/loader-cases';

const repo = join(__dirname, '..');
const compiled = join(repo, 'dist', 'bin', 'cli.js');
const node = existsSync(compiled) ? [compiled] : ['--require', require.resolve('tsx/cjs'), join(repo, 'bin', 'cli.ts')];
console.log('| input | exit | CPU s | peak MB | message |');
console.log('| --- | --- | --- | --- | --- |');
for (const [i, c] of BUDGET_CASES.entries()) {
  const dir = mkdtempSync(join(tmpdir(), `measure-${i}-`));
  try {
    const run = c.build(dir, true);
    const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', 'node', '--max-old-space-size=500', ...node, ...run.argv], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 });
    const lines = r.stderr.trim().split('\n');
    const [user, system, kib] = (lines.pop() ?? '').split(' ').map(Number);
    const message = (lines.find((l) => l.trim() !== '') ?? '').replace(/\|/g, '\\|').slice(0, 90);
    console.log(`| ${c.name} | ${r.status} | ${(user + system).toFixed(2)} | ${Math.round(kib / 1024)} | ${message} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
