/*
 * The organisation the overview and snapshot benchmarks measure: one base with
 * six releases, `teams` team configs shaped like the example organisation's, and
 * `reposPerTeam` repositories per team, each with the repo config the catalog
 * module reads from its files.
 */
import {
  AgentConfigEntity,
  McpServerEntity,
  PlatformEntityLike,
  SkillEntity,
} from '@agent-platform/plugin-agent-platform-common';

export const VERSIONS = ['1.8.0', '2.0.0', '2.1.0', '2.2.0', '2.3.0', '2.4.0'];

const allow = [
  'Bash(npm run lint *)',
  'Bash(npm run test *)',
  'Bash(npm run typecheck *)',
  'Bash(git status)',
  'Bash(git diff *)',
  'Bash(git log *)',
  'WebFetch(domain:docs.acme.example)',
  'mcp__sentry',
  'mcp__docs-search',
];
const ask = [
  'Bash(git push *)',
  'Bash(npm publish *)',
  'Bash(curl *)',
  'Bash(wget *)',
  'Bash(terraform apply *)',
  'Bash(kubectl apply *)',
  'mcp__github__create_pull_request',
  'mcp__jira__createJiraIssue',
];
const deny = [
  'Read(./secrets/**)',
  'Read(./.env)',
  'Read(./.env.*)',
  'Read(~/.aws/**)',
  'Read(~/.ssh/**)',
  'Bash(curl * | sh)',
  'Bash(wget * | sh)',
  'Bash(git push --force *)',
  'Bash(gh pr merge *)',
  'mcp__github__merge_pull_request',
];
const skillNames = [
  'code-review',
  'commit-message',
  'pr-description',
  'test-writer',
  'write-adr',
  'release-notes',
  'changelog-writer',
];
const serverNames = ['github', 'jira', 'sentry', 'docs-search', 'snowflake'];

const meta = { apiVersion: 'backstage.io/v1alpha1' as const };

const base: AgentConfigEntity = {
  ...meta,
  kind: 'AiResource',
  metadata: { name: 'org-base' },
  spec: {
    type: 'agent-config',
    lifecycle: 'production',
    owner: 'group:default/platform',
    level: 'base',
    releases: VERSIONS.map((version, i) => ({
      version,
      security: version === '2.2.0',
      deprecated: version === '1.8.0',
      config: {
        skills: skillNames
          .slice(0, 4 + (i % 3))
          .map(s => `airesource:default/${s}`),
        mcpServers: serverNames.slice(0, 4).map(s => `api:default/${s}`),
        permissions: {
          defaultMode: 'default',
          allow,
          ask: ask.slice(0, 4 + i),
          deny: deny.slice(0, 4 + i),
        },
        modelRouting: { default: 'claude-sonnet-4-6', plan: 'claude-opus-4-8' },
        budget: { monthlyUsdCap: 5000 },
      },
    })),
  },
};

const skills: SkillEntity[] = skillNames.map(name => ({
  ...meta,
  kind: 'AiResource',
  metadata: { name },
  spec: {
    type: 'skill',
    lifecycle: name === 'changelog-writer' ? 'deprecated' : 'production',
    owner: 'group:default/platform',
    scope: 'org',
  },
}));
const mcpServers: McpServerEntity[] = serverNames.map(name => ({
  ...meta,
  kind: 'API',
  metadata: { name },
  spec: {
    type: 'mcp-server',
    lifecycle: 'production',
    owner: 'group:default/platform',
    remotes: [{ type: 'streamable-http', url: `https://${name}.example/mcp` }],
    allowlist: { status: name === 'snowflake' ? 'restricted' : 'approved' },
  },
}));

/** Generates the organisation. */
export function generateOrg(TEAMS: number, REPOS: number) {
  const configs: AgentConfigEntity[] = [base];
  const components: PlatformEntityLike[] = [];
  for (let t = 0; t < TEAMS; t++) {
    const team = `team-${t}`;
    const pin = `org-base@${VERSIONS[t % VERSIONS.length]}`;
    configs.push({
      ...meta,
      kind: 'AiResource',
      metadata: { name: `${team}-agent-config` },
      spec: {
        type: 'agent-config',
        lifecycle: 'production',
        owner: `group:default/${team}`,
        level: 'team',
        extends: pin,
        skills: ['airesource:default/code-review'],
        mcpServers: t % 10 === 0 ? ['api:default/snowflake'] : [],
        permissions: {
          // Every 50th team loosens the base, as checkout does in the example.
          allow: t % 50 === 0 ? ['Read(./.env)'] : [],
          ask: [`Bash(./scripts/${team}/deploy.sh *)`, 'Bash(helm upgrade *)'],
          deny: [`Read(./teams/${team}/keys/**)`, 'Bash(terraform destroy *)'],
        },
        budget: { monthlyUsd: 1000 + (t % 4000) },
        ...(t % 10 === 0
          ? {
              exceptions: [
                {
                  target: 'api:default/snowflake',
                  reason: 'Read-only analytics.',
                  approvedBy: 'user:default/dana.kim',
                  until: t % 20 === 0 ? '2026-09-30' : '2027-01-31',
                },
              ],
            }
          : {}),
      },
    } as AgentConfigEntity);
    for (let r = 0; r < REPOS; r++) {
      const name = `${team}-repo-${r}`;
      components.push({
        kind: 'Component',
        metadata: { name },
        spec: { owner: `group:default/${team}` },
      });
      // The repository's own pin: mostly the team's, sometimes one behind.
      const repoPin = `org-base@${
        VERSIONS[Math.max(0, (t % VERSIONS.length) - (r === REPOS - 1 ? 1 : 0))]
      }`;
      configs.push({
        ...meta,
        kind: 'AiResource',
        metadata: { name: `${name}-repo-config` },
        spec: {
          type: 'agent-config',
          lifecycle: 'production',
          owner: `group:default/${team}`,
          level: 'repo',
          component: `component:default/${name}`,
          extends: repoPin,
          mcpServers: ['api:default/github'],
          permissions: { allow: [], ask: [], deny: ['Bash(rm -rf *)'] },
          observed: { files: ['CLAUDE.md'], mcpServers: [] },
        },
      } as AgentConfigEntity);
    }
  }
  return { configs, skills, mcpServers, components, base };
}
