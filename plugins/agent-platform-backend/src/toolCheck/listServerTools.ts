import { RealMcpTool } from '@agent-platform/plugin-agent-platform-common';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/** Limits of one `tools/list` run. */
export interface ListServerToolsOptions {
  /** Whole run (connect and every page), in milliseconds. */
  timeoutMs: number;
  /** More tools than this and the listing stops, marked truncated. */
  maxTools: number;
  /** A listing with more pages than this stops, marked truncated. */
  maxPages?: number;
  /** Headers to send, e.g. an Authorization for the checker's own identity. */
  headers?: Record<string, string>;
}

/**
 * Lists a remote MCP server's real tools over streamable HTTP with the
 * official SDK client: `initialize`, then `tools/list` page by page, within
 * one deadline, at most `maxTools` tools. Throws when the server cannot be
 * reached, answers wrongly or does not answer in time.
 */
export async function listServerTools(
  url: string,
  options: ListServerToolsOptions,
): Promise<{ tools: RealMcpTool[]; truncated: boolean }> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  const client = new Client({
    name: 'agent-platform-tool-check',
    version: '1.0.0',
  });
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: options.headers ? { headers: options.headers } : undefined,
  });
  const request = { signal, timeout: options.timeoutMs };
  try {
    await client.connect(transport, request);
    const tools: RealMcpTool[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < (options.maxPages ?? 100); page++) {
      const result = await client.listTools(cursor ? { cursor } : {}, request);
      for (const tool of result.tools) {
        if (tools.length >= options.maxTools) {
          return { tools, truncated: true };
        }
        tools.push({
          name: tool.name,
          ...(tool.description ? { description: tool.description } : {}),
          ...(tool.annotations ? { annotations: tool.annotations } : {}),
        });
      }
      cursor = result.nextCursor;
      if (!cursor) {
        return { tools, truncated: false };
      }
    }
    return { tools, truncated: true };
  } finally {
    await client.close().catch(() => undefined);
  }
}
