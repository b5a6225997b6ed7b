/**
 * `npm run lint` fails on a new import cycle or an upward import (issue 13): the project's
 * dependency-cruiser config runs over a small tree laid out like ours, with clean imports in every
 * room and one violating import of each kind, and must report exactly the violating ones.
 */
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, relative } from 'path';

const ROOT = join(__dirname, '..');

/** A file of the tree: what it imports (`type:` marks a type-only import). */
type Tree = Record<string, readonly string[]>;

/** Imports every room may make: each room uses the one below it, by value and by type. */
const CLEAN: Tree = {
  'lib/errors.ts': [],
  'lib/files.ts': ['lib/errors.ts'],
  'lib/model/index.ts': ['lib/errors.ts', 'lib/model/load.ts'],
  'lib/model/load.ts': [],
  'lib/workload/types.ts': ['type:lib/model/index.ts'],
  'lib/planner/index.ts': ['lib/workload/types.ts', 'lib/model/load.ts'],
  'lib/rules/index.ts': ['type:lib/workload/types.ts'],
  'lib/plan-file.ts': ['type:lib/planner/index.ts', 'lib/files.ts'],
  'lib/simulate/index.ts': ['lib/plan-file.ts', 'lib/planner/index.ts', 'lib/simulate/capacity.ts'],
  'lib/simulate/capacity.ts': ['type:lib/workload/types.ts'],
  'lib/aws/index.ts': ['lib/plan-file.ts'],
  'lib/report/index.ts': ['lib/simulate/index.ts', 'lib/rules/index.ts', 'type:lib/aws/index.ts'],
  'lib/index.ts': ['lib/report/index.ts', 'lib/planner/index.ts'],
  'constructs/index.ts': ['lib/planner/index.ts', 'constructs/private/function.ts'],
  'constructs/private/function.ts': ['lib/model/index.ts'],
  'bin/command.ts': [],
  'bin/commands/plan.ts': ['bin/command.ts', 'lib/report/index.ts'],
  'bin/main.ts': ['bin/commands/plan.ts', 'bin/command.ts'],
  'index.ts': ['lib/index.ts', 'constructs/index.ts'],
};

/** One violating import of each kind, with the rule that must name it. */
const VIOLATIONS: ReadonlyArray<{ readonly what: string; readonly from: string; readonly to: string; readonly rule: string }> = [
  { what: 'model importing the planner', from: 'lib/model/upward.ts', to: 'lib/planner/index.ts', rule: 'room-model' },
  { what: 'workload importing a planner type', from: 'lib/workload/typed.ts', to: 'type:lib/planner/index.ts', rule: 'room-workload' },
  { what: 'rules importing simulate (a peer)', from: 'lib/rules/peer.ts', to: 'lib/simulate/index.ts', rule: 'room-rules' },
  { what: 'aws importing report', from: 'lib/aws/render.ts', to: 'lib/report/index.ts', rule: 'room-aws' },
  { what: 'report importing constructs', from: 'lib/report/cdk.ts', to: 'constructs/index.ts', rule: 'room-report' },
  { what: 'a lib/ file importing the lib barrel', from: 'lib/planner/barrel.ts', to: 'lib/index.ts', rule: 'room-planner' },
  { what: 'a new lib/ root file importing workload', from: 'lib/reader.ts', to: 'lib/workload/types.ts', rule: 'room-base' },
  { what: 'constructs importing bin', from: 'constructs/cli.ts', to: 'bin/main.ts', rule: 'room-constructs' },
  { what: 'the plan reader importing simulate', from: 'lib/plan-file.ts', to: 'lib/simulate/capacity.ts', rule: 'room-planFile' },
  { what: 'model importing workload types', from: 'lib/model/cost.ts', to: 'type:lib/workload/types.ts', rule: 'room-model' },
];

