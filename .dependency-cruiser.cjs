/**
 * The rooms of the house and what each may import (docs/architecture.md explains them). Run by
 * `npm run lint`; test/architecture.test.ts proves that a new cycle or an upward import fails it.
 * Type-only imports count (tsPreCompilationDeps), so a type cannot smuggle a dependency upwards.
 * @type {import('dependency-cruiser').IConfiguration}
 */

/** A room: the files it holds (a regular expression over paths from the repository root). */
const ROOMS = {
  // lib/*.ts except the barrel and the plan reader (errors, version, shipped schemas, file reading), and findings with their text table.
  base: '^lib/(?!index\\.ts$|plan-file\\.ts$)[^/]+\\.ts$|^lib/findings/',
  model: '^lib/model/',
  workload: '^lib/workload/',
  planner: '^lib/planner/',
  rules: '^lib/rules/',
  planFile: '^lib/plan-file\\.ts$',
  simulate: '^lib/simulate/',
  aws: '^lib/aws/',
  report: '^lib/report/',
  libIndex: '^lib/index\\.ts$',
  constructs: '^constructs/',
  bin: '^bin/',
  packageIndex: '^index\\.ts$',
};

/** What each room may import besides itself: only rooms below it. */
const MAY_IMPORT = {
  base: [],
  model: ['base'],
  workload: ['base', 'model'],
  planner: ['base', 'model', 'workload'],
  rules: ['base', 'model', 'workload'],
  planFile: ['base', 'model', 'workload', 'planner'],
  simulate: ['base', 'model', 'workload', 'planner', 'planFile'],
  aws: ['base', 'model', 'workload', 'planner', 'rules', 'planFile', 'simulate'],
  report: ['base', 'model', 'workload', 'planner', 'rules', 'planFile', 'simulate', 'aws'],
  libIndex: ['base', 'model', 'workload', 'planner', 'rules', 'planFile', 'simulate', 'aws', 'report'],
  constructs: ['base', 'model', 'workload', 'planner', 'rules', 'planFile', 'simulate', 'aws', 'report', 'libIndex'],
  bin: ['base', 'model', 'workload', 'planner', 'rules', 'planFile', 'simulate', 'aws', 'report', 'libIndex', 'constructs'],
  packageIndex: ['libIndex', 'constructs'],
};

const union = (names) => names.map((n) => `(?:${ROOMS[n]})`).join('|');
const OURS = union(Object.keys(ROOMS));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make load order matter and rooms inseparable: break the cycle by moving the shared part down.',
      from: {},
      to: { circular: true },
    },
    ...Object.entries(MAY_IMPORT).map(([room, below]) => ({
      name: `room-${room}`,
      severity: 'error',
      comment: `${ROOMS[room]} may import only itself and ${below.join(', ') || 'nothing else of ours'} (docs/architecture.md).`,
      from: { path: ROOMS[room] },
      to: { path: OURS, pathNot: union([room, ...below]) },
    })),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are dependencies too.
    tsPreCompilationDeps: true,
    // No tsConfig here on purpose: with it, the resolver maps the npm package `constructs` to ./constructs.
  },
};
