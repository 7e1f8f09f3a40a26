import type { Entity } from '@backstage/catalog-model';

/**
 * The entities the catalog-processing benchmarks apply: the org base, then 40 %
 * skills, 20 % MCP servers with tools and 40 % team configs that extend the
 * base and use a skill and a server.
 */
export function entities(n: number): Entity[] {
  const out: Entity[] = [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'AiResource',
      metadata: { name: 'org-base' },
      spec: {
        type: 'agent-config',
        level: 'base',
        lifecycle: 'production',
        owner: 'group:default/platform',
        releases: [
          {
            version: '2.4.0',
            date: '2026-10-28',
            notes: 'Latest.',
            config: {
              skills: ['airesource:default/skill-0'],
              mcpServers: ['api:default/server-0'],
              permissions: { deny: ['Read(./.env)'] },
              budget: { monthlyUsdCap: 5000 },
            },
          },
        ],
      },
    },
  ];
  for (let i = 1; i < n; i++) {
    const kind = i % 5;
    if (kind < 2) {
      out.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'AiResource',
        metadata: { name: `skill-${i}`, description: `Skill ${i}` },
        spec: {
          type: 'skill',
          lifecycle: 'production',
          owner: `group:default/team-${i % 500}`,
          allowedTools: 'Read Grep',
          version: '1.0.0',
          scope: 'team',
          evalStatus: 'passing',
        },
      });
    } else if (kind === 2) {
      out.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'API',
        metadata: { name: `server-${i}` },
        spec: {
          type: 'mcp-server',
          lifecycle: 'production',
          owner: 'group:default/platform',
          remotes: [
            { type: 'streamable-http', url: `https://mcp.example.com/${i}` },
          ],
          auth: 'oauth',
          risk: 'low',
          allowlist: { status: 'approved' },
          tools: [
            { name: 'search', access: 'read', data: ['docs'] },
            { name: 'update', access: 'write', data: ['docs'] },
          ],
        },
      });
    } else {
      out.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'AiResource',
        metadata: { name: `team-${i}-agent-config` },
        spec: {
          type: 'agent-config',
          level: 'team',
          lifecycle: 'production',
          owner: `group:default/team-${i % 500}`,
          extends: 'org-base@2.4.0',
          skills: [`airesource:default/skill-${Math.max(1, i - 3)}`],
          mcpServers: [`api:default/server-${Math.max(2, i - (i % 5) + 2)}`],
          permissions: { ask: ['Bash(git push *)'], deny: ['Bash(rm -rf *)'] },
          budget: { monthlyUsd: 1000 },
        },
      });
    }
  }
  return out;
}
