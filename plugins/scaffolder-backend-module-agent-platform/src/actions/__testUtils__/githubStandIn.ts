import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** One request the stand-in received. */
export interface RecordedRequest {
  method: string;
  path: string;
  body: any;
}

/** How the stand-in answers a request it is told to fail. */
export type Failure =
  | { status: number; message: string }
  | { hangUpAfterMs: number };

/**
 * A local stand-in of the GitHub REST (and the one GraphQL) endpoints that
 * octokit-plugin-create-pull-request calls for `publish:github:pull-request`:
 * it records every request and answers like GitHub, or fails the requests
 * `fail` matches. Tests only: GitHub cannot be reached from these machines.
 */
export async function startGithubStandIn(
  options: {
    fail?: (req: { method: string; path: string }) => Failure | undefined;
  } = {},
) {
  const requests: RecordedRequest[] = [];
  let counter = 0;
  const read = (req: IncomingMessage) =>
    new Promise<any>(done => {
      let data = '';
      req.on('data', c => (data += c));
      req.on('end', () => {
        try {
          done(data ? JSON.parse(data) : undefined);
        } catch {
          done(data);
        }
      });
    });

  const server: Server = createServer(async (req, res) => {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0];
    const body = await read(req);
    requests.push({ method, path, body });
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        // A GitHub App token (no OAuth scopes), as the scaffolder uses.
      });
      res.end(JSON.stringify(payload));
    };
    const failure = options.fail?.({ method, path });
    if (failure && 'hangUpAfterMs' in failure) {
      setTimeout(() => req.socket.destroy(), failure.hangUpAfterMs);
      return;
    }
    if (failure) {
      send(failure.status, {
        message: failure.message,
        documentation_url: 'https://docs.github.com/rest',
      });
      return;
    }
    const repo = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
    if (method === 'POST' && path.endsWith('/graphql')) {
      send(200, { data: { repository: { ref: null } } });
    } else if (!repo) {
      send(404, { message: 'Not Found' });
    } else {
      const [, owner, name, rest = ''] = repo;
      const sha = (kind: string) =>
        `${kind}${(++counter).toString(16).padStart(8, '0')}`;
      if (method === 'GET' && rest === '') {
        send(200, {
          name,
          full_name: `${owner}/${name}`,
          default_branch: 'main',
          permissions: { admin: false, push: true, pull: true },
        });
      } else if (method === 'GET' && rest === '/commits') {
        send(200, [
          { sha: 'base-commit', commit: { tree: { sha: 'base-tree' } } },
        ]);
      } else if (method === 'POST' && rest === '/git/blobs') {
        send(201, { sha: sha('blob') });
      } else if (method === 'POST' && rest === '/git/trees') {
        send(201, { sha: sha('tree') });
      } else if (method === 'POST' && rest === '/git/commits') {
        send(201, { sha: sha('commit') });
      } else if (method === 'POST' && rest === '/git/refs') {
        send(201, { ref: body?.ref, object: { sha: body?.sha } });
      } else if (method === 'POST' && rest === '/pulls') {
        send(201, {
          number: 7,
          html_url: `https://github.com/${owner}/${name}/pull/7`,
          base: { ref: body?.base },
          title: body?.title,
        });
      } else {
        send(404, { message: 'Not Found' });
      }
    }
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>(r => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
