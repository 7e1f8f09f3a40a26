/*
 * Benchmark: the platform snapshot, full and incremental, against the previous code.
 *
 *   yarn workspace @agent-platform/tools bench:snapshot [teams...] \
 *     [--rounds 7] [--changes 20] [--previous <path to the previous commit's common/src/index.ts>]
 *
 * For each organisation size (default 5,000 and 20,000 teams, 5 repositories each, from
 * benchOrg.ts), in one process:
 *   - full build: PlatformSnapshot.build (index, every team resolved, every view);
 *   - previous code (with --previous): createPlatformIndex + buildPlatformOverview of the given
 *     checkout, interleaved with the full build round by round (order alternating), so both sides
 *     see the same machine;
 *   - one-team change: apply() of a team config whose pin moved, then the overview as the backend
 *     serves it (the getter assembles it), `--changes` times on one snapshot.
 * Prints medians with min-max; the ratio is the median of the per-round ratios.
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

const ms = (fn: () => unknown) => {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
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
  const full: number[] = [];
  const old: number[] = [];
  const ratios: number[] = [];
  const checks: string[] = [];
  const runNew = () =>
    ms(() => {
      const { overview } = PlatformSnapshot.build(catalog, NOW);
      checks.push(
        `${overview.totals.teams} teams, ${overview.totals.repos} repos, ${overview.totals.teamsWithErrors} with errors`,
      );
    });
  const runOld = () =>
    ms(() =>
      previous.buildPlatformOverview(
        previous.createPlatformIndex(catalog),
        NOW,
      ),
    );
  for (let round = 0; round < ROUNDS; round++) {
    if (previous && round % 2 === 1) {
      const b = runOld();
      const a = runNew();
      old.push(b);
      full.push(a);
      ratios.push(a / b);
    } else {
      const a = runNew();
      full.push(a);
      if (previous) {
        const b = runOld();
        old.push(b);
        ratios.push(a / b);
      }
    }
  }

  // One snapshot, then one team config at a time moves to another release.
  const snapshot = PlatformSnapshot.build(catalog, NOW);
  const heap = process.memoryUsage().heapUsed / 1e6;
  const applied: number[] = [];
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
    applied.push(ms(change(moved)));
  }
  console.log(`\n${teams} teams (${teams * 5} repositories): ${checks[0]}`);
  console.log(`  full build, ms:            ${spread(full)}`);
  if (previous) {
    console.log(`  previous code, ms:         ${spread(old)}`);
    console.log(
      `  ratio new/previous:        ${median(ratios).toFixed(2)} (${Math.min(
        ...ratios,
      ).toFixed(2)}-${Math.max(...ratios).toFixed(2)})`,
    );
  }
  console.log(
    `  one-team change, ms:       median ${median(applied).toFixed(
      1,
    )}, p95 ${p95(applied).toFixed(1)}, max ${Math.max(...applied).toFixed(
      1,
    )} (${median(recomputed)} team recomputed per change)`,
  );
  console.log(`  heap after build:          ${heap.toFixed(0)} MB`);
}
