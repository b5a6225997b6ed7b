/**
 * docs/rules.md lists every rule of the catalog with its default severity and title.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { RULES, RULE_TEXT } from '../../lib/rules';

const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'rules.md'), 'utf8');

test.each(RULES.map((r) => [r.id, r.severity] as const))('docs/rules.md lists %s as %s', (id, severity) => {
  expect(doc).toContain(`| \`${id}\` | ${severity} | ${RULE_TEXT[id].title}.`);
});
