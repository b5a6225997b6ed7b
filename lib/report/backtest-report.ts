/**
 * Renders a backtest (`plan --backtest DAYS`): a table of what the plan predicted against what its
 * replay on the held-out days gave, per function, with the targets and the replay's noise; and the
 * `backtest` block of the plan's JSON.
 */
import Table from 'cli-table3';
import type { Backtest, BacktestFunction, ReplayedRate } from '../simulate/backtest';
import { pct } from './plan-report';
import { escapeControl as esc, guardLines } from './escape';

const replayed = (r: ReplayedRate): string => `${pct(r.rate)} ± ${pct(r.noise)}`;
const usd = (x: number): string => `$${x.toFixed(2)}`;

/** The columns of the table, each a header and a cell. */
const COLUMNS: readonly { readonly header: string; readonly cell: (f: BacktestFunction) => string }[] = [
  { header: 'function', cell: (f) => esc(f.name) },
  {
    header: 'days planned / held out',
    cell: (f) => `${f.trainedDays} / ${f.heldOutDays}${f.heldOutFrom ? ` from ${f.heldOutFrom}` : ''}${f.heldOutHoursWithoutData ? ` (${f.heldOutHoursWithoutData} h without data)` : ''}`,
  },
  { header: 'spillover target', cell: (f) => (f.spillover ? pct(f.spillover.target) : '-') },
  { header: 'predicted', cell: (f) => (f.spillover ? pct(f.spillover.predicted) : '-') },
  { header: 'replayed', cell: (f) => (f.spillover ? replayed(f.spillover.replayed) : '-') },
  { header: 'schedule only', cell: (f) => (f.spillover ? replayed(f.spillover.scheduleOnly) : '-') },
  { header: 'throttle target', cell: (f) => (f.throttle ? pct(f.throttle.target) : '-') },
  { header: 'predicted', cell: (f) => (f.throttle ? pct(f.throttle.predicted) : '-') },
  { header: 'replayed', cell: (f) => (f.throttle ? replayed(f.throttle.replayed) : '-') },
  { header: 'PC $/month predicted', cell: (f) => usd(f.provisionedMonthlyUsd.predicted) },
  { header: 'replayed', cell: (f) => usd(f.provisionedMonthlyUsd.replayed) },
  { header: 'held out', cell: (f) => (f.missed.length === 0 ? 'met' : `MISSED ${f.missed.join(', ')}`) },
];

/** The backtest as a table with its reading rules and verdict. */
export function renderBacktestText(bt: Backtest): string {
  const table = new Table({ head: COLUMNS.map((c) => c.header), style: { head: [], border: [] } });
  for (const f of bt.functions) table.push(COLUMNS.map((c) => c.cell(f)));
  const missed = bt.functions.filter((f) => f.missed.length > 0);
  if (bt.functions.length === 0) {
    // Nothing replayed: no verdict to give, only why (a met target would be a claim about no replay).
    const none = `Backtest: nothing was backtested: no function's trace could be planned without its last ${bt.heldOutDays} day(s) and replayed on them, so no target was checked.`;
    return guardLines(`${['', none, ...bt.skipped.map((s) => `Not backtested: ${esc(s.name)}: ${esc(s.reason)}.`)].join('\n')}\n`);
  }
  const lines = [
    '',
    `Backtest: planned without the last ${bt.heldOutDays} day(s) of each trace, those days replayed in the simulator ${bt.replays} time(s) (seeds ${bt.seed}${bt.replays > 1 ? `-${bt.seed + bt.replays - 1}` : ''}).`,
    table.toString(),
    'predicted: what the plan built without the held-out days says (spillover at its busiest hour, throttles at peak); replayed: the held-out days under that plan (schedule and target tracking), the mean over the replays ± its noise; schedule only: the same without target tracking (each action max = min).',
    ...(bt.functions.some((f) => f.heldOutHoursWithoutData) ? ['Held-out hours without data are replayed with the rule for hours without data (docs/workload.md) but not counted in the replayed rates.'] : []),
    `Verdict: ${bt.noiseRule}. ${missed.length === 0 ? `Every held-out target met (${bt.functions.length} function(s)).` : `Missed on ${missed.length} of ${bt.functions.length}: ${missed.map((f) => `${esc(f.name)} (${f.missed.join(', ')})`).join(', ')}.`}`,
    ...bt.skipped.map((s) => `Not backtested: ${esc(s.name)}: ${esc(s.reason)}.`),
  ];
  return guardLines(`${lines.join('\n')}\n`);
}

/** The `backtest` block of the plan's JSON: the backtest with rates rounded to 4 significant digits. */
export function backtestJson(bt: Backtest): unknown {
  return JSON.parse(JSON.stringify(bt, (_key, value: unknown) => (typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(4)) : value)));
}
