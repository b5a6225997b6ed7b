/**
 * The one escaping of values from input (lib/report/escape.ts): what it escapes, what it keeps, and the
 * stream guard that no piece split can get a `::` line past.
 */
import * as fc from 'fast-check';
import { escapeControl, guardLines, LineGuard, safeJson } from '../../lib/report/escape';
import { runs } from '../support/runs';

describe('escapeControl', () => {
  test('writes newlines, tabs, ESC, C1 and bidi controls as escapes, and keeps everything else', () => {
    expect(escapeControl('a\nb\r\tc\u001b[31md\u009be\u202ef\u2066g\u2028h')).toBe('a\\nb\\r\\tc\\u001B[31md\\u009Be\\u202Ef\\u2066g\\u2028h');
    expect(escapeControl('Zürich C:\\temp 日本 ::x')).toBe('Zürich C:\\temp 日本 ::x');
  });

  test('is idempotent: escaping twice changes nothing more', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.constantFrom('\n', '\u001b', '\u202e', '\u0085', '\\', 'u'), fc.string({ maxLength: 3 })), { maxLength: 12 }).map((p) => p.join('')), (s) => escapeControl(escapeControl(s)) === escapeControl(s)), { numRuns: runs(2000, 200), seed: 18 });
  });
});

describe('guardLines', () => {
  test('a line starting with :: (after blanks) gets a backslash; ours and mid-line :: are kept', () => {
    expect(guardLines('ok\n::error::x\n   ::add-mask::y\nfile a::b\n')).toBe('ok\n\\::error::x\n   \\::add-mask::y\nfile a::b\n');
  });

  test('the blanks are every white space the runner trims (.NET TrimStart): U+00A0, U+2003, U+3000, …', () => {
    expect(guardLines('\u3000::error::x\n\u00a0 \u2003::warning::y\n\u1680\u202f\u205f::add-mask::z')).toBe('\u3000\\::error::x\n\u00a0 \u2003\\::warning::y\n\u1680\u202f\u205f\\::add-mask::z');
    // U+FEFF, drawn as nothing, is written as its escape: the line then starts with `\uFEFF`, not `::`.
    expect(guardLines('\u1680\ufeff::add-mask::z')).toBe('\u1680\\uFEFF::add-mask::z');
  });

  test('breaks ##[ anywhere, and escapes controls but keeps newlines', () => {
    expect(guardLines('a ##[error]x\u001b\nb')).toBe('a ##\\[error]x\\u001B\nb');
  });

  test('breaks Azure ##vso[ and TeamCity ##teamcity[ anywhere, in any case; a ## without [ is kept', () => {
    expect(guardLines('a ##vso[task.setvariable variable=x]1 ##VSO[task.complete result=Failed]')).toBe('a ##vso\\[task.setvariable variable=x]1 ##VSO\\[task.complete result=Failed]');
    expect(guardLines("##teamcity[buildStatus text='x'] ##TeamCity[y]")).toBe("##teamcity\\[buildStatus text='x'] ##TeamCity\\[y]");
    expect(guardLines('## heading ##vso ##teamcity')).toBe('## heading ##vso ##teamcity');
  });
});

describe('LineGuard', () => {
  test('a :: split across pieces, or after blanks written before, is still caught', () => {
    const guard = new LineGuard();
    const out = ['ok\n', ':', ':error::x\n', '  ', ':', ':y', ' z\nlast', '::not at start\n'].map((p) => guard.guard(p)).join('') + guard.flush();
    expect(out).toBe('ok\n\\::error::x\n  \\::y z\nlast::not at start\n');
  });

  test('Unicode white space before :: is blank too, also when the :: comes in a later piece', () => {
    const guard = new LineGuard();
    const out = ['ok\n\u3000', ':', ':error::x\n\u00a0\u2003::y\n'].map((p) => guard.guard(p)).join('') + guard.flush();
    expect(out).toBe('ok\n\u3000\\::error::x\n\u00a0\u2003\\::y\n');
  });

  test('what it holds back comes out on flush', () => {
    const guard = new LineGuard();
    expect(guard.guard('done\n  :')).toBe('done\n');
    expect(guard.flush()).toBe('  :');
  });

  test('property: any split of any text gives what guardLines gives for its line starts', () => {
    const text = fc.array(fc.constantFrom(':', '::', ' ', '\u3000', '\u00a0', '\n', 'a', '\t', 'x:'), { maxLength: 30 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 6 }), (t, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (t.length + 1)))].sort((a, b) => a - b);
        const pieces = [0, ...points].map((p, i, all) => t.slice(p, all[i + 1] ?? t.length));
        const guard = new LineGuard();
        const out = pieces.map((p) => guard.guard(p)).join('') + guard.flush();
        return out === t.replace(/^([ \t\u3000\u00a0]*)::/gm, '$1\\::');
      }),
      { numRuns: runs(5000, 500), seed: 18 },
    );
  });
});

test('safeJson: bidi, C1 and ##[ escaped, the same data once parsed', () => {
  const value = { id: 'a\u202eb\u0085c##[error]\n' };
  const text = safeJson(value);
  expect(text).toBe('{"id":"a\\u202Eb\\u0085c##\\u005Berror]\\n"}');
  expect(JSON.parse(text)).toEqual(value);
});

test('safeJson: ##vso[ and ##teamcity[ escaped in any case, the same data once parsed', () => {
  const value = { id: 'a##Vso[task.setvariable variable=x]1', d: '##teamcity[buildStatus]' };
  const text = safeJson(value);
  expect(text).toBe('{"id":"a##Vso\\u005Btask.setvariable variable=x]1","d":"##teamcity\\u005BbuildStatus]"}');
  expect(JSON.parse(text)).toEqual(value);
});
