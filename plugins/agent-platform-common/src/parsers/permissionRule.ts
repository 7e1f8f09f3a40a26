import { createParseIssue, ParseIssue } from '../errors';
import { KNOWN_TOOLS, PATH_TOOLS, SHELL_TOOLS } from './permissionTools';
import { quote } from './text';

/**
 * A parsed Claude Code permission rule, `Tool` or `Tool(specifier)`.
 *
 * @public
 */
export type PermissionRule = {
  /** The rule as written. */
  raw: string;
  /** The tool name, e.g. `Bash`, `Read`, `mcp__github__create_issue`. */
  tool: string;
  /** The normalized specifier; absent for a tool-wide rule. */
  specifier?: string;
  /** The canonical text of the rule, e.g. `Bash(git push *)` for `Bash(git push:*)`. */
  normalized: string;
  /** For MCP rules: the server, and the tool unless the rule covers the whole server. */
  mcp?: { server: string; tool?: string };
};

/**
 * The result of {@link parsePermissionRule}.
 *
 * @public
 */
export type PermissionRuleResult = {
  /** The rule, when it is well-formed. */
  rule?: PermissionRule;
  /** Why it is not, or warnings about it. */
  issues: ParseIssue[];
};

const TOOL_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

// Claude Code's file permission checks match path rules of Edit (for every
// file-editing tool) and Read; a path rule on these tools never matches.
const PATH_RULES_MATCHED_AS_EDIT: readonly string[] = ['Write', 'MultiEdit'];

function issue(
  options: { file?: string; line?: number },
  rule: string,
  message: string,
  severity: 'error' | 'warning' = 'error',
): ParseIssue {
  return createParseIssue({
    file: options.file ?? '<rule>',
    line: options.line,
    rule,
    message,
    severity,
  });
}

function normalizeSpecifier(tool: string, specifier: string): string {
  let spec = specifier.trim();
  if (SHELL_TOOLS.includes(tool)) {
    // The legacy ":*" suffix means the same as " *".
    if (spec.endsWith(':*')) {
      spec = `${spec.slice(0, -2).trimEnd()} *`;
    }
    return spec.replace(/\s+/g, ' ');
  }
  if (PATH_TOOLS.includes(tool)) {
    while (spec.startsWith('./')) {
      spec = spec.slice(2);
    }
    return spec === '' ? '.' : spec;
  }
  if (tool === 'WebFetch' && /^domain:/i.test(spec)) {
    return `domain:${spec.slice(7).trim().toLowerCase()}`;
  }
  return spec;
}

/**
 * Parses a Claude Code permission rule (`Bash(npm run test *)`, `Read(./secrets/**)`,
 * `WebFetch(domain:*.example.com)`, `mcp__github`, `mcp__github__*`,
 * `mcp__github__create_issue`) and normalizes it: the `:*` suffix of a Bash or PowerShell command
 * becomes ` *` (runs of spaces become one), a leading `./` of a path pattern is dropped (`./x` and
 * `x` both mean "relative to the current directory"), `Tool(*)` is tool-wide, `mcp__server__*` is
 * `mcp__server`, and WebFetch domains are lowercased. The specifier is everything between the
 * first `(` and the final `)`. MCP rules name a server, optionally followed by one tool or `*`;
 * other wildcards (`mcp__*`) are not part of Claude Code's grammar and are rejected.
 *
 * Use {@link permissionRuleCovers} and {@link permissionRulesOverlap} to compare rules.
 *
 * Rules: `permission-rule-empty`, `permission-rule-empty-tool`, `permission-rule-unbalanced-parens`,
 * `permission-rule-invalid-tool`, `permission-rule-empty-specifier`, `permission-rule-tool-case`
 * (warning: e.g. `bash(...)`; tool names are case-sensitive), `permission-rule-ineffective`
 * (warning: a rule Claude Code never matches as written, e.g. `Write(path)`, which only
 * `Edit(path)` expresses).
 *
 * @param options - where the rule was found, for the issues
 * @public
 */
export function parsePermissionRule(
  text: string,
  options: { file?: string; line?: number } = {},
): PermissionRuleResult {
  return parseUncached(text, options);
}

