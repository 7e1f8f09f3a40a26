/*
 * Benchmark: the platform snapshot, full and incremental, against the previous code.
 *
 *   yarn workspace @agent-platform/tools bench:snapshot [teams...] \
 *     [--rounds 7] [--changes 20] [--previous <path to the previous commit's common/src/index.ts>]
 *
 * For each organisation size (default 5,000 and 20,000 teams, 5 repositories each, from
 * benchOrg.ts), in one process:
 *   - full build: PlatformSnapshot.build (index, every team resolved, every view), from
 *     nothing: every cache starts empty;
 *   - full rebuild: on a kept snapshot, apply() of a changed base (a copy of it, so every
 *     release is read and merged again), which recomputes every team; the snapshot's
 *     index keeps what it parsed before (permission rules, pins), as the backend's does;
 *   - previous code (with --previous): createPlatformIndex + buildPlatformOverview of the given
 *     checkout. From the second round on, its module-level memo maps (parsed rules, pins,
 *     versions) are warm from the round before, as they were in the previous backend.
 *   The three run round by round, the order rotating, so they see the same machine;
 *   - one-team change: apply() of a team config whose pin moved, then the overview as the backend
 *     serves it (the getter assembles it), `--changes` times on one snapshot.
 * Prints medians with min-max of wall time and of the process's CPU time (user + system,
 * which a loaded machine inflates less than wall time); a ratio is the median of the
 * per-round ratios.
 */
import { PlatformSnapshot } from '@agent-platform/plugin-agent-platform-common';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { generateOrg, VERSIONS } from './benchOrg';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const sizes = args.filter(
  (a, i) => /^\d+$/.test(a) && !args[i - 1]?.startsWith('--'),
);
const TEAMS = sizes.length ? sizes.map(Number) : [5000, 20000];
const ROUNDS = Number(option('rounds', '7'));
const CHANGES = Number(option('changes', '20'));
const PREVIOUS = option('previous', '');
const NOW = new Date('2026-11-21T12:00:00Z');

/** Wall and CPU (user + system) milliseconds of one call. */
const timed = (fn: () => unknown) => {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  fn();
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1e3 };
};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)];
};
const spread = (xs: number[]) =>
  `${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)}-${Math.max(
    ...xs,
  ).toFixed(0)})`;

// The previous commit's core, loaded from its checkout (transpiled like this file).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const previous = PREVIOUS ? require(resolve(PREVIOUS)) : undefined;

console.log(
  `node=${process.version} cpus=${cpus().length} (${
    cpus()[0]?.model
  }) rounds=${ROUNDS} changes=${CHANGES}${
    PREVIOUS ? ` previous=${PREVIOUS}` : ''
  }`,
);
for (const teams of TEAMS) {
  const org = generateOrg(teams, 5);
  const catalog = {
    configs: org.configs,
    skills: org.skills,
    mcpServers: org.mcpServers,
    components: org.components,
  };
  const totalsOf = (overview: PlatformSnapshot['overview']) =>
    `${overview.totals.teams} teams, ${overview.totals.repos} repos, ${overview.totals.teamsWithErrors} with errors`;
  // The snapshot the rebuilds and the one-team changes apply to, built before
  // the rounds and kept through them (so every side runs beside it).
  const snapshot = PlatformSnapshot.build(catalog, NOW);
  const heap = process.memoryUsage().heapUsed / 1e6;
  const checks = new Set<string>([totalsOf(snapshot.overview)]);
  const sides: Array<{ name: string; run: () => void }> = [
    {
      name: 'full build',
      run: () =>
        checks.add(totalsOf(PlatformSnapshot.build(catalog, NOW).overview)),
    },
    {
      name: 'full rebuild',
      run: () => {
        // A changed base: a copy, so its releases are read and merged again.
        snapshot.apply(
          { upserted: [structuredClone(org.base)], removed: [] },
          NOW,
        );
        checks.add(totalsOf(snapshot.overview));
      },
    },
  ];
  if (previous) {
    sides.push({
      name: 'previous code',
      run: () =>
        previous.buildPlatformOverview(
          previous.createPlatformIndex(catalog),
          NOW,
        ),
    });
  }
  const wall = sides.map(() => [] as number[]);
  const cpu = sides.map(() => [] as number[]);
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order, so that no side always runs first or last.
    for (let k = 0; k < sides.length; k++) {
      const i = (round + k) % sides.length;
      const t = timed(sides[i].run);
      wall[i].push(t.wall);
      cpu[i].push(t.cpu);
    }
  }
  const ratio = (xs: number[], ys: number[]) => {
    const r = xs.map((x, i) => x / ys[i]);
    return `${median(r).toFixed(2)} (${Math.min(...r).toFixed(2)}-${Math.max(
      ...r,
    ).toFixed(2)})`;
  };

  // Then one team config at a time moves to another release.
  const applied: number[] = [];
  const appliedCpu: number[] = [];
  const recomputed: number[] = [];
  const change = (upserted: (typeof org.configs)[number]) => () => {
    recomputed.push(snapshot.apply({ upserted: [upserted], removed: [] }, NOW));
    void snapshot.overview;
  };
  for (let i = 0; i < CHANGES; i++) {
    const t = (i * 7919) % teams;
    const config = org.configs.find(
      c => c.metadata.name === `team-${t}-agent-config`,
    )!;
    const moved = {
      ...config,
      spec: {
        ...config.spec,
        extends: `org-base@${VERSIONS[(t + i + 1) % VERSIONS.length]}`,
      },
    } as typeof config;
    const timing = timed(change(moved));
    applied.push(timing.wall);
    appliedCpu.push(timing.cpu);
  }
  console.log(
    `\n${teams} teams (${teams * 5} repositories): ${[...checks].join(' / ')}`,
  );
  console.log('  ms, median (min-max):      wall                cpu');
  sides.forEach((side, i) =>
    console.log(
      `  ${`${side.name}:`.padEnd(26)}${spread(wall[i]).padEnd(20)}${spread(
        cpu[i],
      )}`,
    ),
  );
  if (previous) {
    const last = sides.length - 1;
    for (const i of [0, 1]) {
      console.log(
        `  ${`${sides[i].name}/previous:`.padEnd(26)}${ratio(
          wall[i],
          wall[last],
        ).padEnd(20)}${ratio(cpu[i], cpu[last])}`,
      );
    }
  }
  console.log(
    `  one-team change, ms:       median ${median(applied).toFixed(
      1,
    )}, p95 ${p95(applied).toFixed(1)}, max ${Math.max(...applied).toFixed(
      1,
    )} (${median(recomputed)} team recomputed per change)`,
  );
  console.log(
    `  one-team change, CPU ms:   median ${median(appliedCpu).toFixed(
      1,
    )}, p95 ${p95(appliedCpu).toFixed(1)}, max ${Math.max(
      ...appliedCpu,
    ).toFixed(1)}`,
  );
  console.log(`  heap after build:          ${heap.toFixed(0)} MB`);
}
