/** Code-point order of two strings (refs are lower-case ASCII). */
export function byText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Errors before warnings. */
export function bySeverity(
  a: { severity: string },
  b: { severity: string },
): number {
  if (a.severity === b.severity) return 0;
  return a.severity === 'error' ? -1 : 1;
}
