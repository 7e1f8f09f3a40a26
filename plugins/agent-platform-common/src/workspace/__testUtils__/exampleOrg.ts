// The example organisation's agent configs (read from examples/) and a hand-written
// mirror of its MCP servers and skills; test support, not part of the package API.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { McpServerEntity, SkillEntity } from '../../model';
import {
  parseEntityDocuments,
  sortAgentPlatformEntities,
} from '../entityDocuments';

export const EXAMPLES = resolve(__dirname, '../../../../../examples');

export const NOW = new Date('2026-11-20T12:00:00Z');

/** The base (a fixture mirroring examples/org-base/) and the team configs of examples/catalog/. */
export function exampleConfigs() {
  const entities = [
    join(__dirname, 'org-base.yaml'),
    join(EXAMPLES, 'catalog/agent-configs.yaml'),
  ].flatMap(
    file => parseEntityDocuments(readFileSync(file, 'utf8'), { file }).entities,
  );
  return sortAgentPlatformEntities(entities);
}

export const server = (
  name: string,
  status: 'approved' | 'restricted' | 'denied',
  extra: Partial<McpServerEntity['spec']> = {},
): McpServerEntity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'API',
  metadata: { name },
  spec: {
    type: 'mcp-server',
    lifecycle: 'production',
    owner: 'group:default/platform',
    remotes: [
      { type: 'streamable-http', url: `https://mcp.acme.example/${name}/mcp` },
    ],
    auth: 'oauth',
    allowlist: { status },
    ...extra,
  },
});

export const exampleServers = (): McpServerEntity[] => [
  server('github', 'approved', {
    remotes: [
      { type: 'streamable-http', url: 'https://api.githubcopilot.com/mcp/' },
    ],
  }),
  server('jira', 'approved', {
    remotes: [
      { type: 'sse', url: 'https://mcp.atlassian.com/v1/sse' },
      { type: 'streamable-http', url: 'https://mcp.atlassian.com/v1/mcp' },
    ],
  }),
  // Remotes and packages as in examples/mcp-servers/*/server.json: servers are matched by what they run.
  server('sentry', 'approved', {
    remotes: [{ type: 'streamable-http', url: 'https://mcp.sentry.dev/mcp' }],
  }),
  server('docs-search', 'approved'),
  server('postgres-prod', 'restricted', {
    auth: 'mtls',
    packages: [{ registryType: 'npm', identifier: '@acme/mcp-proxy' }],
  }),
  server('snowflake', 'restricted', {
    auth: 'token',
    remotes: [
      {
        type: 'streamable-http',
        url: 'https://acme-analytics.snowflakecomputing.com/api/v2/databases/ANALYTICS/schemas/AGENTS/mcp-servers/ACME_READONLY',
      },
    ],
  }),
  server('slack', 'restricted', { auth: 'token' }),
  server('shell-admin', 'denied', {
    auth: 'none',
    remotes: [{ type: 'stdio', url: 'npm:@acme-sre/shell-admin-mcp@0.9.2' }],
  }),
];

export const skill = (
  name: string,
  spec: Partial<SkillEntity['spec']> = {},
): SkillEntity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'AiResource',
  metadata: { name },
  spec: {
    type: 'skill',
    lifecycle: 'production',
    owner: 'group:default/platform',
    scope: 'org',
    ...spec,
  },
});

export const exampleSkills = (): SkillEntity[] => [
  ...[
    'code-review',
    'commit-message',
    'pr-description',
    'test-writer',
    'write-adr',
    'dependency-upgrade',
    'release-notes',
    'incident-triage',
    'pci-checklist',
    'relevance-tuning',
    'dbt-model-review',
    'app-store-release',
  ].map(name => skill(name)),
  skill('changelog-writer', {
    lifecycle: 'deprecated',
    replacedBy: 'airesource:default/release-notes',
  }),
];

/** A reader over a folder of the examples, or over a map of texts. */
export const folderReader = (dir: string) => async (path: string) => {
  try {
    return readFileSync(join(dir, path), 'utf8');
  } catch {
    return undefined;
  }
};

export const mapReader =
  (files: Record<string, string>) => async (path: string) =>
    files[path];
