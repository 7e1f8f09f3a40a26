import { execFile, execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { examplesRoot } from '../__testUtils__/exampleCatalog';
import { startReleasesBackend } from './__testUtils__/releasesTestBackend';

// The real Renovate (renovate/package.json, installed here with npm ci when
// missing) in its `local` platform mode, with the suite's preset, against an
// example repository and the release datasource of a running backend.
const renovateDir = resolve(examplesRoot, '../renovate');
const renovateBin = join(renovateDir, 'node_modules/renovate/dist/renovate.js');

jest.setTimeout(900_000);

function runRenovate(cwd: string, baseDir: string) {
  return new Promise<{ code: number; lines: any[]; raw: string }>(done => {
    execFile(
      process.execPath,
      [renovateBin, '--platform=local'],
      {
        cwd,
        maxBuffer: 64 * 1024 * 1024,
        env: {
          PATH: process.env.PATH,
          HOME: baseDir,
          LOG_LEVEL: 'debug',
          LOG_FORMAT: 'json',
          RENOVATE_BASE_DIR: baseDir,
        },
      },
      (error, stdout) => {
        const raw = String(stdout);
        const lines = raw
          .split('\n')
          .filter(l => l.startsWith('{'))
          .map(l => JSON.parse(l));
        done({ code: error ? Number(error.code ?? 1) : 0, lines, raw });
      },
    );
  });
}

describe('Renovate with the agent platform preset', () => {
  let backend: Awaited<ReturnType<typeof startReleasesBackend>>;
  let tmp: string;

  beforeAll(async () => {
    if (!existsSync(renovateBin)) {
      execFileSync(
        'npm',
        ['ci', '--ignore-scripts', '--no-audit', '--no-fund'],
        { cwd: renovateDir, stdio: 'inherit' },
      );
    }
    backend = await startReleasesBackend();
    tmp = mkdtempSync(join(tmpdir(), 'renovate-agent-platform-'));
  });
  afterAll(async () => {
    await backend?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('serves the releases in the custom datasource format, withdrawn ones left out', async () => {
    const res = await fetch(`${backend.api}/releases/org-base/renovate.json`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.homepage).toBe(
      'https://portal.acme.example/catalog/default/airesource/org-base',
    );
    expect(body.releases.map((r: any) => r.version)).toEqual([
      '1.8.0',
      '2.0.0',
      '2.1.0',
      '2.2.0',
      '2.3.0',
      '2.4.0',
    ]);
    expect(body.releases[5]).toEqual({
      version: '2.4.0',
      releaseTimestamp: '2026-10-28T00:00:00.000Z',
      changelogUrl:
        'https://portal.acme.example/catalog/default/airesource/org-base',
    });
    const missing = await fetch(`${backend.api}/releases/nope/renovate.json`);
    expect(missing.status).toBe(404);
  });

  it('finds the newer release for an example repository pinned behind', async () => {
    const repo = join(tmp, 'cart-service');
    cpSync(join(examplesRoot, 'repos/cart-service'), repo, { recursive: true });
    const preset = readFileSync(join(renovateDir, 'preset.json'), 'utf8');
    writeFileSync(
      join(repo, 'renovate.json'),
      preset.replace(/\{\{arg0\}\}/g, `http://127.0.0.1:${backend.port}`),
    );
    const git = (...args: string[]) =>
      execFileSync(
        'git',
        ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args],
        {
          cwd: repo,
        },
      );
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'init');

    const result = await runRenovate(repo, join(tmp, 'renovate-base'));
    expect(result.code).toBe(0);
    const found = result.lines.find(l => l.msg === 'packageFiles with updates');
    expect(found).toBeDefined();
    const deps = found.config.regex.flatMap((f: any) =>
      f.deps.map((d: any) => ({ ...d, packageFile: f.packageFile })),
    );
    expect(deps).toEqual([
      expect.objectContaining({
        packageFile: 'AGENTS.md',
        depName: 'org-base',
        currentValue: '2.2.0',
        datasource: 'custom.agent-platform-base',
        updates: [
          expect.objectContaining({
            newVersion: '2.4.0',
            updateType: 'minor',
            branchName: 'renovate/agent-platform-base',
          }),
        ],
      }),
    ]);
    // The postUpgradeTask carries the versions agent-context upgrade needs.
    const rule = JSON.parse(preset).packageRules[0];
    expect(rule.postUpgradeTasks.commands[0]).toContain(
      '--from {{{currentVersion}}} --to {{{newVersion}}}',
    );
  });
});
