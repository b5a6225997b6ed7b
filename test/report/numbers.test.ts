import fc from 'fast-check';
import { approx, count, dollars, usd } from '../../lib/report/numbers';

const parse = (text: string): number => Number(text.replace(/[$,]/g, ''));

describe('table numbers', () => {
  test('money has cents and grouped thousands', () => {
    expect(usd(75362.549)).toBe('$75,362.55');
    expect(usd(0)).toBe('$0.00');
    expect(usd(1234567.5)).toBe('$1,234,567.50');
    expect(dollars(823.391)).toBe('823.39');
  });

  test('counts are whole and grouped', () => {
    expect(count(2754241.4)).toBe('2,754,241');
    expect(count(999)).toBe('999');
  });

  test('measured quantities keep three significant digits, and every digit of a whole number from 1,000 up', () => {
    expect(approx(23.8425)).toBe('23.8');
    expect(approx(0.45678)).toBe('0.457');
    expect(approx(54)).toBe('54');
    expect(approx(1234.5)).toBe('1,235');
  });

  test('rounding moves a value by at most half a unit in its last shown digit', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e9, noNaN: true }), (x) => {
        expect(Math.abs(parse(approx(x)) - x)).toBeLessThanOrEqual(x < 1000 ? 0.005 * x + 1e-12 : 0.5);
        expect(Math.abs(parse(usd(x)) - x)).toBeLessThanOrEqual(0.005 + x * 1e-15);
      }),
    );
  });
});
