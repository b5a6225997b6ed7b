import { readFileSync } from 'fs';
import { loadTemplateFile, runChecks } from './lib/rules';
const dir = 'test/fixtures/corpus';
const { templates } = JSON.parse(readFileSync(`${dir}/expected.json`, 'utf8'));
for (const [f, e] of Object.entries<any>(templates)) {
  if (e.exit) continue;
  const r = runChecks([loadTemplateFile(`${dir}/${f}`, f)]);
  const actual = r.findings.filter((x) => x.severity !== 'info').map((x) => `${x.severity} ${x.ruleId} ${x.logicalId}${x.generated ? ' ' + x.generated.from : ''}`).sort();
  const exp = [...e.findings, ...e.wrong].sort();
  const added = actual.filter((a) => !exp.includes(a)), removed = exp.filter((a) => !actual.includes(a));
  const infos = r.findings.filter((x) => x.severity === 'info').map((x) => `info ${x.ruleId} ${x.logicalId}${x.generated ? ' ' + x.generated.from : ''}: ${x.message.slice(0, 120)}`);
  if (added.length || removed.length) console.log(`## ${f}\n${added.map((a) => '  + ' + a).join('\n')}\n${removed.map((a) => '  - ' + a).join('\n')}`);
  if (infos.length && process.argv[2]) console.log(`## ${f} infos\n  ${infos.join('\n  ')}`);
}
