import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { OFFICIAL_META, RegistryEntry } from '../registryClient';

/** How the stand-in registry misbehaves, if at all. */
export type RegistryMode =
  | 'ok'
  | 'malformed'
  | 'truncated'
  | 'forever'
  | 'repeat-cursor'
  | 'redirect-off-list'
  | 'wrong-shape'
  | 'error-500';

/** One generated server, as the official registry lists it. */
export function registryServer(
  i: number,
  updatedAt: string,
  status = 'active',
): RegistryEntry {
  return {
    server: {
      $schema:
        'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
      name: `io.github.owner${i % 97}/server-${i}`,
      description: `Generated server ${i}.`,
      version: `1.${i % 10}.0`,
      remotes: [
        { type: 'streamable-http', url: `https://mcp${i}.example.com/mcp` },
      ],
      packages: [
        {
          registryType: 'npm',
          identifier: `@owner${i % 97}/server-${i}`,
          version: `1.${i % 10}.0`,
          transport: { type: 'stdio' },
          environmentVariables: [
            { name: 'API_TOKEN', isSecret: true, isRequired: true },
          ],
        },
      ],
    },
    _meta: {
      [OFFICIAL_META]: {
        status,
        publishedAt: updatedAt,
        updatedAt,
        isLatest: true,
      },
    },
  };
}

/**
 * A local HTTP stand-in for a registry's `GET /v0.1/servers`: cursor
 * pagination over `entries`, `updated_since` filtering, and the failure
 * modes a real registry (or what sits in front of it) can show.
 */
export async function startRegistryServer(entries: RegistryEntry[]) {
  const state = {
    mode: 'ok' as RegistryMode,
    entries,
    requests: [] as string[],
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    state.requests.push(url.pathname + url.search);
    if (url.pathname !== '/v0.1/servers') {
      res.writeHead(404).end();
      return;
    }
    const limit = Number(url.searchParams.get('limit') ?? 30);
    const offset = Number(url.searchParams.get('cursor') ?? 0);
    const since = url.searchParams.get('updated_since');
    const matching = since
      ? state.entries.filter(
          e =>
            Date.parse((e._meta![OFFICIAL_META] as any).updatedAt) >
            Date.parse(since),
        )
      : state.entries;
    const servers = matching.slice(offset, offset + limit);
    const more = offset + limit < matching.length;
    let nextCursor = more ? String(offset + limit) : undefined;
    switch (state.mode) {
      case 'malformed':
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"servers": [ {"server": oops');
        return;
      case 'truncated': {
        const body = JSON.stringify({ servers, metadata: { nextCursor } });
        res.writeHead(200, {
          'content-type': 'application/json',
          'content-length': body.length,
        });
        res.write(body.slice(0, Math.floor(body.length / 2)));
        // The connection drops mid-body, after the client has the headers.
        setTimeout(() => res.destroy(), 20);
        return;
      }
      case 'wrong-shape':
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ items: servers }));
        return;
      case 'error-500':
        res.writeHead(500).end('boom');
        return;
      case 'redirect-off-list':
        res
          .writeHead(302, {
            location: `http://registry.attacker.example/v0.1/servers${url.search}`,
          })
          .end();
        return;
      case 'forever':
        nextCursor = String(offset + limit);
        break;
      case 'repeat-cursor':
        nextCursor = 'same';
        break;
      default:
        break;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        servers,
        metadata: { nextCursor, count: servers.length },
      }),
    );
  };
  const server: Server = createServer(handle);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    state,
    baseUrl: `http://127.0.0.1:${port}/`,
    host: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
