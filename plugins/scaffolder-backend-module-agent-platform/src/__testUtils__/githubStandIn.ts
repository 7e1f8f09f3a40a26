import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One request the stand-in received. */
export interface StandInRequest {
  method: string;
  url: string;
  /** The JSON body, for API calls. */
  body?: any;
}

const OWNER_REPO = /^[A-Za-z0-9_.-]+$/;

/**
 * Runs `git http-backend` (the CGI program of git's smart HTTP protocol)
 * for one request, over bare repositories under `root`.
 */
function gitHttpBackend(
  root: string,
  req: IncomingMessage,
  res: ServerResponse,
  pathInfo: string,
  query: string,
) {
  const cgi = spawn('git', ['http-backend'], {
    env: {
      PATH: process.env.PATH,
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      // An authenticated user: git enables receive-pack (push) only then.
      REMOTE_USER: 'x-access-token',
      REQUEST_METHOD: req.method ?? 'GET',
      PATH_INFO: pathInfo,
      QUERY_STRING: query,
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      ...(req.headers['content-length']
        ? { CONTENT_LENGTH: req.headers['content-length'] }
        : {}),
      ...(req.headers['content-encoding']
        ? { HTTP_CONTENT_ENCODING: String(req.headers['content-encoding']) }
        : {}),
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: root,
    },
  });
  req.pipe(cgi.stdin);
  let head = Buffer.alloc(0);
  let headersSent = false;
  cgi.stdout.on('data', (chunk: Buffer) => {
    if (headersSent) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) return;
    let status = 200;
    for (const line of head.subarray(0, end).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = parseInt(value, 10);
      else res.setHeader(name, value);
    }
    res.writeHead(status);
    headersSent = true;
    res.write(head.subarray(end + 4));
  });
  cgi.on('close', code => {
    if (!headersSent) {
      res.writeHead(500);
      res.end(`git http-backend exited with ${code}`);
    } else res.end();
  });
}

/**
 * A local stand-in for github.com, enough for `publish:github` and
 * `catalog:register`: the users and organisation-repository REST endpoints,
 * branch protection, file contents (raw), and git's smart HTTP protocol over
 * real bare repositories (through `git http-backend`), so that the push is a
 * real push. It records every request. Tests only: GitHub cannot be reached
 * from these machines.
 */
export async function startGithubStandIn() {
  const requests: StandInRequest[] = [];
  const root = mkdtempSync(join(tmpdir(), 'github-stand-in-'));
  let base = '';
  const readJson = (req: IncomingMessage) =>
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
    const [path, query = ''] = (req.url ?? '/').split('?');
    const git = /^\/git(\/([^/]+)\/([^/]+)\.git\/.*)$/.exec(path);
    if (git) {
      requests.push({ method, url: req.url ?? '' });
      if (!OWNER_REPO.test(git[2]) || !OWNER_REPO.test(git[3])) {
        res.writeHead(404);
        res.end();
        return;
      }
      gitHttpBackend(root, req, res, git[1], query);
      return;
    }
    const body = await readJson(req);
    requests.push({ method, url: req.url ?? '', body });
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const user = /^\/users\/([^/]+)$/.exec(path);
    const create = /^\/orgs\/([^/]+)\/repos$/.exec(path);
    const protect =
      /^\/repos\/([^/]+)\/([^/]+)\/branches\/([^/]+)\/protection$/.exec(path);
    const contents = /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/.exec(path);
    if (method === 'GET' && user) {
      send(200, { login: user[1], type: 'Organization' });
    } else if (method === 'POST' && create) {
      const [owner, name] = [create[1], String(body?.name ?? '')];
      if (!OWNER_REPO.test(owner) || !OWNER_REPO.test(name)) {
        send(422, { message: 'Validation Failed' });
        return;
      }
      const dir = join(root, owner, `${name}.git`);
      mkdirSync(join(root, owner), { recursive: true });
      execFileSync('git', ['init', '--quiet', '--bare', dir]);
      send(201, {
        name,
        full_name: `${owner}/${name}`,
        clone_url: `${base}/git/${owner}/${name}.git`,
        html_url: `https://github.com/${owner}/${name}`,
        default_branch: 'main',
      });
    } else if (method === 'PUT' && protect) {
      send(200, { url: `${base}${path}` });
    } else if (method === 'GET' && contents) {
      const ref = new URLSearchParams(query).get('ref') ?? 'HEAD';
      try {
        const text = execFileSync(
          'git',
          [
            '--git-dir',
            join(root, contents[1], `${contents[2]}.git`),
            'show',
            `${ref}:${decodeURIComponent(contents[3])}`,
          ],
          { stdio: ['ignore', 'pipe', 'ignore'] },
        );
        res.writeHead(200, { 'content-type': 'application/vnd.github.v3.raw' });
        res.end(text);
      } catch {
        send(404, { message: 'Not Found' });
      }
    } else {
      send(404, { message: 'Not Found (GitHub stand-in)' });
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiBaseUrl: base,
    requests,
    /** The files of a pushed repository's branch, by path. */
    files(owner: string, name: string, ref = 'main'): Record<string, string> {
      const gitDir = join(root, owner, `${name}.git`);
      const paths = execFileSync('git', [
        '--git-dir',
        gitDir,
        'ls-tree',
        '-r',
        '--name-only',
        ref,
      ])
        .toString('utf8')
        .split('\n')
        .filter(Boolean);
      return Object.fromEntries(
        paths.map(p => [
          p,
          execFileSync('git', [
            '--git-dir',
            gitDir,
            'show',
            `${ref}:${p}`,
          ]).toString('utf8'),
        ]),
      );
    },
    /** The commit log of a pushed repository's branch, one subject a line. */
    log(owner: string, name: string, ref = 'main'): string[] {
      return execFileSync('git', [
        '--git-dir',
        join(root, owner, `${name}.git`),
        'log',
        '--format=%s',
        ref,
      ])
        .toString('utf8')
        .split('\n')
        .filter(Boolean);
    },
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(root, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}