function parseUncached(
  text: string,
  options: { file?: string; line?: number },
): PermissionRuleResult {
  const raw = text;
  const trimmed = text.trim();
  const shown = quote(trimmed);
  const fail = (rule: string, message: string): PermissionRuleResult => ({
    issues: [issue(options, rule, message)],
  });
  if (trimmed === '') {
    return fail('permission-rule-empty', 'The permission rule is empty');
  }
  const open = trimmed.indexOf('(');
  const hasClose = trimmed.includes(')');
  if (open < 0 && hasClose) {
    return fail(
      'permission-rule-unbalanced-parens',
      `The permission rule ${shown} has ")" without "("`,
    );
  }
  if (open >= 0 && !trimmed.endsWith(')')) {
    return fail(
      'permission-rule-unbalanced-parens',
      hasClose
        ? `The permission rule ${shown} has text after its closing ")"`
        : `The permission rule ${shown} opens "(" but never closes it`,
    );
  }
  const tool = (open >= 0 ? trimmed.slice(0, open) : trimmed).trim();
  if (tool === '') {
    return fail(
      'permission-rule-empty-tool',
      `The permission rule ${shown} has no tool name before "("`,
    );
  }
  const issues: ParseIssue[] = [];
  const mcpMatch = /^mcp__(.*)$/.exec(tool);
  let mcp: PermissionRule['mcp'];
  if (mcpMatch) {
    const [server, ...rest] = mcpMatch[1].split('__');
    const mcpTool = rest.join('__');
    if (
      !/^[A-Za-z0-9_-]+$/.test(server) ||
      (mcpTool !== '' && !/^(?:\*|[A-Za-z0-9_-]+)$/.test(mcpTool))
    ) {
      return fail(
        'permission-rule-invalid-tool',
        `The MCP rule ${shown} must look like mcp__<server>, mcp__<server>__* or mcp__<server>__<tool>`,
      );
    }
    mcp = { server };
    if (mcpTool !== '' && mcpTool !== '*') {
      mcp.tool = mcpTool;
    }
  } else if (!TOOL_NAME.test(tool)) {
    return fail(
      'permission-rule-invalid-tool',
      `The tool name ${quote(
        tool,
      )} in ${shown} is invalid; tool names are letters, digits, "_" and "-", e.g. Bash or Read`,
    );
  } else if (!KNOWN_TOOLS.includes(tool)) {
    const known = KNOWN_TOOLS.find(k => k.toLowerCase() === tool.toLowerCase());
    if (known) {
      issues.push(
        issue(
          options,
          'permission-rule-tool-case',
          `The tool ${quote(
            tool,
          )} in ${shown} does not exist; tool names are case-sensitive, did you mean ${known}?`,
          'warning',
        ),
      );
    }
  }

  let specifier: string | undefined;
  if (open >= 0) {
    const inner = trimmed.slice(open + 1, -1);
    if (inner.trim() === '') {
      return fail(
        'permission-rule-empty-specifier',
        `The permission rule ${shown} has empty parentheses; write ${tool} for the whole tool`,
      );
    }
    const normalizedSpec = normalizeSpecifier(tool, inner);
    if (normalizedSpec !== '*') {
      specifier = normalizedSpec;
    }
  }

  const canonicalTool = mcp
    ? `mcp__${mcp.server}${mcp.tool ? `__${mcp.tool}` : ''}`
    : tool;
  const rule: PermissionRule = {
    raw,
    tool: canonicalTool,
    normalized:
      specifier === undefined
        ? canonicalTool
        : `${canonicalTool}(${specifier})`,
  };
  if (specifier !== undefined) {
    rule.specifier = specifier;
    if (PATH_RULES_MATCHED_AS_EDIT.includes(canonicalTool)) {
      issues.push(
        issue(
          options,
          'permission-rule-ineffective',
          `${shown} is never matched: Claude Code checks file writes against Edit(path) rules only (they cover every tool that edits files); write Edit(${specifier})`,
          'warning',
        ),
      );
    }
  }
  if (mcp) {
    rule.mcp = mcp;
  }
  return { rule, issues };
}


/**
 * Returns the canonical text of a permission rule, or undefined when it is malformed.
 *
 * @public
 */
export function normalizePermissionRule(text: string): string | undefined {
  return parsePermissionRule(text).rule?.normalized;
}
