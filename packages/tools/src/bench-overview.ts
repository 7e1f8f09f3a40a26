/*
 * Benchmark: the platform overview for many teams and repositories.
 *
 *   cd packages/tools
 *   node -r @backstage/cli/config/nodeTransform.cjs src/bench-overview.ts [teams] [reposPerTeam]
 *
 * Generates an organisation (default 5,000 teams with 5 repositories each) shaped like the example
 * one, then measures in the same run:
 *   - indexed: PlatformSnapshot.build, what the backend does when it first reads the catalog
 *     (each team resolved once, repositories contribute their pins, drift memoized per pin);
 *   - cached request: serializing the cached overview, what GET /overview costs otherwise;
 *   - naive: a per-request resolution without the index, resolving every team and every repository
 *     on its own, finding each team's repositories and configs by scanning the lists.
 *
 * The cold build is measured once per process. To sample it again without the naive baseline
 * (minutes), set SKIP_NAIVE=1; RUNS sets the number of warm runs (default 5).
 */
import {
  computeDrift,
  PlatformSnapshot,
  resolveEffectiveConfig,
} from '@agent-platform/plugin-agent-platform-common';
import { cpus } from 'node:os';
import { generateOrg } from './benchOrg';

const TEAMS = Number(process.argv[2] ?? 5000);
const REPOS = Number(process.argv[3] ?? 5);
const NOW = new Date('2026-11-21T12:00:00Z');
const { configs, skills, mcpServers, components, base } = generateOrg(
  TEAMS,
  REPOS,
);
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
  return PlatformSnapshot.build(catalog, NOW).overview;
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
