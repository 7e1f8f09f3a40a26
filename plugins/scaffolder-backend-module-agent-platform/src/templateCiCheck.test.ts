import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  filesOf,
  repoRoot,
  startTemplateBackend,
} from './__testUtils__/templateBackend';

// Scaffolds with each template that writes the CI workflow, packs the agent-context CLI, publishes it
// to a local npm registry and runs the workflow's own command in the scaffolded repository: npx
// installs the CLI from that registry (nothing from the monorepo) and checks against the real catalog.
jest.setTimeout(300_000);

const CLI_DIR = join(repoRoot, 'packages/agent-context');
const PACKAGE = '@agent-platform/agent-context';

/**
 * Packs the CLI as `yarn pack` would publish it, without touching the workspace: the bundle is built
 * into a staging folder, whose package.json takes the publishConfig fields (what prepack does).
 */
function packCli(into: string): { tarball: string; version: string } {
  const stage = join(into, 'stage');
  mkdirSync(stage, { recursive: true });
  execFileSync(
    process.execPath,
    [join(CLI_DIR, 'bundle.mjs'), '--outdir', join(stage, 'dist')],
    { stdio: 'ignore' },
  );
  cpSync(join(CLI_DIR, 'bin'), join(stage, 'bin'), { recursive: true });
  const pkg = JSON.parse(readFileSync(join(CLI_DIR, 'package.json'), 'utf8'));
  const { publishConfig, devDependencies, scripts, ...published } = pkg;
  Object.assign(published, {
    main: publishConfig.main,
    publishConfig: { access: publishConfig.access },
  });
  writeFileSync(join(stage, 'package.json'), JSON.stringify(published));
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json'], {
      cwd: stage,
      encoding: 'utf8',
      env: { ...process.env, npm_config_cache: join(into, 'pack-cache') },
    }),
  );
  const tarball = join(into, packed.filename);
  copyFileSync(join(stage, packed.filename), tarball);
  return { tarball, version: pkg.version };
}

/** A minimal npm registry serving one package: its packument and its tarball. */
function startRegistry(tarball: string, version: string) {
  const body = readFileSync(tarball);
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const { port } = server.address() as AddressInfo;
    if (req.url === `/${PACKAGE.replace('/', '%2f')}` || req.url === `/${PACKAGE}`) {
      const manifest = JSON.parse(
        execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], {
          encoding: 'utf8',
        }),
      );
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          name: PACKAGE,
          'dist-tags': { latest: version },
          versions: {
            [version]: {
              ...manifest,
              dist: {
                tarball: `http://127.0.0.1:${port}/tarballs/cli.tgz`,
                shasum: createHash('sha1').update(body).digest('hex'),
                integrity: `sha512-${createHash('sha512').update(body).digest('base64')}`,
              },
            },
          },
        }),
      );
    } else if (req.url === '/tarballs/cli.tgz') {
      res.setHeader('content-type', 'application/octet-stream');
      res.end(body);
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  return new Promise<{ server: Server; url: string; requests: string[] }>(
    done =>
      server.listen(0, '127.0.0.1', () =>
        done({
          server,
          url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
          requests,
        }),
      ),
  );
}

/** The `run` line of the workflow's check step, with the Actions expressions GitHub would fill in. */
function workflowCommand(
  workflow: string,
  context: { vars: Record<string, string>; secrets: Record<string, string> },
): string {
  const doc = parseYaml(workflow);
  const step = doc.jobs.check.steps.find(
    (s: any) => s.name === 'agent-context check',
  );
  expect(step?.run).toBeDefined();
  return String(step.run).replace(
    /\$\{\{\s*(vars|secrets)\.([A-Z_]+)\s*\}\}/g,
    (_, scope: 'vars' | 'secrets', name: string) => {
      const value = context[scope][name];
      if (value === undefined) throw new Error(`no ${scope}.${name}`);
      return value;
    },
  );
}

