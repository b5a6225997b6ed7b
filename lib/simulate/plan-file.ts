/**
 * Reads a plan v1 file for `simulate --plan FILE`: a partial plan (only the fields the simulator
 * applies are required, see lib/plan-file.ts) whose functions are all functions of the workload.
 */
import { readPlan } from '../plan-file';
import type { Plan } from '../planner/types';
import { describeValue, Problems } from '../workload/problems';
import type { Workload } from '../workload/types';

/** Parses and checks a plan file's text against the workload it will be simulated with. */
export function parsePlanFile(text: string, file: string, workload: Workload): Plan {
  const plan = readPlan(text, file, 'partial');
  const names = new Set(workload.functions.map((f) => f.name));
  const problems = new Problems(file);
  plan.functions.forEach((f, i) => {
    if (!names.has(f.name)) problems.at(['functions', i, 'name'], `${describeValue(f.name)} is not a function of the workload`);
  });
  problems.throwIfAny();
  return plan;
}
