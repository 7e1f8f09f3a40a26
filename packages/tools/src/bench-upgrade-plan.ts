/*
 * Benchmark: planning an upgrade campaign over many repositories.
 *
 *   cd plugins/agent-platform-backend
 *   yarn workspace @agent-platform/tools bench:upgrade-plan [teams] [reposPerTeam]
 *
 * Generates an organisation like the overview benchmark's (default 5,000 teams with 5 repositories
 * each = 25,000 repositories), each repository a copy of one of the nine example repositories'
 * agent files (examples/repos/*: context files and imports, .mcp.json, .claude/settings.json) with
 * its own name and a pin spread over the org base's releases, written to a temporary folder. The
 * org base and MCP servers are those of packages/agent-context/src/__fixtures__/catalog.yaml (the
 * example base as the catalog serves it). Then, in the same run:
 *   - baseline: reading each repository's agent files from disk (collectAgentFiles);
 *   - engine: upgradeAgentFiles on the files in memory, to the latest release;
 *   - plan: reading + planUpgrades for every repository (which are behind, the change each gets:
 *     files, conflicts);
 *   - plan from pins: planFromPins over the pins (what the catalog already holds): which are behind
 *     and the release diff each gets, no file read; the files and conflicts come at PR time.
 * Prints per-repository median and p95 of the first two, and the plan's total (target < 10 s).
 */
import {
  collectAgentFiles,
  parseEntityDocuments,
  planFromPins,
  planUpgrades,
  sortAgentPlatformEntities,
  upgradeAgentFiles,
} from '@agent-platform/plugin-agent-platform-common';
import { cpus, tmpdir } from 'node:os';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

const TEAMS = Number(process.argv[2] ?? 5000);
const REPOS = Number(process.argv[3] ?? 5);
const root = resolve(__dirname, '../../..');
const EXAMPLE_REPOS = [
  'agent-platform-tools',
  'auth-gateway',
  'cart-service',
  'checkout-web',
  'events-pipeline',
  'ledger-service',
  'mobile-app',
  'payments-api',
  'search-indexer',
];
const VERSIONS = ['1.8.0', '2.0.0', '2.1.0', '2.2.0', '2.3.0', '2.4.0'];

const reader = (dir: string) => async (path: string) => {
  try {
    return await readFile(join(dir, path), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
};

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const ms = (n: number) => `${n.toFixed(3)} ms`;

async function main() {
  const catalog = sortAgentPlatformEntities(
    parseEntityDocuments(
      readFileSync(
        join(root, 'packages/agent-context/src/__fixtures__/catalog.yaml'),
        'utf8',
      ),
      { file: 'catalog.yaml' },
    ).entities,
  );
  const base = catalog.bases[0];
  const templates = await Promise.all(
    EXAMPLE_REPOS.map(async name => ({
      name,
      files: await collectAgentFiles(
        reader(join(root, 'examples/repos', name)),
      ),
    })),
  );

  const dir = mkdtempSync(join(tmpdir(), 'bench-upgrade-plan-'));
  const repos: Array<{ ref: string; dir: string; pin: string }> = [];
  const started = Date.now();
  for (let t = 0; t < TEAMS; t++) {
    for (let r = 0; r < REPOS; r++) {
      const i = t * REPOS + r;
      const template = templates[i % templates.length];
      const name = `team${t}-repo${r}`;
      const version = VERSIONS[(i * 7) % VERSIONS.length];
      const repoDir = join(dir, name);
      for (const [path, text] of Object.entries(template.files)) {
        const file = join(repoDir, path);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(
          file,
          text
            .replace(/org-base@\d+\.\d+\.\d+/g, `org-base@${version}`)
            .split(template.name)
            .join(name),
        );
      }
      repos.push({
        ref: `component:default/${name}`,
        dir: repoDir,
        pin: version,
      });
    }
  }
  console.log(
    `${repos.length} repositories (${TEAMS} teams x ${REPOS}) written in ${
      Date.now() - started
    } ms; node ${process.version}, ${cpus().length} cpus`,
  );

  // Warm up both paths.
  for (const repo of repos.slice(0, 200)) {
    const files = await collectAgentFiles(reader(repo.dir));
    await upgradeAgentFiles({ files, base, mcpServers: catalog.mcpServers });
  }

  const readTimes: number[] = [];
  const engineTimes: number[] = [];
  const loaded: Array<{ ref: string; files: Record<string, string> }> = [];
  for (const repo of repos) {
    let t0 = performance.now();
    const files = await collectAgentFiles(reader(repo.dir));
    readTimes.push(performance.now() - t0);
    loaded.push({ ref: repo.ref, files });
    t0 = performance.now();
    await upgradeAgentFiles({ files, base, mcpServers: catalog.mcpServers });
    engineTimes.push(performance.now() - t0);
  }
  readTimes.sort((a, b) => a - b);
  engineTimes.sort((a, b) => a - b);

  const planStart = performance.now();
  const fresh = [];
  for (const repo of repos) {
    fresh.push({
      ref: repo.ref,
      files: await collectAgentFiles(reader(repo.dir)),
    });
  }
  const readAll = performance.now() - planStart;
  const plan = await planUpgrades({
    base,
    mcpServers: catalog.mcpServers,
    repos: fresh,
  });
  const planTotal = performance.now() - planStart;
  const count = (s: string) => plan.filter(p => p.status === s).length;
  const pinsStart = performance.now();
  const pinPlan = planFromPins({
    base,
    repos: repos.map(r => ({ ref: r.ref, pin: r.pin })),
  });
  const pinsTotal = performance.now() - pinsStart;

  console.log('| step | median per repo | p95 per repo | total |');
  console.log('|---|---|---|---|');
  console.log(
    `| read the agent files (baseline) | ${ms(quantile(readTimes, 0.5))} | ${ms(
      quantile(readTimes, 0.95),
    )} | ${ms(readTimes.reduce((a, b) => a + b, 0))} |`,
  );
  console.log(
    `| upgrade engine (files in memory) | ${ms(
      quantile(engineTimes, 0.5),
    )} | ${ms(quantile(engineTimes, 0.95))} | ${ms(
      engineTimes.reduce((a, b) => a + b, 0),
    )} |`,
  );
  console.log(
    `| plan: read + planUpgrades, ${repos.length} repos | | | ${ms(
      planTotal,
    )} (reading ${ms(readAll)}) |`,
  );
  console.log(
    `| plan from pins (planFromPins), ${repos.length} repos | | | ${ms(
      pinsTotal,
    )} |`,
  );
  console.log(
    `plan from pins: ${
      pinPlan.filter(p => p.status === 'behind').length
    } behind`,
  );
  console.log(
    `plan: ${count('behind')} behind, ${count(
      'up-to-date',
    )} up to date, ${count('refused')} refused; ${plan.reduce(
      (n, p) => n + (p.conflicts ?? 0),
      0,
    )} conflicts; target < 10 s: ${planTotal < 10_000 ? 'met' : 'NOT met'}`,
  );
  rmSync(dir, { recursive: true, force: true });
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
