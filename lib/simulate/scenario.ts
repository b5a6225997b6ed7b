/**
 * Scenarios for `simulate --scenario`: traffic that replaces the workload's own, as piecewise-constant
 * steps. Built-in scenarios are defined relative to each function's traffic; a scenario file gives
 * steps per function (YAML or JSON).
 */
import { resolve } from 'path';
import { InputError } from '../errors';
import { readInputText, UnreadableFile } from '../files';
import { parseDocumentText } from '../workload/document';
import { expectKnownKeys, expectMapping } from '../workload/problems';
import { trafficFromSteps } from '../workload/traffic';
import { SCENARIO_SCHEMA } from '../workload/schemas';
import { checkDocument } from '../workload/validate';
import type { Traffic, TrafficStep, Workload } from '../workload/types';
import { loadBeyondModel } from '../workload/workload';

/** A built-in scenario: what it does, and the steps it gives a function with traffic `t`. */
interface BuiltInScenario {
  readonly description: string;
  readonly durationSeconds: number;
  readonly steps: (t: Traffic) => TrafficStep[];
}

/** Built-in scenarios by name. */
export const SCENARIOS: Readonly<Record<string, BuiltInScenario>> = {
  spike: {
    description: 'a minute at the average rate, then 10 x the peak rate for 5 minutes, then the average again for 10 minutes',
    durationSeconds: 960,
    steps: (t) => [
      { atSeconds: 0, rps: t.averageRps },
      { atSeconds: 60, rps: 10 * t.peakRps },
      { atSeconds: 360, rps: t.averageRps },
    ],
  },
  'cold-spike': {
    description: 'idle for a minute, then the peak rate at once for 10 minutes (every environment starts cold)',
    durationSeconds: 660,
    steps: (t) => [
      { atSeconds: 0, rps: 0 },
      { atSeconds: 60, rps: t.peakRps },
    ],
  },
  'peak-hour': {
    description: 'the peak rate for an hour',
    durationSeconds: 3600,
    steps: (t) => [{ atSeconds: 0, rps: t.peakRps }],
  },
};

interface ScenarioFile {
  readonly description?: string;
  readonly durationSeconds?: number;
  readonly steps?: TrafficStep[];
  readonly functions?: Record<string, TrafficStep[]>;
}

/** A workload whose traffic a scenario replaced, and how long the scenario runs. */
export interface AppliedScenario {
  readonly workload: Workload;
  readonly durationSeconds: number;
  readonly description: string;
}

/**
 * Applies a built-in scenario (by name) or a scenario file (any other value, relative to `cwd`).
 * Functions a file does not cover keep their own traffic.
 */
export function applyScenario(workload: Workload, nameOrFile: string, cwd: string): AppliedScenario {
  const applied = scenarioTraffic(workload, nameOrFile, cwd);
  // A valid workload's load may be multiplied past what the model computes (spike: 10 x the peak).
  const problems = applied.workload.functions.flatMap((f) => {
    const beyond = loadBeyondModel(f);
    return beyond ? [`--scenario ${nameOrFile}: the traffic of ${f.name} ${beyond}`] : [];
  });
  if (problems.length > 0) throw new InputError(problems);
  return applied;
}

function scenarioTraffic(workload: Workload, nameOrFile: string, cwd: string): AppliedScenario {
  const builtIn = SCENARIOS[nameOrFile];
  if (builtIn) {
    return {
      workload: { ...workload, functions: workload.functions.map((f) => ({ ...f, traffic: trafficFromSteps(builtIn.steps(f.traffic)) })) },
      durationSeconds: builtIn.durationSeconds,
      description: `${nameOrFile}: ${builtIn.description}`,
    };
  }
  let text: string;
  try {
    text = readInputText(resolve(cwd, nameOrFile), 'scenario', nameOrFile);
  } catch (err) {
    if (!(err instanceof UnreadableFile)) throw err;
    const why = err.reason === 'no such file' ? 'nor a readable file' : `nor a readable file (${err.reason})`;
    throw new InputError(`--scenario ${nameOrFile}: neither a built-in scenario (${Object.keys(SCENARIOS).join(', ')}) ${why}`);
  }
  const doc = parseDocumentText(text, nameOrFile);
  expectMapping(doc, nameOrFile, 'scenario');
  expectKnownKeys(doc, nameOrFile, 'scenario', Object.keys(SCENARIO_SCHEMA.properties as object));
  checkDocument(doc, 'scenario', nameOrFile);
  const scenario = doc as ScenarioFile;
  const names = new Set(workload.functions.map((f) => f.name));
  const problems = Object.keys(scenario.functions ?? {})
    .filter((n) => !names.has(n))
    .map((n) => `${nameOrFile}: functions.${n} is not a function of the workload`);
  if (problems.length) throw new InputError(problems);
  const functions = workload.functions.map((f) => {
    const steps = scenario.functions?.[f.name] ?? scenario.steps;
    return steps ? { ...f, traffic: trafficFromSteps(withStartAtZero(steps)) } : f;
  });
  const applied = { ...workload, functions };
  const lastStep = Math.max(0, ...functions.flatMap((f) => f.traffic.steps?.map((s) => s.atSeconds) ?? []));
  return {
    workload: applied,
    durationSeconds: scenario.durationSeconds ?? lastStep + 600,
    description: `${nameOrFile}${scenario.description ? `: ${scenario.description}` : ''}`,
  };
}

/** Sorted steps, with 0 rps before the first one. */
function withStartAtZero(steps: readonly TrafficStep[]): TrafficStep[] {
  const sorted = [...steps].sort((a, b) => a.atSeconds - b.atSeconds);
  return sorted[0].atSeconds > 0 ? [{ atSeconds: 0, rps: 0 }, ...sorted] : sorted;
}
