/*
 * Benchmark: governance notifications on top of a snapshot.
 *
 *   cd plugins/agent-platform-backend
 *   yarn workspace @agent-platform/tools bench:notifications [teams] [reposPerTeam]
 *
 * The organisation is generated as in scripts/bench-overview.ts (default 5,000 teams with 5
 * repositories each; the generator is copied here, that script is left as it is). Two variants
 * of the catalog and the budget states differ in 1% of the teams (CHANGED_PERCENT): those teams
 * move to the latest base release and go over budget. Each round switches variant and measures,
 * in the same run:
 *   - snapshot: what the backend does when the catalog changed (the exception policy applied,
 *     PlatformSnapshot.build): the baseline;
 *   - notifications: the governance conditions computed from that snapshot and the budget states,
 *     compared with the stored states (SQLite in memory, the real store), the changed ones
 *     claimed and sent. The notification service here only counts: a real send is one POST to
 *     the notifications backend per changed condition, which this number does not include.
 * The first run (every condition new) is reported apart. RUNS sets the rounds (default 6). With
 * --expose-gc, the heap is collected before each measured part (else the snapshot's garbage is
 * often collected during, and billed to, the notifications).
 */
import {
  AgentConfigEntity,
  applyExceptionPolicy,
  PlatformSnapshot,
  McpServerEntity,
  PlatformCatalog,
  PlatformEntityLike,
  SkillEntity,
  TeamBudgetState,
} from '@agent-platform/plugin-agent-platform-common';
import { NotificationService } from '@backstage/plugin-notifications-node';
import knexFactory from 'knex';
import { cpus } from 'node:os';
import { GovernanceNotifier } from '../../../plugins/agent-platform-backend/src/governance/GovernanceNotifier';
import { DatabaseNotificationStateStore } from '../../../plugins/agent-platform-backend/src/governance/NotificationStateStore';

const TEAMS = Number(process.argv[2] ?? 5000);
const REPOS = Number(process.argv[3] ?? 5);
const CHANGED_PERCENT = Number(process.env.CHANGED_PERCENT ?? 1);
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

const catalogA: PlatformCatalog = { configs, skills, mcpServers, components };
const every = Math.round(100 / CHANGED_PERCENT);
const changed = (t: number) => t % every === 7 % every;
const catalogB: PlatformCatalog = {
  ...catalogA,
  configs: configs.map(c => {
    const spec = c.spec as any;
    const m = /^team-(\d+)-agent-config$/.exec(c.metadata.name);
    if (!m || spec.level !== 'team' || !changed(Number(m[1]))) return c;
    return { ...c, spec: { ...spec, extends: 'org-base@2.4.0' } } as AgentConfigEntity;
  }),
};
const budgets = (variant: 'A' | 'B'): TeamBudgetState[] =>
  Array.from({ length: TEAMS }, (_, t) => {
    const over = (t % 25 === 0) !== (variant === 'B' && changed(t));
    return {
      team: `group:default/team-${t}`,
      month: '2026-11',
      state: over ? 'over' : 'ok',
      monthToDate: over ? 6000 : 100,
      monthlyUsd: 1000 + (t % 4000),
    };
  });
const policy = {
  approvers: ['group:default/platform', 'user:default/dana.kim'],
  maxDays: 90,
};

function snapshot(catalog: PlatformCatalog) {
  const governed = {
    ...catalog,
    configs: applyExceptionPolicy(catalog.configs, { policy, now: NOW }),
  };
  const built = PlatformSnapshot.build(governed, NOW);
  return {
    snapshot: built,
    index: built.index,
    overview: built.overview,
    builtAt: NOW,
    fingerprint: '',
  };
}

