// Shared fixtures for the inheritance tests; not part of the package API.
import type {
  AgentConfigContent,
  AgentConfigEntity,
  AgentConfigRelease,
  BaseAgentConfigEntity,
  McpServerEntity,
  SkillEntity,
  TeamAgentConfigSpec,
  RepoAgentConfigSpec,
} from '../../model';

export const NOW = new Date('2026-11-20T12:00:00Z');

export const baseConfig = (): AgentConfigContent => ({
  skills: ['airesource:default/code-review'],
  mcpServers: ['api:default/github'],
  permissions: {
    defaultMode: 'default',
    allow: ['Bash(npm run test *)'],
    ask: ['Bash(git push *)'],
    deny: ['Read(./.env)', 'Read(./secrets/**)', 'Bash(curl *)'],
  },
  modelRouting: {
    default: 'claude-sonnet-4-6',
    plan: 'claude-opus-4-8',
    background: 'claude-haiku-4-5',
  },
  budget: { monthlyUsdCap: 5000 },
});

export const release = (
  version: string,
  extra: Partial<AgentConfigRelease> = {},
): AgentConfigRelease => ({
  version,
  date: '2026-10-28',
  notes: `Release ${version}.`,
  config: baseConfig(),
  ...extra,
});

export const makeBase = (
  releases: AgentConfigRelease[] = [
    release('2.1.0', { deprecated: true }),
    release('2.2.0', { withdrawn: true }),
    release('2.3.0', { notes: 'Routes plan mode to Opus.' }),
    release('2.3.1', { security: true, notes: 'Denies reading secrets.' }),
    release('2.4.0', { notes: 'Adds the incident-triage skill.' }),
    release('2.5.0', { withdrawn: true }),
  ],
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

export const makeTeam = (
  spec: Partial<TeamAgentConfigSpec> = {},
  name = 'payments-agent-config',
): AgentConfigEntity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'AiResource',
  metadata: { name },
  spec: {
    type: 'agent-config',
    lifecycle: 'production',
    owner: 'group:default/payments',
    level: 'team',
    extends: 'org-base@2.3.0',
    ...spec,
  },
});

export const makeRepo = (
  spec: Partial<RepoAgentConfigSpec> = {},
  name = 'checkout-api-agent-config',
): AgentConfigEntity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'AiResource',
  metadata: { name },
  spec: {
    type: 'agent-config',
    lifecycle: 'production',
    owner: 'group:default/payments',
    level: 'repo',
    component: 'component:default/checkout-api',
    ...spec,
  },
});

const skill = (
  name: string,
  extra: Partial<SkillEntity['spec']> = {},
): SkillEntity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'AiResource',
  metadata: { name },
  spec: {
    type: 'skill',
    lifecycle: 'production',
    owner: 'group:default/platform',
    ...extra,
  },
});

export const SKILLS: SkillEntity[] = [
  skill('code-review'),
  skill('incident-triage'),
  skill('pci-checklist', { scope: 'team' }),
  skill('release-notes'),
  skill('changelog', {
    lifecycle: 'deprecated',
    replacedBy: 'airesource:default/release-notes',
  }),
];

const server = (
  name: string,
  allowlist?: McpServerEntity['spec']['allowlist'],
): McpServerEntity => ({
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
    ...(allowlist ? { allowlist } : {}),
  },
});

export const SERVERS: McpServerEntity[] = [
  server('github', { status: 'approved' }),
  server('jira', { status: 'approved' }),
  server('postgres-prod', { status: 'restricted', reason: 'Production data.' }),
  server('scraper', { status: 'denied', reason: 'Exfiltration risk.' }),
  server('unreviewed'),
];

export const exception = (target: string, until: string) => ({
  target,
  reason: 'Approved for a migration.',
  approvedBy: 'user:default/dana.platform',
  until,
});
