import {
  formatChange,
  formatPercent,
  formatUsd,
  lastDays,
  shortRef,
} from './format';

describe('format', () => {
  it('formats money, shares and changes', () => {
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatPercent(0.425)).toBe('42.5%');
    expect(formatPercent(null)).toBe('—');
    expect(formatChange(0.12)).toBe('+12.0%');
    expect(formatChange(-0.035)).toBe('-3.5%');
    expect(formatChange(null)).toBe('—');
  });

  it('shortens refs in the default namespace only', () => {
    expect(shortRef('airesource:default/code-review')).toBe('code-review');
    expect(shortRef('group:acme/payments')).toBe('acme/payments');
  });

  it('computes an inclusive UTC range of N days', () => {
    expect(lastDays(30, new Date('2026-11-21T23:30:00Z'))).toEqual({
      from: '2026-10-23',
      to: '2026-11-21',
    });
    expect(lastDays(1, new Date('2026-03-01T00:00:00Z'))).toEqual({
      from: '2026-03-01',
      to: '2026-03-01',
    });
    expect(lastDays(365, new Date('2026-11-20T12:00:00Z'))).toEqual({
      from: '2025-11-21',
      to: '2026-11-20',
    });
  });
});
