const usd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const count = new Intl.NumberFormat('en-US');
const compact = new Intl.NumberFormat('en-US', {
  notation: 'compact',
  maximumFractionDigits: 1,
});

/** `$1,234.50`. */
export function formatUsd(value: number): string {
  return usd.format(value);
}

/** `1,234`. */
export function formatCount(value: number): string {
  return count.format(value);
}

/** `1.2M`. */
export function formatCompact(value: number): string {
  return compact.format(value);
}

/** `42.5%` for 0.425; an em dash for null. */
export function formatPercent(value: number | null, digits = 1): string {
  if (value === null || !Number.isFinite(value)) return '—';
  return `${(value * 100).toFixed(digits)}%`;
}

/** `+12.0%` / `-3.5%`; `—` for null (no previous spend). */
export function formatChange(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const sign = value > 0 ? '+' : '';
  return `${sign}${(value * 100).toFixed(1)}%`;
}

/** The part of a ref after `kind:` and `default/`: `airesource:default/x` -> `x`. */
export function shortRef(ref: string): string {
  const withoutKind = ref.includes(':') ? ref.slice(ref.indexOf(':') + 1) : ref;
  return withoutKind.startsWith('default/')
    ? withoutKind.slice('default/'.length)
    : withoutKind;
}

/** `YYYY-MM-DD` of a date, UTC. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The spend range of the last `days` days ending today (UTC), inclusive. */
export function lastDays(
  days: number,
  now: Date,
): { from: string; to: string } {
  const to = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()),
  );
  const from = new Date(to.getTime() - (days - 1) * 86_400_000);
  return { from: isoDay(from), to: isoDay(to) };
}
