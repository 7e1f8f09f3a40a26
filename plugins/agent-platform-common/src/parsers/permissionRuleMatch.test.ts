import { parsePermissionRule } from './permissionRule';
import {
  permissionRuleCovers,
  permissionRulesOverlap,
} from './permissionRuleMatch';

describe('permissionRulesOverlap', () => {
  it.each([
    ['Read(./.env)', 'Read(./.env)', true],
    ['Read(./.env)', 'Read(.env)', true],
    ['Bash', 'Bash(curl *)', true],
    ['Bash(curl https://x.example)', 'Bash(curl *)', true],
    ['Bash(curl *)', 'Bash(* evil.com)', true],
    ['Bash(curl *)', 'Bash(wget *)', false],
    ['Bash(curl:*)', 'Bash(curl)', true],
    ['PowerShell(Get-Item:*)', 'PowerShell(Get-Item)', true],
    ['Bash(ls *)', 'Bash(lsof)', false],
    ['Read(./secrets/**)', 'Read(./secrets/prod/key.pem)', true],
    ['Read(./src/**)', 'Read(./secrets/**)', false],
    ['Read(./secrets)', 'Read(./secrets/key.pem)', true],
    // `x` and `./x` are both rooted at the current directory (`Read(*.env)` is `<cwd>/*.env`).
    ['Read(*.env)', 'Read(./config/prod.env)', false],
    ['Read(./*.env)', 'Read(./config/prod.env)', false],
    ['Read(**/*.env)', 'Read(./config/prod.env)', true],
    ['Read(./.env)', 'Read(./secrets/**)', false],
    ['Read(//**)', 'Read(./.env)', true],
    ['Read(~/.env)', 'Read(./.env)', false],
    ['Read(./.env)', 'Edit(./.env)', false],
    [
      'WebFetch(domain:*.example.com)',
      'WebFetch(domain:api.example.com)',
      true,
    ],
    ['WebFetch(domain:*.example.com)', 'WebFetch(domain:example.org)', false],
    ['mcp__github', 'mcp__github__create_issue', true],
    ['mcp__github__*', 'mcp__gitlab', false],
    ['mcp__github', 'Bash', false],
    // Not Claude Code syntax: MCP rules name one server.
    ['mcp__*', 'mcp__gitlab__delete', false],
    ['Bash(', 'Bash', false],
  ])('%s and %s -> %s', (a, b, expected) => {
    expect(permissionRulesOverlap(a, b)).toBe(expected);
    expect(permissionRulesOverlap(b, a)).toBe(expected);
  });
});

describe('permissionRuleCovers', () => {
  it.each([
    ['Read(./.env)', 'Read(./.env)'],
    ['Read(./.env)', 'Read(.env)'],
    ['Bash', 'Bash(curl *)'],
    ['Bash', 'Bash(rm -rf /)'],
    ['Bash(**)', 'Bash'],
    ['Bash(npm run test *)', 'Bash(npm run test *)'],
    ['Bash(curl *)', 'Bash(curl https://x.example)'],
    ['Bash(npm *)', 'Bash(npm run test *)'],
    ['Bash(git *)', 'Bash(git push:*)'],
    ['Bash(git push:*)', 'Bash(git push origin main)'],
    ['Bash(git push *)', 'Bash(git push)'],
    ['Bash(rm -rf *)', 'Bash(rm -rf /tmp/x)'],
    ['PowerShell(Remove-Item:*)', 'PowerShell(Remove-Item C:\\x)'],
    ['Read(./secrets/**)', 'Read(./secrets/prod/key.pem)'],
    // gitignore: `secrets/*` matches the directory `secrets/prod`, so all below it.
    ['Read(./secrets/*)', 'Read(./secrets/prod/key.pem)'],
    ['Read(secrets/**)', 'Read(./secrets/*.pem)'],
    ['Read(**/.env)', 'Read(./.env)'],
    ['Read(**/.env)', 'Read(.env)'],
    ['Read(src/*.ts)', 'Read(src/a*.ts)'],
    ['Read(//**)', 'Read(~/.ssh/id_rsa)'],
    ['Read(./)', 'Read(./src/index.ts)'],
    ['WebFetch', 'WebFetch(domain:x.com)'],
    ['WebFetch(domain:*.example.com)', 'WebFetch(domain:api.example.com)'],
    ['mcp__github', 'mcp__github__create_issue'],
    ['mcp__github__*', 'mcp__github'],
    ['mcp__github__create_issue', 'mcp__github__create_issue'],
  ])('%s covers %s', (a, b) => {
    expect(permissionRuleCovers(a, b)).toBe(true);
  });

  it.each([
    ['Bash(curl *)', 'Bash'],
    ['Bash(git push *)', 'Bash'],
    ['Bash(curl https://x.example)', 'Bash(curl *)'],
    ['Bash(npm run test *)', 'Bash(npm *)'],
    ['Bash(npm run test)', 'Bash(npm run *)'],
    ['Bash(ls *)', 'Bash(lsof)'],
    ['Read(./secrets/*)', 'Read(./secrets/**)'],
    ['Read(./secrets/*.pem)', 'Read(./secrets/prod/key.pem)'],
    ['Read(./secrets/**)', 'Read(./.env)'],
    // Under the gitignore reading `.env` matches at any depth, which `/.env` does not cover.
    ['Read(/.env)', 'Read(.env)'],
    ['Read(.env)', 'Read(config/.env)'],
    ['Read(./**)', 'Read(//etc/passwd)'],
    ['Read', 'Edit(./x)'],
    ['WebFetch(domain:*.example.com)', 'WebFetch(domain:example.org)'],
    ['mcp__github__create_issue', 'mcp__github'],
    ['mcp__github', 'mcp__gitlab__x'],
    ['mcp__github', 'Bash'],
    ['Bash(', 'Bash'],
  ])('%s does not cover %s', (a, b) => {
    expect(permissionRuleCovers(a, b)).toBe(false);
  });

  it('takes parsed rules as well as text', () => {
    const deny = parsePermissionRule('Read(./secrets/**)').rule!;
    expect(permissionRuleCovers(deny, 'Read(secrets/a.pem)')).toBe(true);
    expect(permissionRulesOverlap('Read', deny)).toBe(true);
  });

  it('answers quickly on hostile patterns instead of backtracking', () => {
    const started = Date.now();
    expect(
      permissionRuleCovers(
        `Bash(${'a*'.repeat(200)}b)`,
        `Bash(${'a'.repeat(2000)})`,
      ),
    ).toBe(false);
    expect(
      permissionRuleCovers(
        `Read(${'*/'.repeat(100)}x)`,
        `Read(${'a/'.repeat(1000)}y)`,
      ),
    ).toBe(false);
    expect(
      permissionRuleCovers('Bash(*x)', `Bash(${'a'.repeat(100_000)})`),
    ).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
