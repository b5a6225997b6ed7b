/**
 * Writes the derived example traces (examples/traces/derived/) from the bundled Azure sample, so they
 * can be regenerated and checked: `npx tsx scripts/derive-example-traces.ts`.
 * - azure-8-hours_inv.csv: the busy function's row, minutes 481-960 only (08:00-16:00): a partial file.
 * - orders-14-days.csv: 14 days (a per-minute trace from Monday 2026-03-02) built from a busy, long-running
 *   function's real day (240ea871…, 19 s average) with bench/held-out.ts's variation: weekends at a fifth, drift, Poisson, seeded.
 */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { Random } from '../lib/simulate/random';
import { parseAzureInvocations } from '../lib/workload';
import { twoWeeks, VARIATION } from '../bench/held-out';

const SAMPLE = join(__dirname, '..', 'examples', 'traces', 'azure-functions-2019-sample');
const OUT = join(__dirname, '..', 'examples', 'traces', 'derived');
const BUSY = 'dfd4d5d8eb32c5bcdbdb163c282678fbc711fad4115566c44472a23b494d0693';
const LONG = '240ea87178940d936967810ad34c251482dafa81f8ece9d4e8f533db8d048f72';

const [header, ...rows] = readFileSync(join(SAMPLE, '100_inv.csv'), 'utf8').trim().split('\n');
const keep = header.split(',').map((c, i) => i < 3 || (Number(c.slice(7)) >= 481 && Number(c.slice(7)) <= 960));
const pick = (line: string) => line.split(',').filter((_, i) => keep[i]).join(',');
writeFileSync(join(OUT, 'azure-8-hours_inv.csv'), `${pick(header)}\n${rows.filter((r) => r.startsWith(BUSY)).map(pick).join('\n')}\n`);

const day = parseAzureInvocations(readFileSync(join(SAMPLE, '100_inv.csv'), 'utf8'), '100_inv.csv').perMinute(LONG) ?? [];
const weeks = twoWeeks(day, VARIATION, new Random(VARIATION.seed, 1));
const lines = ['minute,count', ...weeks.flatMap((c, m) => (c > 0 || m === weeks.length - 1 ? [`${m},${c}`] : []))];
writeFileSync(join(OUT, 'orders-14-days.csv'), `${lines.join('\n')}\n`);
