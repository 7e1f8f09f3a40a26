import { existsSync, readFileSync, statSync } from 'node:fs';
import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** One request the stand-in received. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: any;
  /** When it arrived, epoch ms. */
  at: number;
}

/** How the stand-in answers a request it is told to fail. */
export type Failure = { status: number; message: string } | { hang: true };

/** A pull request the stand-in holds. */
export interface StandInPull {
  owner: string;
  repo: string;
  number: number;
  head: string;
  base: string;
  title: string;
  body: string;
  state: 'open' | 'closed';
  merged: boolean;
}

/**
 * A local stand-in of the GitHub REST endpoints (and the one GraphQL query)
 * an upgrade campaign calls: repository, contents (served from a folder per
 * repository), commits, blobs, trees, refs and pull requests. It keeps the
 * branches and pull requests it was asked to create, so that a second
 * pull request for the same head is refused with GitHub's 422, and records
 * every request. `fail` makes it answer an error or never answer. Tests
 * only: GitHub cannot be reached from these machines.
 */
export async function startGithubStandIn(options: {
  /** The folder holding repository `repo` (its default branch, `main`). */
  repoDir: (owner: string, repo: string) => string | undefined;
  fail?: (req: { method: string; path: string }) => Failure | undefined;
  /** Does the work of a request but never answers it (as if the caller died waiting). */
  holdAnswer?: (req: { method: string; path: string }) => boolean;
  port?: number;
}) {
  const requests: RecordedRequest[] = [];
  const pulls: StandInPull[] = [];
  const branches = new Set<string>();
  const hanging = new Set<ServerResponse>();
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
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const path = decodeURIComponent(url.pathname);
    const body = await read(req);
    requests.push({
      method,
      path,
      query: url.searchParams,
      body,
      at: Date.now(),
    });
    const send = (status: number, payload: unknown) => {
      if (options.holdAnswer?.({ method, path })) {
        hanging.add(res);
        return;
      }
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
      });
      res.end(JSON.stringify(payload));
    };
    const failure = options.fail?.({ method, path });
    if (failure && 'hang' in failure) {
      hanging.add(res);
      return;
    }
    if (failure) {
      send(failure.status, {
        message: failure.message,
        documentation_url: 'https://docs.github.com/rest',
      });
      return;
    }
    const pullJson = (p: StandInPull) => ({
      number: p.number,
      html_url: `https://github.com/${p.owner}/${p.repo}/pull/${p.number}`,
      state: p.state,
      merged: p.merged,
      merged_at: p.merged ? '2026-12-06T12:00:00Z' : null,
      title: p.title,
      head: { ref: p.head.split(':')[1] },
      base: { ref: p.base },
    });
    if (method === 'POST' && path === '/graphql') {
      const { owner, repo, head } = body?.variables ?? {};
      const exists = branches.has(`${owner}/${repo}:${head}`);
      const open = pulls.filter(
        p =>
          p.owner === owner &&
          p.repo === repo &&
          p.head === `${owner}:${head}` &&
          p.state === 'open',
      );
      send(200, {
        data: {
          repository: {
            ref: exists
              ? {
                  associatedPullRequests: {
                    edges: open.map(p => ({
                      node: {
                        id: `PR_${p.number}`,
                        number: p.number,
                        url: pullJson(p).html_url,
                      },
                    })),
                  },
                }
              : null,
          },
        },
      });
      return;
    }
    const match = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
    const dir = match ? options.repoDir(match[1], match[2]) : undefined;
    if (!match || !dir) {
      send(404, { message: 'Not Found' });
      return;
    }
    const [, owner, repo, rest = ''] = match;
    const sha = (kind: string) =>
      `${kind}${(++counter).toString(16).padStart(8, '0')}`;
    const ofRepo = (p: StandInPull) => p.owner === owner && p.repo === repo;
    if (method === 'GET' && rest === '') {
      send(200, {
        name: repo,
        full_name: `${owner}/${repo}`,
        default_branch: 'main',
        permissions: { admin: false, push: true, pull: true },
      });
    } else if (method === 'GET' && rest.startsWith('/contents/')) {
      const file = join(dir, rest.slice('/contents/'.length));
      if (
        !file.startsWith(dir) ||
        !existsSync(file) ||
        !statSync(file).isFile()
      ) {
        send(404, { message: 'Not Found' });
      } else {
        send(200, {
          type: 'file',
          encoding: 'base64',
          content: readFileSync(file).toString('base64'),
        });
      }
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
      const branch = String(body?.ref ?? '').replace(/^refs\/heads\//, '');
      if (branches.has(`${owner}/${repo}:${branch}`)) {
        send(422, { message: 'Reference already exists' });
      } else {
        branches.add(`${owner}/${repo}:${branch}`);
        send(201, { ref: body?.ref, object: { sha: body?.sha } });
      }
    } else if (method === 'PATCH' && rest.startsWith('/git/refs/heads/')) {
      send(200, {
        ref: rest.slice('/git/'.length),
        object: { sha: body?.sha },
      });
    } else if (method === 'GET' && rest === '/pulls') {
      const head = url.searchParams.get('head');
      const state = url.searchParams.get('state') ?? 'open';
      send(
        200,
        pulls
          .filter(ofRepo)
          .filter(p => !head || p.head === head)
          .filter(p => state === 'all' || p.state === state)
          .map(pullJson),
      );
    } else if (method === 'POST' && rest === '/pulls') {
      if (
        pulls.some(
          p => ofRepo(p) && p.head === body?.head && p.state === 'open',
        )
      ) {
        send(422, {
          message: 'Validation Failed',
          errors: [
            { message: `A pull request already exists for ${body?.head}.` },
          ],
        });
        return;
      }
      const pull: StandInPull = {
        owner,
        repo,
        number: pulls.filter(ofRepo).length + 1,
        head: body?.head,
        base: body?.base,
        title: body?.title,
        body: body?.body,
        state: 'open',
        merged: false,
      };
      pulls.push(pull);
      send(201, pullJson(pull));
    } else if (method === 'GET' && /^\/pulls\/\d+$/.test(rest)) {
      const pull = pulls.find(
        p => ofRepo(p) && p.number === Number(rest.slice(7)),
      );
      if (pull) send(200, pullJson(pull));
      else send(404, { message: 'Not Found' });
    } else {
      send(404, { message: 'Not Found' });
    }
  });
  await new Promise<void>(r =>
    server.listen(options.port ?? 0, '127.0.0.1', r),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    pulls,
    branches,
    close: () =>
      new Promise<void>(r => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
