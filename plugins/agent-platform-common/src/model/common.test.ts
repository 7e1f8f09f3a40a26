import { z } from 'zod';
import {
  dateStringSchema,
  exactSemverSchema,
  isRecord,
  validateWith,
} from './common';

describe('common', () => {
  it('turns zod issues into dotted paths', () => {
    const schema = z.object({ a: z.array(z.object({ b: z.number() })) });
    expect(validateWith(schema, { a: [{ b: 'x' }] })).toEqual({
      success: false,
      issues: [{ path: 'a.0.b', message: expect.any(String) }],
    });
    expect(validateWith(schema, { a: [] })).toEqual({
      success: true,
      entity: { a: [] },
    });
  });

  it('accepts exact semver and dates only', () => {
    expect(exactSemverSchema.safeParse('1.2.3').success).toBe(true);
    expect(exactSemverSchema.safeParse('v1.2.3').success).toBe(false);
    expect(exactSemverSchema.safeParse('^1.2.3').success).toBe(false);
    expect(dateStringSchema.safeParse('2027-01-31').success).toBe(true);
    expect(dateStringSchema.safeParse('2027-01-31T10:00:00Z').success).toBe(
      true,
    );
    expect(dateStringSchema.safeParse('Jan 31').success).toBe(false);
  });

  it('tells plain objects apart', () => {
    expect(isRecord({})).toBe(true);
    expect(isRecord([])).toBe(false);
    expect(isRecord(null)).toBe(false);
  });
});
