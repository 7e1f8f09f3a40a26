/*
 * Benchmark: the platform overview for many teams and repositories.
 *
 *   cd packages/tools
 *   node -r @backstage/cli/config/nodeTransform.cjs src/bench-overview.ts [teams] [reposPerTeam]
 *
 * Generates an organisation (default 5,000 teams with 5 repositories each) shaped like the example
 * one, then measures in the same run:
 *   - indexed: createPlatformIndex + buildPlatformOverview, what the backend does when the catalog
 *     changed (each team resolved once, repositories contribute their pins, drift memoized per pin);
 *   - cached request: serializing the cached overview, what GET /overview costs otherwise;
 *   - naive: a per-request resolution without the index, resolving every team and every repository
 *     on its own, finding each team's repositories and configs by scanning the lists.
 *
 * The cold build is measured once per process. To sample it again without the naive baseline
 * (minutes), set SKIP_NAIVE=1; RUNS sets the number of warm runs (default 5).
 */
import {
  AgentConfigEntity,
  buildPlatformOverview,
  computeDrift,
  createPlatformIndex,
  McpServerEntity,
  PlatformEntityLike,
  resolveEffectiveConfig,
  SkillEntity,
} from '@agent-platform/plugin-agent-platform-common';
import { cpus } from 'node:os';

const TEAMS = Number(process.argv[2] ?? 5000);
const REPOS = Number(process.argv[3] ?? 5);
const NOW = new Date('2026-11-21T12:00:00Z');
const VERSIONS = ['1.8.0', '2.0.0', '2.1.0', '2.2.0', '2.3.0', '2.4.0'];

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
const catalog = { configs, skills, mcpServers, components };

// Wall time, and the CPU time of the process (user + system, all threads) to
// tell the work apart from waiting on a loaded machine.
function time<T>(fn: () => T): { ms: number; cpuMs: number; value: T } {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const value = fn();
  const used = process.cpuUsage(cpu);
  return {
    ms: Number(process.hrtime.bigint() - start) / 1e6,
    cpuMs: (used.user + used.system) / 1e3,
    value,
  };
}

function indexed() {
  return buildPlatformOverview(createPlatformIndex(catalog), NOW);
}

/** Per-request resolution: every team and repository resolved on its own, found by scanning. */
function naive() {
  const teams = [];
  for (const config of configs) {
    const spec = config.spec as any;
    if (spec.level !== 'team') continue;
    const team = resolveEffectiveConfig({
      base: configs.find(c => (c.spec as any).level === 'base'),
      team: config,
      skills,
      mcpServers,
      now: NOW,
    });
    const repos = components
      .filter(c => (c.spec as any).owner === spec.owner)
      .map(component => {
        const ref = `component:default/${component.metadata.name}`;
        const repo = configs.find(c => (c.spec as any).component === ref);
        const result = resolveEffectiveConfig({
          base: configs.find(c => (c.spec as any).level === 'base'),
          team: config,
          repo,
          skills,
          mcpServers,
          now: NOW,
        });
        return { ref, pin: result.pin?.ref, ok: result.ok };
      });
    teams.push({
      config: config.metadata.name,
      ok: team.ok,
      violations: team.violations,
      drift: computeDrift(base as any, spec.extends),
      repos,
    });
  }
  return teams;
}

const runs = Number(process.env.RUNS ?? 5);
console.log(
  `teams=${TEAMS} reposPerTeam=${REPOS} entities=${
    configs.length + components.length + skills.length + mcpServers.length
  } node=${process.version} cpus=${cpus().length} (${cpus()[0]?.model})`,
);
const cold = time(indexed);
const warm: number[] = [];
for (let i = 0; i < runs; i++) warm.push(time(indexed).ms);
warm.sort((a, b) => a - b);
const overview = cold.value;
const serialize = time(() => JSON.stringify(overview));
const baseline = process.env.SKIP_NAIVE ? undefined : time(naive);

console.log(
  `indexed overview: cold ${cold.ms.toFixed(0)} ms (CPU ${cold.cpuMs.toFixed(
    0,
  )} ms), warm median ${warm[Math.floor(runs / 2)].toFixed(
    0,
  )} ms (min ${warm[0].toFixed(0)}, max ${warm[runs - 1].toFixed(
    0,
  )}, ${runs} runs)`,
);
console.log(
  `cached request (JSON of ${(serialize.value.length / 1e6).toFixed(
    1,
  )} MB): ${serialize.ms.toFixed(0)} ms`,
);
if (baseline) {
  console.log(
    `naive per-request resolution: ${baseline.ms.toFixed(
      0,
    )} ms (CPU ${baseline.cpuMs.toFixed(0)} ms)`,
  );
}
console.log(
  `check: ${overview.totals.teams} teams, ${overview.totals.repos} repos, ${
    overview.totals.teamsWithErrors
  } with errors${
    baseline
      ? `; naive ${baseline.value.length} teams, ${
          baseline.value.filter(t => !t.ok).length
        } with errors`
      : ''
  }`,
);
