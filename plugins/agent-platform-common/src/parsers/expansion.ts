/**
 * A `${VAR}` or `${VAR:-default}` reference in a configuration value.
 *
 * @public
 */
export type EnvReference = {
  /** The variable name. */
  name: string;
  /** The fallback after `:-`, when given. */
  default?: string;
  /** The whole expression, e.g. `${API_BASE_URL:-https://api.example.com}`. */
  expression: string;
};

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Lists the `${VAR}` and `${VAR:-default}` references in a value, the two forms Claude Code
 * expands in `.mcp.json` (command, args, env, url, headers).
 *
 * @public
 */
export function findEnvReferences(value: string): EnvReference[] {
  const out: EnvReference[] = [];
  for (const match of value.matchAll(REFERENCE)) {
    const ref: EnvReference = { name: match[1], expression: match[0] };
    if (match[2] !== undefined) {
      ref.default = match[2];
    }
    out.push(ref);
  }
  return out;
}

/**
 * Returns the `${...}` expressions in a value that Claude Code would not expand: an unclosed
 * `${`, an invalid variable name, or an operator other than `:-`.
 *
 * @public
 */
export function findMalformedEnvReferences(value: string): string[] {
  const out: string[] = [];
  const withoutValid = value.replace(REFERENCE, '');
  let index = withoutValid.indexOf('${');
  while (index >= 0) {
    const close = withoutValid.indexOf('}', index);
    out.push(
      close < 0
        ? withoutValid.slice(index)
        : withoutValid.slice(index, close + 1),
    );
    index = withoutValid.indexOf('${', index + 2);
  }
  return out;
}

/**
 * Returns the `$VAR` references without braces in a value. Claude Code only expands `${VAR}`,
 * so `$HOME/bin/server` is passed on literally unless a shell interprets it.
 *
 * @public
 */
export function findBareEnvReferences(value: string): string[] {
  const out: string[] = [];
  for (const match of value.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)) {
    out.push(match[0]);
  }
  return out;
}

/**
 * Removes every `${VAR}` / `${VAR:-default}` reference from a value, leaving only what is
 * written literally.
 *
 * @public
 */
export function stripEnvReferences(value: string): string {
  return value.replace(REFERENCE, '');
}
