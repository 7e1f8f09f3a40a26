import type { McpServerTool } from '../model/McpServerEntity';

/**
 * A tool as an MCP server reports it in `tools/list`.
 *
 * @public
 */
export type RealMcpTool = {
  name: string;
  description?: string;
  /** The tool's own hints (MCP `ToolAnnotations`). */
  annotations?: {
    readOnlyHint?: boolean;
    destructiveHint?: boolean;
    idempotentHint?: boolean;
    openWorldHint?: boolean;
    title?: string;
  };
};

/**
 * One difference between what a governance file declares about a server's
 * tools and what the server really offers.
 *
 * @public
 */
export type McpToolFinding = {
  /**
   * `mcp-tool-undeclared` (the server offers a tool nobody reviewed),
   * `mcp-tool-missing` (a declared tool the server no longer has),
   * `mcp-tool-access-understated` (declared read or write, the tool says it
   * writes or destroys), `mcp-tool-access-overstated` (declared write or
   * destructive, the tool says it only reads), `mcp-tools-capped` (the
   * listing was cut at the cap).
   */
  rule:
    | 'mcp-tool-undeclared'
    | 'mcp-tool-missing'
    | 'mcp-tool-access-understated'
    | 'mcp-tool-access-overstated'
    | 'mcp-tools-capped';
  severity: 'error' | 'warning';
  /** The tool, when the finding is about one. */
  tool?: string;
  message: string;
};

/** What a tool's explicit hints say about its access; undefined when it gives none. */
function hintedAccess(tool: RealMcpTool): McpServerTool['access'] | undefined {
  const hints = tool.annotations ?? {};
  if (hints.readOnlyHint === true) {
    return 'read';
  }
  if (hints.destructiveHint === true) {
    return 'destructive';
  }
  if (hints.readOnlyHint === false) {
    return hints.destructiveHint === false ? 'write' : undefined;
  }
  return undefined;
}

const RANK = { read: 0, write: 1, destructive: 2 } as const;

/**
 * Compares a server's declared tools with the tools it really lists. Only
 * explicit hints are compared (absent hints say nothing); `readOnlyHint:
 * true` means read, `destructiveHint: true` destructive, `readOnlyHint:
 * false` with `destructiveHint: false` write.
 *
 * @public
 */
export function compareMcpTools(
  declared: ReadonlyArray<McpServerTool>,
  real: ReadonlyArray<RealMcpTool>,
  options: { truncated?: boolean; cap?: number } = {},
): McpToolFinding[] {
  const findings: McpToolFinding[] = [];
  const declaredByName = new Map(declared.map(t => [t.name, t]));
  const realNames = new Set(real.map(t => t.name));
  for (const tool of real) {
    const entry = declaredByName.get(tool.name);
    if (!entry) {
      findings.push({
        rule: 'mcp-tool-undeclared',
        severity: 'error',
        tool: tool.name,
        message: `The server offers ${tool.name}, which the governance file does not declare: nobody reviewed it`,
      });
      continue;
    }
    const hinted = hintedAccess(tool);
    if (!hinted || hinted === entry.access) {
      continue;
    }
    if (RANK[hinted] > RANK[entry.access]) {
      findings.push({
        rule: 'mcp-tool-access-understated',
        severity: 'error',
        tool: tool.name,
        message: `${tool.name} is declared ${
          entry.access
        }, but the server marks it ${hinted} (${JSON.stringify(
          tool.annotations,
        )})`,
      });
    } else {
      findings.push({
        rule: 'mcp-tool-access-overstated',
        severity: 'warning',
        tool: tool.name,
        message: `${tool.name} is declared ${entry.access}, but the server marks it ${hinted}`,
      });
    }
  }
  if (!options.truncated) {
    for (const entry of declared) {
      if (!realNames.has(entry.name)) {
        findings.push({
          rule: 'mcp-tool-missing',
          severity: 'warning',
          tool: entry.name,
          message: `${entry.name} is declared, but the server no longer has it`,
        });
      }
    }
  } else {
    findings.push({
      rule: 'mcp-tools-capped',
      severity: 'warning',
      message: `The server lists more than ${
        options.cap ?? real.length
      } tools; only the first ${
        real.length
      } were compared, and declared tools are not checked for absence`,
    });
  }
  return findings;
}