async function main() {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const states = await DatabaseNotificationStateStore.create({
    database: { getClient: async () => knex },
  });
  let sends = 0;
  const sink: NotificationService = {
    async send() {
      sends += 1;
    },
  };
  let variant: 'A' | 'B' = 'A';
  const notifier = new GovernanceNotifier({
    notifications: sink,
    states,
    clock: { now: () => NOW },
    logger: { warn: console.warn } as any,
    inputs: {
      budgets: async () => budgets(variant),
      requests: async () => [],
      platformTeam: 'group:default/platform',
      approverGroups: [],
    },
  });
  const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
  // With --expose-gc, each measured part starts on a collected heap, so that
  // the garbage the snapshot leaves is not billed to the notifications.
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

  console.log(
    `teams=${TEAMS} reposPerTeam=${REPOS} changed=${CHANGED_PERCENT}% of teams per round node=${
      process.version
    } cpus=${cpus().length} (${cpus()[0]?.model})`,
  );
  let start = process.hrtime.bigint();
  const first = snapshot(catalogA);
  const firstSnapshot = ms(start);
  start = process.hrtime.bigint();
  const firstRun = await notifier.run(first);
  console.log(
    `first run (every condition new): snapshot ${firstSnapshot.toFixed(0)} ms, notifications ${ms(
      start,
    ).toFixed(0)} ms, ${firstRun.sent} sent of ${firstRun.conditions} conditions`,
  );

  const rounds = Number(process.env.RUNS ?? 6);
  const rows: Array<{
    snap: number;
    snapCpu: number;
    notify: number;
    notifyCpu: number;
    sent: number;
    ended: number;
    conditions: number;
  }> = [];
  // CPU time of the process (user + system): the work, apart from waiting on a loaded machine.
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1e3;
  };
  for (let i = 0; i < rounds; i++) {
    variant = variant === 'A' ? 'B' : 'A';
    gc();
    let cpu = process.cpuUsage();
    start = process.hrtime.bigint();
    const s = snapshot(variant === 'A' ? catalogA : catalogB);
    const snap = ms(start);
    const snapCpu = cpuMs(cpu);
    sends = 0;
    gc();
    cpu = process.cpuUsage();
    start = process.hrtime.bigint();
    const run = await notifier.run(s);
    rows.push({
      snap,
      snapCpu,
      notify: ms(start),
      notifyCpu: cpuMs(cpu),
      sent: sends,
      ended: run.ended,
      conditions: run.conditions,
    });
  }
  // Where the time goes, on the last snapshot: the pure computation alone, and the stored states.
  const last = snapshot(variant === 'A' ? catalogA : catalogB);
  start = process.hrtime.bigint();
  const alerts = await notifier.alerts(last);
  const computeMs = ms(start);
  start = process.hrtime.bigint();
  await states.states();
  console.log(
    `parts: conditions computed in ${computeMs.toFixed(1)} ms (${alerts.length}), stored states read in ${ms(start).toFixed(1)} ms`,
  );
  // And a snapshot that changes nothing: nothing may be sent.
  sends = 0;
  const again = await notifier.run(snapshot(variant === 'A' ? catalogA : catalogB));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(
    '| round | snapshot ms (CPU) | notifications ms (CPU) | added, wall | added, CPU | sent | ended | conditions |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;
  rows.forEach((r, i) =>
    console.log(
      `| ${i + 1} | ${r.snap.toFixed(0)} (${r.snapCpu.toFixed(0)}) | ${r.notify.toFixed(1)} (${r.notifyCpu.toFixed(
        1,
      )}) | ${pct(r.notify, r.snap)} | ${pct(r.notifyCpu, r.snapCpu)} | ${r.sent} | ${r.ended} | ${r.conditions} |`,
    ),
  );
  const m = {
    snap: median(rows.map(r => r.snap)),
    snapCpu: median(rows.map(r => r.snapCpu)),
    notify: median(rows.map(r => r.notify)),
    notifyCpu: median(rows.map(r => r.notifyCpu)),
  };
  console.log(
    `median: snapshot ${m.snap.toFixed(0)} ms (CPU ${m.snapCpu.toFixed(0)}), notifications ${m.notify.toFixed(
      1,
    )} ms (CPU ${m.notifyCpu.toFixed(1)}); added ${pct(m.notify, m.snap)} wall, ${pct(
      m.notifyCpu,
      m.snapCpu,
    )} CPU (target < 10%)`,
  );
  console.log(`unchanged snapshot: ${again.sent} sent (must be 0), ${sends} send calls`);
  await knex.destroy();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
