import { execFile } from 'node:child_process';
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// These tests run the real command line (bin/agent-context) on temporary
// copies of the example repositories.
const bin = resolve(__dirname, '../bin/agent-context');
const repos = resolve(__dirname, '../../../examples/repos');
const catalogFile = join(__dirname, '__fixtures__/catalog.yaml');

jest.setTimeout(120_000);

function run(args: string[]) {
  return new Promise<{ code: number; out: string; err: string }>(done => {
    execFile(
      process.execPath,
      [bin, ...args],
      { env: { ...process.env, NODE_ENV: 'test' } },
      (error, stdout, stderr) =>
        done({
          code: error ? Number(error.code ?? 1) : 0,
          out: String(stdout),
          err: String(stderr),
        }),
    );
  });
}

/** Every file of a folder, by relative path, to prove nothing changed. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else files[path] = readFileSync(join(dir, path), 'utf8');
    }
  };
  walk('');
  return files;
}

describe('agent-context upgrade (the real CLI)', () => {
  let tmp: string;
  const copy = (repo: string) => {
    const dir = join(tmp, repo);
    cpSync(join(repos, repo), dir, { recursive: true });
    return dir;
  };

  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'agent-context-upgrade-'));
  });
  afterEach(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  it('shows the diff with --dry-run and writes nothing', async () => {
    const dir = copy('cart-service');
    const before = snapshot(dir);
    const result = await run([
      'upgrade',
      dir,
      '--base-file',
      catalogFile,
      '--dry-run',
    ]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain(
      'agent-context upgrade: org-base 2.2.0 -> 2.4.0 (dry run)',
    );
    expect(result.out).toContain(
      '-<!-- agent-platform: extends: org-base@2.2.0 -->\n+<!-- agent-platform: extends: org-base@2.4.0 -->',
    );
    expect(result.out).toContain('+      "Bash(git push --force *)",');
    expect(result.out).toContain(
      '- Deny rules added: `Bash(git push --force *)`, `Bash(git push -f *)`, `Bash(gh pr merge *)`',
    );
    expect(result.out).toContain(
      'Dry run: 2 file(s) would change; nothing written.',
    );
    expect(snapshot(dir)).toEqual(before);
  });

  it('writes the upgrade, after which check finds the repo up to date, and a second run does nothing', async () => {
    const dir = copy('cart-service');
    const before = snapshot(dir);
    const result = await run(['upgrade', dir, '--base-file', catalogFile]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('Wrote AGENTS.md, .claude/settings.json.');
    const after = snapshot(dir);
    expect(after['AGENTS.md']).toBe(
      before['AGENTS.md'].replace('org-base@2.2.0', 'org-base@2.4.0'),
    );
    expect(
      JSON.parse(after['.claude/settings.json']).permissions.deny,
    ).toContain('Bash(gh pr merge *)');
    // Only the two agent files changed; no temporary files are left behind.
    const changed = Object.keys(after).filter(p => after[p] !== before[p]);
    expect(changed.sort()).toEqual(['.claude/settings.json', 'AGENTS.md']);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());

    const check = await run(['check', dir, '--base-file', catalogFile]);
    expect(check.out).toContain('base: up to date (latest 2.4.0)');
    expect(check.code).toBe(0);

    const again = await run(['upgrade', dir, '--base-file', catalogFile]);
    expect(again.code).toBe(0);
    expect(again.out).toBe(
      'agent-context upgrade: already at org-base@2.4.0; nothing to do\n',
    );
    expect(snapshot(dir)).toEqual(after);
  });

  it('re-renders after Renovate bumped the pin line (--from)', async () => {
    const dir = copy('cart-service');
    const agents = join(dir, 'AGENTS.md');
    writeFileSync(
      agents,
      readFileSync(agents, 'utf8').replace('org-base@2.2.0', 'org-base@2.4.0'),
    );
    const result = await run([
      'upgrade',
      dir,
      '--base-file',
      catalogFile,
      '--from',
      '2.2.0',
      '--to',
      '2.4.0',
    ]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('Wrote .claude/settings.json.');
  });

  describe('refuses with a clear message and leaves the files untouched', () => {
    const refused = async (dir: string, args: string[], message: string) => {
      const before = snapshot(dir);
      const result = await run(['upgrade', dir, ...args]);
      expect(result.code).toBe(2);
      expect(result.err).toBe(
        `agent-context upgrade: ${message}\nNothing was written.\n`,
      );
      expect(snapshot(dir)).toEqual(before);
    };

    it('an unknown target', async () => {
      await refused(
        copy('cart-service'),
        ['--base-file', catalogFile, '--to', '9.9.9'],
        'org-base has no release 9.9.9 (releases: 1.8.0, 2.0.0, 2.1.0, 2.2.0, 2.3.0, 2.4.0)',
      );
    });

    it('an older target, unless forced', async () => {
      const dir = copy('payments-api');
      await refused(
        dir,
        ['--base-file', catalogFile, '--to', '2.3.0'],
        'org-base@2.3.0 is older than the pinned 2.4.0; refusing to downgrade (or --force)',
      );
      const forced = await run([
        'upgrade',
        dir,
        '--base-file',
        catalogFile,
        '--to',
        '2.3.0',
        '--force',
        '--dry-run',
      ]);
      expect(forced.code).toBe(0);
      expect(forced.out).toContain(
        'warning: downgrading from 2.4.0 to 2.3.0 (forced)',
      );
    });

    it('a withdrawn target, unless forced', async () => {
      const withdrawn = join(tmp, 'catalog-withdrawn.yaml');
      // The first release listed is 2.4.0.
      writeFileSync(
        withdrawn,
        readFileSync(catalogFile, 'utf8').replace(
          'withdrawn: false',
          'withdrawn: true',
        ),
      );
      const dir = copy('cart-service');
      await refused(
        dir,
        ['--base-file', withdrawn, '--to', '2.4.0'],
        'org-base@2.4.0 is withdrawn and must not be used; pick another release (or --force)',
      );
      // Without --to the latest usable release is chosen.
      const latest = await run([
        'upgrade',
        dir,
        '--base-file',
        withdrawn,
        '--dry-run',
      ]);
      expect(latest.out).toContain('org-base 2.2.0 -> 2.3.0 (dry run)');
    });

    it('a file that does not parse', async () => {
      const dir = copy('cart-service');
      writeFileSync(
        join(dir, '.mcp.json'),
        '{\n  "mcpServers": {\n    "a": \n',
      );
      await refused(
        dir,
        ['--base-file', catalogFile],
        '.mcp.json:4: ValueExpected; the file is not valid JSON',
      );
    });

    it('a repository without a pin', async () => {
      const dir = copy('cart-service');
      const agents = join(dir, 'AGENTS.md');
      writeFileSync(
        agents,
        readFileSync(agents, 'utf8').replace(
          '<!-- agent-platform: extends: org-base@2.2.0 -->',
          '',
        ),
      );
      await refused(
        dir,
        ['--base-file', catalogFile],
        'No context file declares the base it extends (<!-- agent-platform: extends: org-base@<version> -->); add the pin first',
      );
    });
  });

  it('explains its usage', async () => {
    const result = await run(['upgrade', '--dry-run']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('Give either --base-file or --portal');
    expect(result.err).toContain(
      'Usage: agent-context upgrade [dir] [options]',
    );
  });
});