/** A cycle of two files inside one room, and a command importing main (which imports it). */
const CYCLES: Tree = {
  'lib/planner/a.ts': ['lib/planner/b.ts'],
  'lib/planner/b.ts': ['type:lib/planner/a.ts'],
  'bin/commands/loop.ts': ['bin/main.ts'],
  'bin/main.ts': [...CLEAN['bin/main.ts'], 'bin/commands/loop.ts'],
};

function importLine(from: string, to: string, i: number): string {
  const typeOnly = to.startsWith('type:');
  const target = typeOnly ? to.slice(5) : to;
  let spec = relative(dirname(from), target).replace(/\.ts$/, '');
  if (!spec.startsWith('.')) spec = `./${spec}`;
  return typeOnly ? `import type { T as T${i} } from '${spec}';\nexport type U${i} = T${i};` : `import { x as x${i} } from '${spec}';\nexport const y${i} = x${i};`;
}

function writeTree(dir: string, tree: Tree): void {
  for (const [file, imports] of Object.entries(tree)) {
    mkdirSync(join(dir, dirname(file)), { recursive: true });
    writeFileSync(join(dir, file), ['export const x = 1;', 'export type T = number;', ...imports.map((to, i) => importLine(file, to, i))].join('\n') + '\n');
  }
}

/** A reported violation: rule, importing file, imported file (for a cycle: the next file of the cycle). */
interface Violation {
  readonly rule: string;
  readonly from: string;
  readonly to: string;
}

/** Runs the project's dependency-cruiser config over `tree` exactly as `npm run lint:deps` does. */
function cruise(tree: Tree): { status: number | null; violations: Violation[] } {
  const dir = mkdtempSync(join(tmpdir(), 'architecture-'));
  try {
    writeTree(dir, tree);
    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), 'lib', 'constructs', 'bin', 'index.ts', '--config', join(ROOT, '.dependency-cruiser.cjs')], {
      cwd: dir,
      encoding: 'utf8',
    });
    if (run.status === null || run.stderr) throw new Error(`dependency-cruiser failed: ${run.stderr}`);
    // `  error room-model: lib/model/m.ts → lib/planner/a.ts`; a cycle continues over lines: `a.ts → \n b.ts → ...`.
    const violations = [...run.stdout.matchAll(/error (\S+): (\S+) →\s+(\S+)/g)].map(([, rule, from, to]) => ({ rule, from, to }));
    return { status: run.status, violations };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the import rules of npm run lint', () => {
  const tree: Tree = { ...CLEAN, ...CYCLES };
  for (const v of VIOLATIONS) tree[v.from] = [...(tree[v.from] ?? []), v.to];
  let result: ReturnType<typeof cruise>;
  beforeAll(() => {
    result = cruise(tree);
  });

  test('fail (non-zero exit) when there is a violation', () => {
    expect(result.status).not.toBe(0);
  });

  test.each(VIOLATIONS)('report $what as $rule', ({ from, to, rule }) => {
    const target = to.replace(/^type:/, '');
    expect(result.violations.filter((v) => v.from === from && v.to === target).map((v) => v.rule)).toEqual([rule]);
  });

  test('report a cycle inside a room (type-only edge included) and a command importing main as no-circular', () => {
    const cycles = result.violations.filter((v) => v.rule === 'no-circular').map((v) => [v.from, v.to].sort().join(' <-> '));
    expect(cycles.sort()).toEqual(['bin/commands/loop.ts <-> bin/main.ts', 'lib/planner/a.ts <-> lib/planner/b.ts']);
  });

  test('report nothing else: every downward import passes', () => {
    const expected = new Set([...VIOLATIONS.map((v) => `${v.from} -> ${v.to.replace(/^type:/, '')}`)]);
    const other = result.violations.filter((v) => v.rule !== 'no-circular' && !expected.has(`${v.from} -> ${v.to}`));
    expect(other).toEqual([]);
  });

  test('the clean tree alone passes', () => {
    expect(cruise(CLEAN)).toEqual({ status: 0, violations: [] });
  });
});
