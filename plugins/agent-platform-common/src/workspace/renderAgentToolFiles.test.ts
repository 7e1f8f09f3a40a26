import { parse as parseToml } from 'smol-toml';
import type { McpServerEntity } from '../model';
import { resolveEffectiveConfig } from '../inheritance/resolveEffectiveConfig';
import { parseAgentTools } from '../parsers/agentTools/parseAgentTools';
import { AGENT_TOOL_PARSERS } from '../parsers/agentTools/registry';
import { resolveContextTree } from '../parsers/contextTree';
import { matchMcpServer } from '../parsers/mcpServerIdentity';
import {
  agentToolReadBackProblems,
  readBackAgentTools,
} from './checkAgentToolFiles';
import { renderAgentFiles } from './renderAgentFiles';
import {
  agentToolsOfTeam,
  SCAFFOLD_AGENT_TOOLS,
  ScaffoldAgentTool,
} from './renderAgentToolFiles';
import {
  exampleConfigs,
  exampleServers,
  exampleSkills,
  NOW,
  server,
} from './__testUtils__/exampleOrg';

const { bases, teams } = exampleConfigs();
const payments = teams.find(t => t.metadata.name === 'payments-agent-config')!;

// The example servers, with a token server (jira) and a package-only one
// with a token (docs-search), so that every way of writing a secret is used.
const servers: McpServerEntity[] = exampleServers().map(s => {
  if (s.metadata.name === 'jira') {
    return { ...s, spec: { ...s.spec, auth: 'token' as const } };
  }
  if (s.metadata.name === 'docs-search') {
    return server('docs-search', 'approved', {
      auth: 'token',
      remotes: [{ type: 'stdio', url: 'npm:@acme/docs-search-mcp@1.4.0' }],
      packages: [
        {
          registryType: 'npm',
          identifier: '@acme/docs-search-mcp',
          version: '1.4.0',
        },
      ],
    } as any);
  }
  return s;
});
const result = resolveEffectiveConfig({
  base: bases[0],
  team: payments,
  mcpServers: servers,
  skills: exampleSkills(),
  now: NOW,
  pin: 'org-base@2.4.0',
});
const PIN = 'org-base@2.4.0';
const SERVERS = ['docs-search', 'github', 'jira', 'postgres-prod', 'sentry'];

const render = (
  tools: ScaffoldAgentTool[],
  description = 'Refunds and their ledger entries.',
) =>
  renderAgentFiles({
    componentName: 'refunds-api',
    owner: 'group:default/payments',
    result,
    mcpServers: servers,
    description,
    tools,
  });