function run(command: string, cwd: string, cache: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>(done =>
    execFile(
      '/bin/sh',
      ['-c', command],
      {
        cwd,
        timeout: 180_000,
        env: {
          PATH: process.env.PATH,
          HOME: cwd,
          npm_config_cache: cache,
          npm_config_update_notifier: 'false',
          npm_config_audit: 'false',
          npm_config_fund: 'false',
        },
      },
      (error, stdout, stderr) =>
        done({
          code: error ? Number((error as any).code ?? 1) : 0,
          stdout,
          stderr,
        }),
    ),
  );
}

describe('the CI check the templates generate, run in the scaffolded repository', () => {
  let env: Awaited<ReturnType<typeof startTemplateBackend>>;
  let registry: Awaited<ReturnType<typeof startRegistry>>;
  let work: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'agent-context-ci-'));
    const [started, packed] = await Promise.all([
      startTemplateBackend(),
      Promise.resolve().then(() => packCli(work)),
    ]);
    env = started;
    registry = await startRegistry(packed.tarball, packed.version);
  }, 240_000);

  afterAll(async () => {
    await new Promise(r => registry?.server.close(r));
    await env?.backend.stop();
    rmSync(work, { recursive: true, force: true });
  });

  /** Writes the dry run's files (and any the repository already had) into a fresh folder. */
  function writeRepo(name: string, files: Record<string, string>) {
    const dir = join(work, name);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return dir;
  }

  async function scaffoldAndRunCheck(
    template: string,
    values: Record<string, unknown>,
    existing: Record<string, string> = {},
  ) {
    const res = await env.dryRun(template, {
      ...values,
      agentContextPackage: PACKAGE,
      npmRegistry: registry.url,
    });
    expect(res.status).toBe(200);
    const files = filesOf(res.body);
    const workflow = files['.github/workflows/agent-context.yml'];
    const command = workflowCommand(workflow, {
      vars: { BACKSTAGE_URL: env.url },
      secrets: { BACKSTAGE_TOKEN: env.userToken },
    });
    expect(command).toContain(`--registry ${registry.url} ${PACKAGE} check .`);
    const dir = writeRepo(template, { ...existing, ...files });
    const before = registry.requests.length;
    const result = await run(command, dir, join(work, `${template}-npm-cache`));
    return { command, result, fetched: registry.requests.slice(before) };
  }

  it('"Service with agent context": the generated workflow installs the packed CLI and passes', async () => {
    const { result, fetched } = await scaffoldAndRunCheck(
      'service-with-agent-context',
      {
        name: 'refunds-api',
        description: 'Refund requests and their ledger entries.',
        owner: 'group:default/payments',
        repoUrl: 'github.com?owner=acme-financial&repo=refunds-api',
      },
    );
    expect(fetched).toContain('/tarballs/cli.tgz');
    expect(result.stderr).not.toMatch(/ERR!/);
    expect(result.stdout).toContain('pin: org-base@2.4.0');
    expect(result.code).toBe(0);
  });

  it('"Add agent context to an existing repo": the pull request\'s workflow passes in that repository', async () => {
    const { result, fetched } = await scaffoldAndRunCheck(
      'add-agent-context',
      {
        repoUrl: 'github.com?owner=acme-financial&repo=search-indexer',
        name: 'search-indexer',
        owner: 'group:default/search',
        layout: 'bridge',
      },
      {
        // What the repository already holds.
        'catalog-info.yaml': readFileSync(
          join(repoRoot, 'examples/repos/search-indexer/catalog-info.yaml'),
          'utf8',
        ),
      },
    );
    expect(fetched).toContain('/tarballs/cli.tgz');
    expect(result.stdout).toContain('pin: org-base@2.4.0');
    expect(result.code).toBe(0);
  });

  it('uses the default package and registry when the org sets none', async () => {
    const res = await env.dryRun('service-with-agent-context', {
      name: 'refunds-api',
      owner: 'group:default/payments',
      repoUrl: 'github.com?owner=acme-financial&repo=refunds-api',
    });
    expect(filesOf(res.body)['.github/workflows/agent-context.yml']).toContain(
      'run: npx --yes --registry https://registry.npmjs.org/ @agent-platform/agent-context check . --portal "${{ vars.BACKSTAGE_URL }}" --token "${{ secrets.BACKSTAGE_TOKEN }}"',
    );
  });
});
