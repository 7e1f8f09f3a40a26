import {
  applyExceptions,
  exceptionEndsAt,
  ExceptableViolation,
} from './exceptions';
import { exception } from './__testUtils__/fixtures';

const violation: ExceptableViolation = {
  rule: 'deny-covered',
  severity: 'error',
  layer: 'team:t',
  item: 'Bash(curl https://x.example/api)',
  message: 'Loosens a deny.',
  exceptable: 'permission-rule',
};

describe('exceptions', () => {
  it('reads dates as the end of that day, UTC', () => {
    expect(exceptionEndsAt('2027-01-31')).toBe(
      Date.parse('2027-01-31T23:59:59.999Z'),
    );
    expect(exceptionEndsAt('2027-01-31T10:00:00Z')).toBe(
      Date.parse('2027-01-31T10:00:00Z'),
    );
    expect(exceptionEndsAt('2027-02-30')).toBeUndefined();
    expect(exceptionEndsAt('soon')).toBeUndefined();
  });

  it('prefers the exception that holds longest', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    const outcome = applyExceptions(
      violation,
      [
        { ...exception('Bash(curl *)', '2026-11-01'), layer: 'team:t' },
        {
          ...exception('Bash(curl https://x.example/*)', '2027-03-01'),
          layer: 'team:t',
        },
      ],
      now,
    );
    expect(outcome.kind).toBe('excepted');
    expect(outcome.kind === 'excepted' && outcome.note.exception.until).toBe(
      '2027-03-01',
    );
    expect(outcome.kind === 'excepted' && 'exceptable' in outcome.note).toBe(
      false,
    );
  });

  it('leaves the violation when no exception covers it', () => {
    const outcome = applyExceptions(
      violation,
      [{ ...exception('api:default/github', '2027-03-01'), layer: 'team:t' }],
      new Date('2026-12-01T00:00:00Z'),
    );
    expect(outcome).toEqual({
      kind: 'violation',
      violation: {
        rule: 'deny-covered',
        severity: 'error',
        layer: 'team:t',
        item: 'Bash(curl https://x.example/api)',
        message: 'Loosens a deny.',
      },
    });
  });
});
