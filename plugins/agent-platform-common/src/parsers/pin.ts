import { validRange } from 'semver';
import { createParseIssue, ParseIssue } from '../errors';
import { BASE_NAME_PATTERN, isExactSemver } from '../model/values';
import { MarkdownScan, scanMarkdown } from './markdown';
import { createLineLocator, normalizeText, quote } from './text';

/**
 * An `extends:` pin: the org base a context file inherits, at one exact version.
 *
 * @public
 */
export type ExtendsPin = {
  /** The base config's entity name, e.g. `org-base`. */
  base: string;
  /** The exact semver version, e.g. `2.4.0`. */
  version: string;
  /** 1-based line of the pin comment. */
  line: number;
};

/**
 * The result of {@link parsePinRef}: either the parts of a valid `base@version` reference, or
 * the rule it breaks and why.
 *
 * @public
 */
export type BaseRefResult =
  | { ok: true; base: string; version: string }
  | { ok: false; rule: string; message: string };

/**
 * The pins found in one file, see {@link parsePins}.
 *
 * @public
 */
export type PinScan = {
  /** Every well-formed pin, in file order. */
  pins: ExtendsPin[];
  /** The file's pin: the first well-formed one. */
  pin?: ExtendsPin;
  /** Malformed pins, conflicting pins and near misses. */
  issues: ParseIssue[];
};

const DIRECTIVE = /^[ \t]*agent-platform:[ \t]*/;
const NEAR_DIRECTIVE = /^\s*agent[-_ ]?platform\s*:/i;
const EXTENDS = /^extends:[ \t]*/;

/**
 * Checks the version part of a pin: exact semver, no ranges, no leading `v`.
 * Returns undefined when valid, else the rule broken and a message.
 */
function checkExactVersion(
  version: string,
): { rule: string; message: string } | undefined {
  if (version === '') {
    return {
      rule: 'pin-missing-version',
      message: 'The version after "@" is empty',
    };
  }
  if (isExactSemver(version)) {
    return undefined;
  }
  if (/^[vV]/.test(version) && isExactSemver(version.slice(1))) {
    return {
      rule: 'pin-version-leading-v',
      message: `The version ${quote(version)} has a leading "v"; write ${quote(
        version.slice(1),
      )}`,
    };
  }
  if (validRange(version) !== null) {
    return {
      rule: 'pin-version-range',
      message: `The version ${quote(
        version,
      )} is a range; a pin names one exact release, e.g. "2.4.0"`,
    };
  }
  return {
    rule: 'pin-invalid-version',
    message: `The version ${quote(
      version,
    )} is not a semver version like "2.4.0"`,
  };
}

/**
 * A pin read once at the edge (when an entity is indexed) and carried as this
 * value after: the text as written and what it parses to.
 *
 * @public
 */
export type ParsedPin = {
  /** The pin as written (`org-base@2.4.0`, or a bare version). */
  text: string;
  /** The parsed reference, or the rule it breaks. */
  ref: BaseRefResult;
};

/**
 * Reads a pin as written into a {@link ParsedPin}.
 *
 * @public
 */
export function readPin(text: string): ParsedPin {
  return { text, ref: parsePinRef(text) };
}

/**
 * Parses a base reference `<base-name>@<exact semver>`, as used in a pin comment and in an
 * agent config's `spec.extends` (docs/entity-model.md).
 *
 * Rules: `pin-malformed`, `pin-missing-version`, `pin-invalid-base`, `pin-version-leading-v`,
 * `pin-version-range`, `pin-invalid-version`.
 *
 * @public
 */
export function parsePinRef(ref: string): BaseRefResult {
  const trimmed = ref.trim();
  if (trimmed === '') {
    return {
      ok: false,
      rule: 'pin-malformed',
      message: 'The base reference is empty; expected "<base>@<version>"',
    };
  }
  if (/\s/.test(trimmed)) {
    return {
      ok: false,
      rule: 'pin-malformed',
      message: `The base reference ${quote(
        trimmed,
      )} contains spaces; expected "<base>@<version>" with nothing else`,
    };
  }
  const at = trimmed.indexOf('@');
  if (at < 0) {
    return {
      ok: false,
      rule: 'pin-missing-version',
      message: `The base reference ${quote(
        trimmed,
      )} has no "@<version>"; expected e.g. "${trimmed}@2.4.0"`,
    };
  }
  const base = trimmed.slice(0, at);
  const version = trimmed.slice(at + 1);
  if (!BASE_NAME_PATTERN.test(base)) {
    let why = 'only lowercase letters, digits and "-" are allowed';
    if (base === '') {
      why = 'it is empty';
    } else if (base.length > 64) {
      why = 'it is longer than 64 characters';
    } else if (/[A-Z]/.test(base)) {
      why = 'it contains uppercase letters';
    }
    return {
      ok: false,
      rule: 'pin-invalid-base',
      message: `The base name ${quote(base)} is invalid: ${why}`,
    };
  }
  const versionProblem = checkExactVersion(version);
  if (versionProblem) {
    return { ok: false, ...versionProblem };
  }
  return { ok: true, base, version };
}

