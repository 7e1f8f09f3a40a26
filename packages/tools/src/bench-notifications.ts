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
  PlatformCatalog,
  TeamBudgetState,
} from '@agent-platform/plugin-agent-platform-common';
import { NotificationService } from '@backstage/plugin-notifications-node';
import knexFactory from 'knex';
import { cpus } from 'node:os';
import { GovernanceNotifier } from '../../../plugins/agent-platform-backend/src/governance/GovernanceNotifier';
import { generateOrg } from './benchOrg';
import { DatabaseNotificationStateStore } from '../../../plugins/agent-platform-backend/src/governance/NotificationStateStore';

const TEAMS = Number(process.argv[2] ?? 5000);
const REPOS = Number(process.argv[3] ?? 5);
const CHANGED_PERCENT = Number(process.env.CHANGED_PERCENT ?? 1);
const NOW = new Date('2026-11-21T12:00:00Z');
// The overview benchmark's organisation.
const { configs, skills, mcpServers, components } = generateOrg(TEAMS, REPOS);
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