describe('renderAgentFiles for other agent tools: round trip through each tool parser', () => {
  it.each(SCAFFOLD_AGENT_TOOLS.map(t => [t]))(
    '%s: its own parser reads back the pinned release, the servers and no error',
    async tool => {
      const { files, mcpServers } = render([tool]);
      const parser = AGENT_TOOL_PARSERS.find(p => p.id === tool)!;
      // Only the tool's files, and AGENTS.md (shared, imported).
      const own = Object.keys(files).filter(
        p => parser.files.includes(p) || p.startsWith('.cursor/rules/'),
      );
      expect(Object.keys(files).sort()).toEqual(
        [...new Set([...own, 'AGENTS.md'])].sort(),
      );
      const parsed = parser.parse(new Map(own.map(p => [p, files[p]])));
      expect(parsed.issues.filter(i => i.severity === 'error')).toEqual([]);
      const names = parsed.mcpServers.map(
        s => matchMcpServer(s, servers).match?.metadata.name,
      );
      expect(names.sort()).toEqual(SERVERS);
      expect([...mcpServers].sort()).toEqual(SERVERS);
      const tree = await resolveContextTree(
        own.filter(p => parser.isContextFile(p)),
        async p => files[p],
      );
      expect(tree.issues).toEqual([]);
      expect(tree.pin && `${tree.pin.base}@${tree.pin.version}`).toBe(PIN);
      // No secret value anywhere: every token is a variable or a prompt.
      expect(Object.values(files).join('\n')).not.toMatch(/Bearer [A-Za-z0-9]/);
    },
  );

  it('writes each tool in its own syntax', () => {
    const { files, variables } = render([
      'cursor',
      'codex',
      'copilot',
      'gemini',
    ]);
    expect(Object.keys(files).sort()).toEqual([
      '.codex/config.toml',
      '.cursor/mcp.json',
      '.cursor/rules/agent-platform.mdc',
      '.gemini/settings.json',
      '.github/copilot-instructions.md',
      '.vscode/mcp.json',
      'AGENTS.md',
      'GEMINI.md',
    ]);
    expect(JSON.parse(files['.cursor/mcp.json']).mcpServers.jira).toEqual({
      url: 'https://mcp.atlassian.com/v1/mcp',
      headers: { Authorization: 'Bearer ${env:JIRA_TOKEN}' },
    });
    const vscode = JSON.parse(files['.vscode/mcp.json']);
    expect(vscode.servers.jira.headers).toEqual({
      Authorization: 'Bearer ${input:jira-token}',
    });
    expect(vscode.inputs.map((i: any) => [i.id, i.password])).toEqual([
      ['jira-token', true],
      ['docs-search-token', true],
    ]);
    expect(
      JSON.parse(files['.gemini/settings.json']).mcpServers.github,
    ).toEqual({
      httpUrl: 'https://api.githubcopilot.com/mcp/',
    });
    const codex = parseToml(files['.codex/config.toml']) as any;
    expect(codex.approval_policy).toBe('on-request');
    expect(codex.sandbox_mode).toBe('workspace-write');
    expect(codex.mcp_servers.jira.bearer_token_env_var).toBe('JIRA_TOKEN');
    expect(codex.mcp_servers['docs-search']).toEqual({
      command: 'npx',
      args: ['-y', '@acme/docs-search-mcp@1.4.0'],
      env_vars: ['DOCS_SEARCH_TOKEN'],
    });
    expect(variables).toEqual(['DOCS_SEARCH_TOKEN', 'JIRA_TOKEN']);
    // Instructions, pin first, the guardrails naming each tool's file.
    const agents = files['AGENTS.md'];
    expect(agents.split('\n')[0]).toBe(
      `<!-- agent-platform: extends: ${PIN} -->`,
    );
    expect(agents).toContain(
      'the team config (`.cursor/mcp.json`, `.codex/config.toml`, `.vscode/mcp.json`, `.gemini/settings.json`)',
    );
    expect(files['GEMINI.md']).toBe('@AGENTS.md\n');
    expect(files['.github/copilot-instructions.md']).toBe(agents);
    expect(files['.cursor/rules/agent-platform.mdc']).toMatch(
      /^---\ndescription: "Agent context of refunds-api[^\n]*"\nalwaysApply: true\n---\n\n<!-- agent-platform: extends: org-base@2\.4\.0 -->/,
    );
  });

  it('all five tools together: the repository parse the catalog runs finds one pin and every server once per tool', async () => {
    const { files } = render([...SCAFFOLD_AGENT_TOOLS]);
    expect(files['CLAUDE.md']).toBe('@AGENTS.md\n');
    const all = parseAgentTools(new Map(Object.entries(files)));
    expect(all.tools.map(t => t.id)).toEqual([...SCAFFOLD_AGENT_TOOLS]);
    expect(all.issues.filter(i => i.severity === 'error')).toEqual([]);
    expect(all.mcpServers).toHaveLength(SERVERS.length * 5);
    const tree = await resolveContextTree(
      all.contextEntries,
      async p => files[p],
    );
    expect(tree.issues).toEqual([]);
    expect(tree.pins.every(p => `${p.base}@${p.version}` === PIN)).toBe(true);
    const readBack = await readBackAgentTools({
      files,
      tools: SCAFFOLD_AGENT_TOOLS,
      mcpServers: servers,
    });
    expect(
      agentToolReadBackProblems(readBack, { pin: PIN, mcpServers: SERVERS }),
    ).toEqual([]);
  });

  it('the user text stays quoted in its labelled section in every instruction file', () => {
    const { files } = render(
      ['cursor', 'copilot'],
      'Refunds. Call @docs/flows.md first.',
    );
    for (const path of [
      'AGENTS.md',
      '.cursor/rules/agent-platform.mdc',
      '.github/copilot-instructions.md',
    ]) {
      expect(files[path]).toContain(
        '<!-- user-text: begin description -->\n\n> Refunds. Call @docs/flows.md first.\n\n<!-- user-text: end description -->',
      );
    }
  });

  it('readBackAgentTools reports a tool that misreads the files', async () => {
    const { files } = render(['cursor']);
    const broken = {
      ...files,
      '.cursor/rules/agent-platform.mdc': files[
        '.cursor/rules/agent-platform.mdc'
      ].replace('org-base@2.4.0', 'org-base@2.3.0'),
      '.cursor/mcp.json':
        '{"mcpServers": {"jira": {"url": "https://elsewhere.example/mcp"}}}',
    };
    const problems = agentToolReadBackProblems(
      await readBackAgentTools({
        files: broken,
        tools: ['cursor'],
        mcpServers: servers,
      }),
      { pin: PIN, mcpServers: SERVERS },
    );
    expect(problems).toEqual([
      'cursor: its instruction files (.cursor/rules/agent-platform.mdc) pin org-base@2.3.0, not org-base@2.4.0',
      'cursor: starts the MCP servers [] and [jira] the catalog does not know, not [docs-search, github, jira, postgres-prod, sentry]',
    ]);
  });

  it('refuses a transport a tool lacks', () => {
    const ws = servers.map(s =>
      s.metadata.name === 'sentry'
        ? server('sentry', 'approved', {
            remotes: [{ type: 'ws', url: 'wss://mcp.sentry.dev/ws' }],
          })
        : s,
    );
    expect(() =>
      renderAgentFiles({
        componentName: 'refunds-api',
        owner: 'group:default/payments',
        result,
        mcpServers: ws,
        tools: ['codex'],
      }),
    ).toThrow(
      'The MCP server sentry cannot be written for OpenAI Codex: Codex reaches remote servers over streamable HTTP only, not ws',
    );
  });
});

describe('agentToolsOfTeam', () => {
  const repo = (owner: string, ...tools: Array<[string, string[]]>) => ({
    spec: {
      owner,
      observed: { tools: tools.map(([id, files]) => ({ id, files })) },
    },
  });
  it("is the tools the team's repositories use, in parser order; Claude Code when none", () => {
    const repos = [
      repo('group:default/payments', ['gemini', ['GEMINI.md']]),
      // A Claude Code repository's AGENTS.md does not make it a Codex one.
      repo(
        'group:default/payments',
        ['claude-code', ['CLAUDE.md']],
        ['codex', ['AGENTS.md']],
      ),
      repo('group:default/checkout', ['cursor', ['.cursor/mcp.json']]),
      repo('group:default/data-eng', [
        'codex',
        ['AGENTS.md', '.codex/config.toml'],
      ]),
    ];
    expect(agentToolsOfTeam(repos, 'group:default/data-eng')).toEqual([
      'codex',
    ]);
    expect(agentToolsOfTeam(repos, 'group:default/payments')).toEqual([
      'claude-code',
      'gemini',
    ]);
    expect(agentToolsOfTeam(repos, 'group:default/growth')).toEqual([
      'claude-code',
    ]);
  });
});
