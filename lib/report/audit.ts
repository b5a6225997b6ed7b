/**
 * Output of `audit`: drift rows as JSON, or a table of what differs with a summary line.
 */
import Table from 'cli-table3';
import type { AuditedFunction, DriftRow } from '../aws/audit';
import { escapeControl as esc, guardLines, safeJson } from './escape';

/** Summary counts of an audit. */
export interface AuditTally {
  readonly compared: number;
  readonly drift: number;
  readonly errors: number;
  readonly functionsWithDrift: number;
}

/** Counts compared settings, drifted settings, unreadable functions and functions with drift. */
export function tallyAudit(rows: readonly DriftRow[]): AuditTally {
  return {
    compared: rows.filter((r) => r.status !== 'error').length,
    drift: rows.filter((r) => r.status === 'drift').length,
    errors: rows.filter((r) => r.status === 'error').length,
    functionsWithDrift: new Set(rows.filter((r) => r.status !== 'ok').map((r) => r.function)).size,
  };
}

/** What an audit report names besides its rows. */
export interface AuditContext {
  readonly region: string;
  /** Number of functions in the plan. */
  readonly functions: number;
  /** The plan file as the user named it. */
  readonly planFile: string;
  /** The functions as read: each found one is listed with its deployed name and how it was found. */
  readonly audited?: readonly AuditedFunction[];
}

/** One found function: plan name, deployed name, and how it was matched. */
interface FoundLine {
  readonly function: string;
  readonly deployedName: string;
  readonly foundBy: string;
  readonly how: string;
}

function foundLines(audited: readonly AuditedFunction[]): FoundLine[] {
  return audited.flatMap((a) => ('deployed' in a && a.found ? [{ function: a.name, deployedName: a.deployed.name, foundBy: a.found.foundBy, how: a.found.how }] : []));
}

/** The audit report in `format` (text: `no drift` line, or a table of what differs and a summary). */
export function renderAudit(format: 'text' | 'json', rows: readonly DriftRow[], ctx: AuditContext): string {
  const t = tallyAudit(rows);
  const found = foundLines(ctx.audited ?? []);
  if (format === 'json') return `${safeJson({ region: ctx.region, functions: ctx.functions, ...t, ...(ctx.audited ? { found } : {}), rows }, 2)}\n`;
  // A function found under its own name is what audit always did; any other match is named, with its deployed name.
  const foundText = found
    .filter((f) => f.foundBy !== 'name' || f.deployedName !== f.function)
    .map((f) => `found ${esc(f.function)}: ${esc(f.deployedName)} (by ${esc(f.how)})\n`)
    .join('');
  const byWay = new Map<string, number>();
  for (const f of found) byWay.set(f.foundBy, (byWay.get(f.foundBy) ?? 0) + 1);
  const ways = byWay.size > 0 ? `; found by ${[...byWay].map(([way, n]) => `${way}: ${n}`).join(', ')}` : '';
  if (t.drift + t.errors === 0) return guardLines(`${foundText}no drift: ${t.compared} settings of ${ctx.functions} function(s) in ${esc(ctx.region)} match ${esc(ctx.planFile)}${ways}\n`);
  const table = new Table({
    head: ['function', 'setting', 'planned', 'deployed', 'status'],
    style: { head: [], border: [] },
    // One line per row: drift tables get long.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const r of rows.filter((x) => x.status !== 'ok')) table.push([r.function, r.setting, r.planned, r.deployed, r.status].map((cell) => esc(String(cell))));
  return guardLines(
    foundText +
    `${table.toString()}\n` +
    `${t.drift} of ${t.compared} settings drifted${t.errors ? `, ${t.errors} function(s) could not be read` : ''} (${t.functionsWithDrift} of ${ctx.functions} function(s), ${esc(ctx.region)})${ways}\n`,
  );
}
