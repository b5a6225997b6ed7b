/**
 * `replan` (the CLI, in process) on a history whose per-minute trace carries the durations (no
 * `durationMs` in the history): the fresh plan and the workload `-o` writes take the trace's durations,
 * not the committed ones.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse, stringify } from 'yaml';
import { main } from '../../bin/main';
import { memoryIo } from '../../bin/io';
import { writePlan } from '../../lib/plan-file';
import { planWorkload } from '../../lib/planner';
import { loadWorkload } from '../../lib/workload';

const fn = { name: 'api', invocation: 'sync', memoryMb: 512, timeoutSeconds: 10 };
const FIXTURE_TRACES = join(__dirname, '..', 'fixtures', 'workloads', 'traces');

/** A folder with the committed workload (100 ms at 5 requests/s) and its plan. */
function committedIn(dir: string): void {
  writeFileSync(join(dir, 'workload.yaml'), stringify({ account: { region: 'us-east-1' }, functions: [{ ...fn, durationMs: { avg: 100, p99: 400 }, traffic: { peakRps: 5 } }] }));
  writeFileSync(join(dir, 'plan.json'), writePlan(planWorkload(loadWorkload('workload.yaml', { cwd: dir }))));
}

test('a history without durationMs: the trace\'s durationMs column replaces the committed durations', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'replan-durations-'));
  try {
    committedIn(dir);
    const rows = Array.from({ length: 1440 }, (_, m) => `${m},300,${m % 2 === 0 ? 250 : 350}`);
    writeFileSync(join(dir, 'recent.csv'), `minute,count,durationMs\n${rows.join('\n')}\n`);
    writeFileSync(join(dir, 'recent.yaml'), stringify({ account: { region: 'us-east-1' }, functions: [{ ...fn, traffic: { trace: { file: 'recent.csv', format: 'per-minute' } } }] }));
    const io = memoryIo({ cwd: dir });
    const code = await main(['replan', 'workload.yaml', '--plan', 'plan.json', '--history', 'recent.yaml', '--format', 'json', '-o', 'out'], io);
    expect(io.err).toMatch(/^replan: wrote out\/workload.yaml/);
    // The same 5 requests/s, three times as long: the committed plan (sized for 100 ms) is stale.
    expect(code).toBe(1);
    const written = parse(readFileSync(join(dir, 'out', 'workload.yaml'), 'utf8'));
    expect(written.functions[0].durationMs).toBeUndefined();
    expect(written.functions[0].traffic.trace).toEqual({ file: 'traces/recent.csv', format: 'per-minute' });
    const reloaded = loadWorkload(join('out', 'workload.yaml'), { cwd: dir });
    expect(reloaded.functions[0].durationMs).toEqual({ avg: 300, p99: 350 });
    // The fresh plan written beside it is the plan of that workload.
    expect(readFileSync(join(dir, 'out', 'plan.json'), 'utf8')).toBe(writePlan(planWorkload(reloaded)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a history with an Azure durationsFile and no durationMs merges (before, the committed durationMs made it invalid)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'replan-durations-'));
  try {
    committedIn(dir);
    for (const f of ['azure-sample-header_inv.csv', 'azure-sample-header_run.csv']) copyFileSync(join(FIXTURE_TRACES, f), join(dir, f));
    const trace = { file: 'azure-sample-header_inv.csv', durationsFile: 'azure-sample-header_run.csv', format: 'azure-2019', function: 'fa' };
    writeFileSync(join(dir, 'recent.yaml'), stringify({ account: { region: 'us-east-1' }, functions: [{ ...fn, traffic: { trace } }] }));
    const io = memoryIo({ cwd: dir });
    expect(await main(['replan', 'workload.yaml', '--plan', 'plan.json', '--history', 'recent.yaml', '--format', 'json', '-o', 'out'], io)).toBe(0);
    // The row of fa in the durations file: Average 120, percentile_Average_99 480.
    expect(loadWorkload(join('out', 'workload.yaml'), { cwd: dir }).functions[0].durationMs).toEqual({ avg: 120, p99: 480 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
