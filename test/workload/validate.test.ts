/**
 * The one way in for documents (lib/workload/validate.ts): every kind validates through the same
 * front end, and problems name the file and the field.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { isInputError } from '../../lib/errors';
import { planWorkload } from '../../lib/planner';
import { parseDocumentText, parseWorkload } from '../../lib/workload';
import { Problems } from '../../lib/workload/problems';
import { checkDocument, recordSchemaProblems, schemaProblems, type DocumentKind } from '../../lib/workload/validate';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const read = (file: string): unknown => parseDocumentText(readFileSync(join(EXAMPLES, file), 'utf8'), file);

/** The problems `checkDocument` throws, or [] when it accepts the document. */
function thrown(document: unknown, kind: DocumentKind, file: string): readonly string[] {
  try {
    checkDocument(document, kind, file);
    return [];
  } catch (err) {
    if (!isInputError(err)) throw err;
    return err.problems;
  }
}

describe('validateDocument front end', () => {
  const plan = JSON.parse(JSON.stringify(planWorkload(parseWorkload(readFileSync(join(EXAMPLES, 'api-diurnal.yaml'), 'utf8'), 'api-diurnal.yaml'))));
  const valid: ReadonlyArray<[DocumentKind, unknown]> = [
    ['workload', read('api-diurnal.yaml')],
    ['plan-complete', plan],
    ['plan-partial', { version: 1, functions: [{ name: 'api', reservedConcurrency: 10 }] }],
    ['scenario', read('scenarios/flash-sale.scenario.yaml')],
  ];

  test.each(valid)('accepts a valid %s document', (kind, document) => {
    expect(schemaProblems(document, kind)).toEqual([]);
    expect(thrown(document, kind, 'doc')).toEqual([]);
  });

  test('rejects each kind with problems that name the file and the field', () => {
    expect(thrown({ version: 2, functions: [] }, 'workload', 'w.yaml')).toEqual(expect.arrayContaining([expect.stringMatching(/^w\.yaml: version must be 1, got 2$/)]));
    expect(thrown({ version: 1, functions: [{ name: 'api' }] }, 'plan-partial', 'p.json')).toEqual(['p.json: functions[0].reservedConcurrency is required']);
    expect(thrown({ steps: [{ atSeconds: 0, rps: -1 }] }, 'scenario', 's.yaml')).toEqual(['s.yaml: steps[0].rps must be >= 0, got -1']);
  });

  test('a plan-partial document is not enough for plan-complete', () => {
    expect(schemaProblems({ version: 1, functions: [{ name: 'api', reservedConcurrency: 10 }] }, 'plan-complete').length).toBeGreaterThan(0);
  });

  test('a scenario with neither steps nor functions names both keys', () => {
    expect(thrown({ description: 'no traffic' }, 'scenario', 's.yaml')).toEqual(['s.yaml: functions is required', 's.yaml: steps is required']);
  });

  test('a mapping key made of digits is shown as a key, not as a list index', () => {
    expect(thrown({ functions: { '123': [{ atSeconds: -1, rps: 1 }] } }, 'scenario', 's.yaml')).toEqual(['s.yaml: functions["123"][0].atSeconds must be >= 0, got -1']);
  });

  test('recordSchemaProblems adds to the caller\'s problems and says whether the document is valid', () => {
    const problems = new Problems('p.json');
    problems.add('an earlier problem');
    expect(recordSchemaProblems({ version: 1, functions: 'none' }, 'plan-partial', problems)).toBe(false);
    expect(problems.messages).toEqual(['p.json: an earlier problem', 'p.json: functions must be array, got "none"']);
    expect(recordSchemaProblems({ version: 1, functions: [] }, 'plan-partial', new Problems('q.json'))).toBe(true);
  });
});
