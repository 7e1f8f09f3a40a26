import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  mkdtempSync,
  readFileSync,
  writeFileSync,
  cpSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseEntityDocuments } from '@agent-platform/plugin-agent-platform-common';
import { CheckIo, EXIT_ERROR, EXIT_FAILED, EXIT_OK, runCheck } from './check';

const repos = resolve(__dirname, '../../../examples/repos');
const catalogFile = join(__dirname, '__fixtures__/catalog.yaml');
const teamsFile = resolve(
  __dirname,
  '../../../examples/catalog/agent-configs.yaml',
);
const NOW = new Date('2026-11-20T12:00:00Z');

function capture(
  fetchImpl: typeof fetch = fetch,
): CheckIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
    fetch: fetchImpl,
    now: () => NOW,
  };
  return io;
}

const check = async (args: string[]) => {
  const io = capture();
  const code = await runCheck(args, io);
  return { code, ...io };
};

describe('agent-context check', () => {
  it('reports drift for cart-service and exits 1 (0 with --allow-drift)', async () => {
    const dir = join(repos, 'cart-service');
    const human = await check([dir, '--base-file', catalogFile]);
    expect(human.code).toBe(EXIT_FAILED);
    expect(human.out).toContain('pin: org-base@2.2.0 (AGENTS.md:1)');
    expect(human.out).toContain(
      'drift: 2 release(s) behind 2.4.0; upgrade with <!-- agent-platform: extends: org-base@2.4.0 -->',
    );
    expect(human.out).toContain('FAILED: 0 violation(s), drift');

    const allowed = await check([
      dir,
      '--base-file',
      catalogFile,
      '--allow-drift',
    ]);
    expect(allowed.code).toBe(EXIT_OK);
    expect(allowed.out).toContain('OK (drift allowed)');

    const json = await check([dir, '--base-file', catalogFile, '--json']);
    const report = JSON.parse(json.out);
    expect(report).toEqual(
      expect.objectContaining({
        ok: true,
        exitCode: 1,
        violations: [],
        drift: expect.objectContaining({
          pinned: '2.2.0',
          latest: '2.4.0',
          releasesBehind: 2,
        }),
      }),
    );
  });

  it('reports the denied shell-admin server of search-indexer', async () => {
    const { code, out } = await check([
      join(repos, 'search-indexer'),
      '--base-file',
      catalogFile,
      '--json',
    ]);
    expect(code).toBe(EXIT_FAILED);
    const report = JSON.parse(out);
    expect(report.ok).toBe(false);
    expect(report.violations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          rule: 'mcp-server-denied',
          file: '.mcp.json',
          line: 22,
          item: 'api:default/shell-admin',
        }),
      ]),
    );
  });

  it("applies the owner's team config when given one (checkout loosens the base)", async () => {
    const { code, out } = await check([
      join(repos, 'cart-service'),
      '--base-file',
      catalogFile,
      '--entities',
      teamsFile,
    ]);
    expect(code).toBe(EXIT_FAILED);
    expect(out).toMatch(
      /airesource:default\/checkout-agent-config: error \[deny-overridden\] The allow rule "Read\(\.\/\.env\)"/,
    );
  });

  it('reports a missed security release (events-pipeline)', async () => {
    const { code, out } = await check([
      join(repos, 'events-pipeline'),
      '--base-file',
      catalogFile,
    ]);
    expect(code).toBe(EXIT_FAILED);
    expect(out).toContain('[pin-missed-security]');
    expect(out).toContain('2.2.0 [security]');
  });

  it('passes a current repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agent-context-'));
    try {
      cpSync(join(repos, 'agent-platform-tools'), dir, { recursive: true });
      const { code, out } = await check([dir, '--base-file', catalogFile]);
      expect(out).toContain('pin: org-base@2.4.0');
      expect(out).toContain('base: up to date (latest 2.4.0)');
      expect(code).toBe(EXIT_OK);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('exits 2 on bad usage, an unreadable or baseless file', async () => {
    expect((await check([])).code).toBe(EXIT_ERROR);
    expect((await check(['.', '--bogus'])).err).toContain(
      'Unknown option --bogus',
    );
    expect(
      (await check(['.', '--base-file', 'x', '--portal', 'http://x'])).err,
    ).toContain('Give either --base-file or --portal');
    const missing = await check(['.', '--base-file', '/nonexistent/base.yaml']);
    expect(missing.code).toBe(EXIT_ERROR);
    expect(missing.err).toContain('/nonexistent/base.yaml');
    const noBase = await check([
      join(repos, 'cart-service'),
      '--base-file',
      teamsFile,
    ]);
    expect(noBase.code).toBe(EXIT_ERROR);
    expect(noBase.err).toContain('No base agent config');
  });

  describe('--portal', () => {
    let server: Server;
    let url: string;
    const seen: Array<{ url?: string; auth?: string }> = [];
    const entities = parseEntityDocuments(readFileSync(catalogFile, 'utf8'), {
      file: catalogFile,
    }).entities;

    beforeAll(async () => {
      server = createServer((req, res) => {
        seen.push({ url: req.url, auth: req.headers.authorization });
        if (req.headers.authorization !== 'Bearer s3cret') {
          res.writeHead(401).end();
          return;
        }
        const u = new URL(req.url!, 'http://x');
        if (
          u.pathname ===
          '/api/catalog/entities/by-name/airesource/default/org-base'
        ) {
          res.end(
            JSON.stringify(entities.find(e => e.metadata.name === 'org-base')),
          );
        } else if (u.pathname === '/api/catalog/entities') {
          const filter = u.searchParams.get('filter') ?? '';
          const kind = /kind=(\w+)/.exec(filter)?.[1];
          const type = /spec\.type=([\w-]+)/.exec(filter)?.[1];
          res.end(
            JSON.stringify(
              entities.filter(
                e => e.kind.toLowerCase() === kind && e.spec?.type === type,
              ),
            ),
          );
        } else {
          res.writeHead(404).end();
        }
      }).listen(0);
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => server.close());

    it('reads the base, servers and skills from the catalog API with the token', async () => {
      const { code, out } = await check([
        join(repos, 'search-indexer'),
        '--portal',
        url,
        '--token',
        's3cret',
        '--json',
      ]);
      expect(code).toBe(EXIT_FAILED);
      expect(JSON.parse(out).violations.map((v: any) => v.rule)).toContain(
        'mcp-server-denied',
      );
      expect(seen.map(s => s.url)).toEqual(
        expect.arrayContaining([
          '/api/catalog/entities/by-name/airesource/default/org-base',
          `/api/catalog/entities?filter=${encodeURIComponent(
            'kind=api,spec.type=mcp-server',
          )}`,
        ]),
      );
      expect(seen.every(s => s.auth === 'Bearer s3cret')).toBe(true);
    });

    it('exits 2 when the portal refuses', async () => {
      const { code, err } = await check([
        join(repos, 'search-indexer'),
        '--portal',
        url,
        '--token',
        'wrong',
      ]);
      expect(code).toBe(EXIT_ERROR);
      expect(err).toContain('answered 401');
    });
  });

  it('writes nothing into the checked directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agent-context-'));
    try {
      writeFileSync(join(dir, 'CLAUDE.md'), '# x\n');
      const { code, out } = await check([dir, '--base-file', catalogFile]);
      expect(code).toBe(EXIT_FAILED);
      expect(out).toContain('[pin-missing]');
      expect(readFileSync(join(dir, 'CLAUDE.md'), 'utf8')).toBe('# x\n');
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
