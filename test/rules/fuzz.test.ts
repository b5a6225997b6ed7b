/**
 * Randomly mutated templates (5,000 under `npm run test:slow`, the first 300 in `npm test`) (properties deleted, types swapped, garbage and broken intrinsics inserted)
 * through the check code path: zero uncaught exceptions.
 */
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import fc from 'fast-check';
import { main } from '../../bin/main';
import { memoryIo } from '../../bin/io';
import { checkTemplates } from '../../lib/rules';
import { toText } from '../../lib/report/check-text';
import { toSarif } from '../../lib/report/check-sarif';
import { toJUnit } from '../../lib/report/check-junit';
import { runs } from '../support/runs';
import { templates } from './mutations';

const RUNS = runs(5000, 300);
const FILES = runs(200, 40);

test(`${RUNS} mutated templates: the engine and every renderer never throw`, () => {
  let findings = 0;
  fc.assert(
    fc.property(templates, (template) => {
      const result = checkTemplates([{ stackName: 'Fuzz', template, templateFile: 'fuzz.json', account: '1', region: 'r' }], { concurrencyLimit: 50 });
      toText(result, 1);
      toJUnit(result);
      JSON.stringify(toSarif(result, { toolVersion: '0.0.0' }));
      findings += result.length;
    }),
    { numRuns: RUNS, seed: 20261122 },
  );
  expect(findings).toBeGreaterThan(RUNS);
});

test(`${FILES} mutated template files through main(["check", file]) exit 0, 1 or 2, never 3`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fuzz-'));
  const samples = fc.sample(templates, { numRuns: FILES, seed: 7 });
  const codes = new Set<number>();
  for (const [i, template] of samples.entries()) {
    const file = join(dir, `t${i}.json`);
    writeFileSync(file, JSON.stringify(template) ?? 'null');
    const io = memoryIo({ cwd: dir });
    const code = await main(['check', file, '--format', i % 2 ? 'sarif' : 'text'], io);
    if (code === 3) throw new Error(`internal error on t${i}.json: ${io.err}`);
    codes.add(code);
  }
  expect([...codes].every((c) => [0, 1, 2].includes(c))).toBe(true);
});
