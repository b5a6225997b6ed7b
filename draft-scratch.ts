import { execSync } from 'child_process';
import { loadTemplateFile, runChecks } from './lib/rules';
const dir = 'test/fixtures/corpus';
const files = execSync(`cd ${dir} && find . -name '*.y*ml' -o -name '*.json' | grep -v expected.json | sort`).toString().trim().split('\n').map((f) => f.slice(2));
for (const f of files) {
  try {
    const r = runChecks([loadTemplateFile(`${dir}/${f}`, f)]);
    const c = r.coverage[0];
    console.log(`## ${f} sam=${c.sam} fn=${c.functions} map=${c.mappings} q=${c.queues} ${c.unchecked.map(u=>u.what).join(',')}`);
    for (const x of r.findings) console.log(`  ${x.severity} ${x.ruleId} ${x.logicalId}${x.generated ? ' ' + x.generated.from : ''} | ${x.message.slice(0, 160)}`);
  } catch (e) { console.log(`## ${f} ERROR ${(e as Error).message}`); }
}
