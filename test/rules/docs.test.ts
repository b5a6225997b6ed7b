/**
 * The README's rule catalog lists every rule with its default severity and title.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { RULES, RULE_TEXT } from '../../lib/rules';

const doc = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

test.each(RULES.map((r) => [r.id, r.severity] as const))('the README lists %s as %s', (id, severity) => {
  expect(doc).toContain(`| \`${id}\` | ${severity} | ${RULE_TEXT[id].title}.`);
});
