// Shared fixtures of the upgrade tests; not part of the package API.
import type {
  AgentConfigRelease,
  BaseAgentConfigEntity,
  McpServerEntity,
} from '../../model';

export const NOW = new Date('2026-11-20T12:00:00Z');

export const mcpServer = (name: string): McpServerEntity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'API',
  metadata: { name },
  spec: {
    type: 'mcp-server',
    lifecycle: 'production',
    owner: 'group:default/platform',
    remotes: [
      { type: 'streamable-http', url: `https://${name}.example.com/mcp` },
    ],
    risk: 'medium',
    allowlist: { status: 'approved' },
  },
});

export const SERVERS: McpServerEntity[] = [
  'github',
  'jira',
  'sentry',
  'scraper',
  'docs',
].map(mcpServer);

export const baseOf = (
  releases: AgentConfigRelease[],
  name = 'org-base',
): BaseAgentConfigEntity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'AiResource',
  metadata: { name },
  spec: {
    type: 'agent-config',
    lifecycle: 'production',
    owner: 'group:default/platform',
    level: 'base',
    releases,
  },
});

export const V1: AgentConfigRelease = {
  version: '1.0.0',
  date: '2026-09-01',
  config: {
    skills: ['airesource:default/code-review'],
    mcpServers: ['api:default/github', 'api:default/jira'],
    permissions: {
      defaultMode: 'default',
      allow: ['Bash(npm run test *)'],
      ask: ['Bash(git push *)'],
      deny: ['Read(./.env)'],
    },
    modelRouting: { default: 'claude-sonnet-4-6' },
  },
};

export const V2: AgentConfigRelease = {
  version: '2.0.0',
  date: '2026-10-01',
  config: {
    skills: ['airesource:default/code-review', 'airesource:default/triage'],
    mcpServers: ['api:default/github', 'api:default/sentry'],
    permissions: {
      defaultMode: 'default',
      allow: ['Bash(npm run test *)', 'Bash(npm run lint *)'],
      ask: ['Bash(git push *)', 'mcp__github__create_issue'],
      deny: ['Read(./.env)', 'Bash(curl *)', 'mcp__scraper'],
    },
    modelRouting: { default: 'claude-sonnet-5', plan: 'claude-opus-4-8' },
    hooks: {
      PreToolUse: [
        {
          matcher: 'Bash',
          hooks: [{ type: 'command', command: 'approve-destructive.sh' }],
        },
      ],
    },
  },
};

export const V3_WITHDRAWN: AgentConfigRelease = {
  ...V2,
  version: '2.1.0',
  withdrawn: true,
};

export const BASE = baseOf([V1, V2, V3_WITHDRAWN]);

export const repoFiles = (): Record<string, string> => ({
  'CLAUDE.md': [
    '<!-- agent-platform: extends: org-base@1.0.0 -->',
    '',
    '# checkout-api',
    '',
    '@AGENTS.md',
    '',
    '## Guardrails',
    '',
    'Permissions come from `org-base@1.0.0` and the team config.',
    '',
  ].join('\n'),
  'AGENTS.md': '# checkout-api\n\nRun `make test` before you finish.\n',
  '.claude/settings.json': `{
  "$schema": "https://json.schemastore.org/claude-code-settings.json",
  "model": "claude-sonnet-4-6",
  "permissions": {
    "allow": [
      "Bash(npm run test *)",
      "Bash(make *)",
      "Bash(curl https://status.example.com *)"
    ],
    "deny": [
      "Read(./.env)",
      "Read(./secrets/**)"
    ]
  },
  "enabledMcpjsonServers": ["github", "jira", "scraper"],
  "hooks": {
    "PostToolUse": [{ "matcher": "Edit", "hooks": [{ "type": "command", "command": "npx prettier --write" }] }]
  }
}
`,
  '.mcp.json': `{
  "mcpServers": {
    "github": { "type": "http", "url": "https://github.example.com/mcp" },
    "jira": { "type": "http", "url": "https://jira.example.com/mcp" },
    "scraper": {
      "type": "stdio",
      "command": "npx",
      "args": ["-y", "@acme/scraper@1.2.3"]
    }
  }
}
`,
});
