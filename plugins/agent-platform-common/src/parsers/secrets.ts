import { stripEnvReferences } from './expansion';

/**
 * Options of {@link detectLiteralSecret}.
 *
 * @public
 */
export type SecretDetectionOptions = {
  /** The name the value is stored under (env variable or header name), if any. */
  key?: string;
  /** Also treat `{name}` templates (server.json style) as non-literal. */
  braceTemplates?: boolean;
  /** Also flag long random-looking strings that match no known token format. */
  entropy?: boolean;
};

const KNOWN_TOKENS: ReadonlyArray<[RegExp, string]> = [
  [/\bsk-(?:ant-|proj-|live-)?[A-Za-z0-9_-]{16,}/, 'an API key ("sk-...")'],
  [/\b[rsp]k_(?:live|test)_[A-Za-z0-9]{16,}/, 'a Stripe key'],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}/, 'a GitHub token'],
  [/\bgithub_pat_[A-Za-z0-9_]{30,}/, 'a GitHub fine-grained token'],
  [/\bglpat-[A-Za-z0-9_-]{20,}/, 'a GitLab token'],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/\bAIza[0-9A-Za-z_-]{35}/, 'a Google API key'],
  [/\bnpm_[A-Za-z0-9]{36}\b/, 'an npm token'],
  [
    /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/,
    'a JSON Web Token',
  ],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a private key'],
];

const SECRET_WORDS = Object.freeze([
  'token',
  'secret',
  'password',
  'passwd',
  'pwd',
  'apikey',
  'key',
  'credential',
  'credentials',
  'auth',
  'authorization',
  'pat',
  'cookie',
]);

const PLACEHOLDER =
  /^(?:<[^>]*>|\*+|x{4,}|your[-_ ].*|.*[-_]here|changeme|change-me|placeholder|redacted|todo|none|null|true|false|\d+)$/i;

function keySuggestsSecret(key: string): boolean {
  return key
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .some(part => SECRET_WORDS.includes(part.toLowerCase()));
}

function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) {
    counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * Says whether a configuration value looks like a secret written literally instead of through a
 * `${VAR}` reference: a known token format (`sk-...`, `ghp_...`, AWS keys, JWTs ...), an
 * `Authorization` scheme followed by a literal credential (`Bearer abc...`), credentials in a URL,
 * or a secret-sounding key (`API_KEY`, `X-Api-Token`) holding a literal, non-placeholder value.
 * Returns a short reason, or undefined when the value looks safe.
 *
 * @public
 */
export function detectLiteralSecret(
  value: string,
  options: SecretDetectionOptions = {},
): string | undefined {
  let literal = stripEnvReferences(value);
  if (options.braceTemplates) {
    literal = literal.replace(/\{[A-Za-z_][A-Za-z0-9_]*\}/g, '');
  }
  if (literal.trim() === '') {
    return undefined;
  }
  for (const [pattern, what] of KNOWN_TOKENS) {
    if (pattern.test(literal)) {
      return `looks like ${what}`;
    }
  }
  const scheme = /^\s*(Bearer|Basic|Token|Bot)\s+(\S+)/i.exec(literal);
  if (scheme && scheme[2].length >= 6) {
    return `is a literal "${scheme[1]}" credential`;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i.test(literal)) {
    return 'has a user name and password in the URL';
  }
  const query =
    /[?&](?:api[_-]?key|apikey|token|access_token|secret|password|key)=([^&#\s]{8,})/i.exec(
      literal,
    );
  if (query) {
    return 'has a credential in the URL query';
  }
  const trimmed = literal.trim();
  const looksLikeValue =
    trimmed === value.trim() &&
    trimmed.length >= 8 &&
    !/\s/.test(trimmed) &&
    !PLACEHOLDER.test(trimmed) &&
    !/^(?:[a-z][a-z0-9+.-]*:\/\/|\/|\.{1,2}\/|~\/)/i.test(trimmed);
  if (options.key && keySuggestsSecret(options.key) && looksLikeValue) {
    return `is stored under ${JSON.stringify(
      options.key,
    )}, a secret-sounding name, as a literal value`;
  }
  if (
    options.entropy &&
    /^[A-Za-z0-9_\-+=.]{32,}$/.test(trimmed) &&
    /[0-9]/.test(trimmed) &&
    /[A-Za-z]/.test(trimmed) &&
    entropy(trimmed) >= 3.5
  ) {
    return 'is a long random-looking string';
  }
  return undefined;
}
