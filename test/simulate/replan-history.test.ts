/**
 * `replan` (the CLI, in process) when the history lacks a committed function (deleted, or not found by
 * `observe`): that function is skipped, kept as committed, and does not change how the others are judged.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse, stringify } from 'yaml';
import { main } from '../../bin/main';
import { memoryIo } from '../../bin/io';
import { writePlan } from '../../lib/plan-file';
import { planWorkload } from '../../lib/planner';
import { loadWorkload } from '../../lib/workload';

const fn = { invocation: 'sync', memoryMb: 512, timeoutSeconds: 10, durationMs: { avg: 100, p99: 300 }, traffic: { peakRps: 1 } };

test('a committed function missing from the history is skipped and does not cut the others\' replay to its profile day', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'replan-history-'));
  try {
    writeFileSync(join(dir, 'workload.yaml'), stringify({ account: { region: 'us-east-1' }, functions: [{ name: 'a', ...fn }, { name: 'gone', ...fn }] }));
    writeFileSync(join(dir, 'plan.json'), writePlan(planWorkload(loadWorkload('workload.yaml', { cwd: dir }))));
    // a: a quiet day, then a day at ten times the planned 1 request/s; gone: not in the history.
    const rows = Array.from({ length: 2880 }, (_, m) => `${m},${m < 1440 ? 0 : 600}`);
    writeFileSync(join(dir, 'recent.csv'), `minute,count\n${rows.join('\n')}\n`);
    writeFileSync(join(dir, 'recent.yaml'), stringify({ account: { region: 'us-east-1' }, functions: [{ name: 'a', ...fn, traffic: { trace: { file: 'recent.csv', format: 'per-minute' } } }] }));
    const io = memoryIo({ cwd: dir });
    const code = await main(['replan', 'workload.yaml', '--plan', 'plan.json', '--history', 'recent.yaml', '--format', 'json', '-o', 'out'], io);
    const report = JSON.parse(io.out);
    // Before, gone was replayed on its committed profile (one day), and a held on its quiet first day.
    expect(report.skipped).toEqual([{ name: 'gone', reason: 'no recent history: kept as committed' }]);
    expect(report.days).toBe(2);
    expect(report.functions.map((f: { name: string; verdict: string }) => [f.name, f.verdict])).toEqual([['a', 'misses']]);
    expect(code).toBe(1);
    // The written workload still has gone, as committed.
    const written = parse(readFileSync(join(dir, 'out', 'workload.yaml'), 'utf8'));
    expect(written.functions.map((f: { name: string }) => f.name)).toEqual(['a', 'gone']);
    expect(written.functions[1].traffic).toEqual({ peakRps: 1 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('-o refuses a workload.yaml that is a symbolic link before it writes anything: no half-written folder', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'replan-out-'));
  try {
    writeFileSync(join(dir, 'workload.yaml'), stringify({ account: { region: 'us-east-1' }, functions: [{ name: 'a', ...fn }] }));
    writeFileSync(join(dir, 'plan.json'), writePlan(planWorkload(loadWorkload('workload.yaml', { cwd: dir }))));
    writeFileSync(join(dir, 'recent.csv'), `minute,count\n${Array.from({ length: 1440 }, (_, m) => `${m},60`).join('\n')}\n`);
    writeFileSync(join(dir, 'recent.yaml'), stringify({ account: { region: 'us-east-1' }, functions: [{ name: 'a', ...fn, traffic: { trace: { file: 'recent.csv', format: 'per-minute' } } }] }));
    mkdirSync(join(dir, 'out'));
    symlinkSync(join(dir, 'elsewhere.yaml'), join(dir, 'out', 'workload.yaml'));
    const io = memoryIo({ cwd: dir });
    expect(await main(['replan', 'workload.yaml', '--plan', 'plan.json', '--history', 'recent.yaml', '-o', 'out'], io)).toBe(2);
    expect(io.err).toMatch(/out\/workload\.yaml: cannot be written \(it is a symbolic link/);
    expect(readdirSync(join(dir, 'out'))).toEqual(['workload.yaml']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
