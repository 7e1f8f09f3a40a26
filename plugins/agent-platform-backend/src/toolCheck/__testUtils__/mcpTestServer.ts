import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** A tool the test server offers, with its own hints. */
export type TestTool = {
  name: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
};

type Mode = 'ok' | 'hang';

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

/** The high-level SDK server: one registered tool per TestTool. */
function highLevel(tools: TestTool[]) {
  const server = new McpServer({ name: 'test-server', version: '1.0.0' });
  for (const tool of tools) {
    server.registerTool(
      tool.name,
      {
        description: `The ${tool.name} tool`,
        annotations: {
          ...(tool.readOnlyHint !== undefined
            ? { readOnlyHint: tool.readOnlyHint }
            : {}),
          ...(tool.destructiveHint !== undefined
            ? { destructiveHint: tool.destructiveHint }
            : {}),
        },
      },
      async () => ({ content: [{ type: 'text' as const, text: 'ok' }] }),
    );
  }
  return server.server;
}

/** The low-level SDK server answering tools/list from a list (for very many tools). */
function lowLevel(tools: TestTool[]) {
  const server = new Server(
    { name: 'big-server', version: '1.0.0' },
    { capabilities: { tools: {} } },
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: tools.map(t => ({
      name: t.name,
      inputSchema: { type: 'object' as const },
      annotations: { readOnlyHint: t.readOnlyHint },
    })),
  }));
  return server;
}

/**
 * Starts a real MCP server built with the official SDK, over streamable HTTP
 * (stateless, one SDK server per request), on 127.0.0.1. `mode: 'hang'`
 * accepts requests and never answers.
 */
export async function startMcpTestServer(
  tools: TestTool[],
  options: { lowLevel?: boolean } = {},
) {
  const state = { mode: 'ok' as Mode, tools, requests: 0 };
  const hanging: ServerResponse[] = [];
  const http = createServer(async (req, res) => {
    state.requests++;
    if (state.mode === 'hang') {
      hanging.push(res);
      return;
    }
    const server = options.lowLevel
      ? lowLevel(state.tools)
      : highLevel(state.tools);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    res.on('close', () => {
      transport.close();
      server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, await readBody(req));
  });
  await new Promise<void>(resolve => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    state,
    url: `http://127.0.0.1:${port}/mcp`,
    close: () =>
      new Promise<void>(resolve => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