/**
 * Produces the canonical pin line, e.g. `<!-- agent-platform: extends: org-base@2.4.0 -->`.
 * Throws when the base name or version breaks the grammar.
 *
 * @public
 */
export function formatPin(base: string, version: string): string {
  const parsed = parsePinRef(`${base}@${version}`);
  if (!parsed.ok) {
    throw new Error(`Cannot format pin: ${parsed.message}`);
  }
  return `<!-- agent-platform: extends: ${parsed.base}@${parsed.version} -->`;
}

/**
 * Finds the `extends:` pin comments of a Markdown text, ignoring those inside fenced code
 * blocks and inline code spans (docs/entity-model.md, "The pin line").
 *
 * Rules: those of {@link parsePinRef}, plus `pin-unknown-directive` (warning),
 * `pin-conflict` (two different pins in one file), `pin-duplicate` (warning: the same pin twice)
 * and `pin-outside-comment` (warning: a pin-like line that is not in an HTML comment).
 *
 * @param scan - an existing {@link scanMarkdown} result of the same normalized text, to avoid
 * scanning twice
 * @public
 */
export function parsePins(
  text: string,
  options: { file: string; scan?: MarkdownScan },
): PinScan {
  const { file } = options;
  const normalized = normalizeText(text);
  const scan = options.scan ?? scanMarkdown(normalized);
  const result: PinScan = { pins: [], issues: [] };

  for (const comment of scan.comments) {
    const { content, line } = comment;
    const directive = DIRECTIVE.exec(content);
    if (!directive) {
      if (NEAR_DIRECTIVE.test(content)) {
        result.issues.push(
          createParseIssue({
            file,
            line,
            rule: 'pin-malformed',
            message: `The comment on line ${line} looks like a pin but does not start with "agent-platform:" exactly (lowercase, no space before the colon)`,
          }),
        );
      }
      continue;
    }
    const rest = content.slice(directive[0].length);
    const extendsMatch = EXTENDS.exec(rest);
    if (!extendsMatch) {
      result.issues.push(
        createParseIssue({
          file,
          line,
          rule: 'pin-unknown-directive',
          severity: 'warning',
          message: `Unknown agent-platform directive ${quote(
            rest.trim(),
          )} on line ${line}; the only directive is "extends: <base>@<version>"`,
        }),
      );
      continue;
    }
    if (!comment.closed || content.includes('\n')) {
      result.issues.push(
        createParseIssue({
          file,
          line,
          rule: 'pin-malformed',
          message: `The pin comment on line ${line} must be one line ending in "-->": <!-- agent-platform: extends: <base>@<version> -->`,
        }),
      );
      continue;
    }
    const parsed = parsePinRef(rest.slice(extendsMatch[0].length));
    if (!parsed.ok) {
      result.issues.push(
        createParseIssue({
          file,
          line,
          rule: parsed.rule,
          message: `${parsed.message} (pin on line ${line})`,
        }),
      );
      continue;
    }
    const pin: ExtendsPin = {
      base: parsed.base,
      version: parsed.version,
      line,
    };
    const first = result.pins[0];
    if (first) {
      if (first.base === pin.base && first.version === pin.version) {
        result.issues.push(
          createParseIssue({
            file,
            line,
            rule: 'pin-duplicate',
            severity: 'warning',
            message: `The pin on line ${line} repeats the pin on line ${first.line} (${first.base}@${first.version}); keep one`,
          }),
        );
      } else {
        result.issues.push(
          createParseIssue({
            file,
            line,
            rule: 'pin-conflict',
            message: `Two different pins in one file: ${pin.base}@${pin.version} on line ${line} conflicts with ${first.base}@${first.version} on line ${first.line}; a repository extends one base`,
          }),
        );
      }
    }
    result.pins.push(pin);
  }
  result.pin = result.pins[0];

  const lineOf = createLineLocator(scan.prose);
  for (const match of scan.prose.matchAll(/agent-platform:[ \t]*extends:/g)) {
    const line = lineOf(match.index ?? 0);
    result.issues.push(
      createParseIssue({
        file,
        line,
        rule: 'pin-outside-comment',
        severity: 'warning',
        message: `Line ${line} looks like a pin but is not inside an HTML comment, so it is ignored (and agents read it); write <!-- agent-platform: extends: <base>@<version> -->`,
      }),
    );
  }
  return result;
}
