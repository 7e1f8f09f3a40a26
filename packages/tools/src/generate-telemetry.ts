/*
 * Sends realistic Claude Code telemetry for the example organisation (examples/) over the last
 * 90 days to a portal, through the real OTLP endpoint, with the official OTLP/HTTP protobuf
 * exporter, so that a fresh portal already shows spend.
 *
 *   cd packages/tools
 *   node -r @backstage/cli/config/nodeTransform.cjs src/generate-telemetry.ts \
 *     [--portal http://localhost:7007] [--token <token>] [--days 90] [--seed 42] [--dry-run]
 *
 * --now <ISO time> pretends it is another time (reproducible runs, tests). --wait-for-catalog first
 * waits (up to --wait-timeout seconds, default 600) until the portal's catalog holds the example
 * teams and users, then --settle seconds (default 65) for the portal's attribution index to
 * refresh, since spend is attributed when it arrives.
 *
 * The token is a static external-access token of the backend (backend.auth.externalAccess). Without
 * --token it is taken from AGENT_PLATFORM_TOKEN, else from the first static token in the repository's
 * app-config.yaml, then app-config.local.yaml. The same seed sends the same data points (the end
 * day is today); the endpoint de-duplicates them, so running it again stores nothing twice.
 */
import { parseFrontmatter } from '@agent-platform/plugin-agent-platform-common';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDemoOrg } from './telemetry/demoOrg';
import {
  generateDemoTelemetry,
  sendDemoTelemetry,
} from './telemetry/demoTelemetry';
import {
  CatalogRefusedError,
  waitForCatalog,
  waitForWellKnownSkills,
} from './telemetry/waitForCatalog';

const REPO_ROOT = resolve(__dirname, '../../..');
const USAGE =
  'Usage: generate-telemetry.ts [--portal <backend url>] [--token <token>] [--days 90] [--seed 42] [--now <ISO time>] [--wait-for-catalog] [--wait-timeout 600] [--settle 65] [--dry-run]';

/**
 * The first static external-access token in the given app-config files, with `${VAR}`
 * references resolved from the environment.
 */
export function staticTokenFromConfig(files: string[]): string | undefined {
  for (const file of files) {
    if (!existsSync(file)) continue;
    // app-config is one YAML mapping; the common package's frontmatter reader parses YAML.
    const data = parseFrontmatter(`---\n${readFileSync(file, 'utf8')}\n---\n`, {
      file,
    }).data as any;
    const entries: any[] = data?.backend?.auth?.externalAccess ?? [];
    for (const entry of entries) {
      const token =
        entry?.type === 'static' ? entry?.options?.token : undefined;
      if (typeof token !== 'string') continue;
      // `${VAR}` or `${VAR:-default}`, as the config loader substitutes them.
      const ref = /^\$\{(\w+)(?::-([^}]*))?\}$/.exec(token.trim());
      const value = ref ? process.env[ref[1]] || ref[2] : token;
      if (value) return value;
    }
  }
  return undefined;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      portal: { type: 'string', default: 'http://localhost:7007' },
      token: { type: 'string' },
      days: { type: 'string', default: '90' },
      seed: { type: 'string', default: '42' },
      now: { type: 'string' },
      'wait-for-catalog': { type: 'boolean', default: false },
      'wait-timeout': { type: 'string', default: '600' },
      settle: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const days = Number(values.days);
  const seed = Number(values.seed);
  if (!Number.isInteger(days) || days < 1 || days > 400) {
    process.stderr.write(`--days must be an integer from 1 to 400\n${USAGE}\n`);
    return 2;
  }
  if (!Number.isInteger(seed)) {
    process.stderr.write(`--seed must be an integer\n${USAGE}\n`);
    return 2;
  }

  // --now pretends it is another time: reproducible runs and tests.
  const now = values.now ? new Date(values.now) : new Date();
  if (Number.isNaN(now.getTime())) {
    process.stderr.write(
      `--now must be a date and time (ISO 8601)\n${USAGE}\n`,
    );
    return 2;
  }

  const started = Date.now();
  const org = loadDemoOrg(join(REPO_ROOT, 'examples'));
  const telemetry = generateDemoTelemetry({ org, seed, days, now });
  const { scenario } = telemetry;
  process.stdout.write(
    `Generated ${telemetry.points} data points in ${telemetry.sessions} sessions over ${days} days ` +
      `for ${org.teams.length} teams (seed ${seed}).\n` +
      `  USD by team: ${JSON.stringify(telemetry.costByTeam)}\n` +
      `  USD this month: ${JSON.stringify(telemetry.monthToDateByTeam)}\n` +
      `  ${scenario.overBudgetTeam} runs over its budget, ${scenario.trendingTeam} climbs towards it, ` +
      `${scenario.emailOnlyTeam} is attributed by email only; ${scenario.promotedSkill} ` +
      `(${
        scenario.promotedSkillOwner
      }) is also used by ${scenario.promotedSkillUsers.join(', ')}.\n`,
  );
  if (values['dry-run']) {
    return 0;
  }

  const token =
    values.token ??
    process.env.AGENT_PLATFORM_TOKEN ??
    staticTokenFromConfig([
      join(REPO_ROOT, 'app-config.yaml'),
      join(REPO_ROOT, 'app-config.local.yaml'),
    ]);
  if (!token) {
    process.stderr.write(
      'No token: pass --token, set AGENT_PLATFORM_TOKEN, or configure a static token in ' +
        'backend.auth.externalAccess of app-config.yaml.\n',
    );
    return 2;
  }
  const url = `${values.portal!.replace(
    /\/+$/,
    '',
  )}/api/agent-platform/otlp/v1/metrics`;
  try {
    if (values['wait-for-catalog']) {
      const log = (line: string) => process.stdout.write(`${line}\n`);
      const timeoutMs = Number(values['wait-timeout']) * 1000;
      try {
        await waitForCatalog({
          portal: values.portal!,
          token,
          refs: org.teams.flatMap(t => [
            `group:default/${t.name}`,
            ...t.memberRefs,
          ]),
          timeoutMs,
          log,
        });
      } catch (e) {
        if (!(e instanceof CatalogRefusedError)) throw e;
        // An ingestion-only token (accessRestrictions) may not read the catalog.
        log(
          `${e.message}; waiting for the org skills at /.well-known/skills instead.`,
        );
        await waitForWellKnownSkills({
          portal: values.portal!,
          timeoutMs,
          log,
        });
      }
      // The portal reads teams and users for attribution at most once a minute
      // (agentPlatform.spend.attribution.refreshSeconds): let a read from before
      // the catalog was complete expire.
      const settle = Number(values.settle ?? 65);
      if (settle > 0) {
        process.stdout.write(
          `The catalog has the example organisation; sending in ${settle} s, once the portal's attribution index has caught up.\n`,
        );
        await new Promise(r => setTimeout(r, settle * 1000));
      }
    }
    const sent = await sendDemoTelemetry({ telemetry, url, token });
    process.stdout.write(
      `Sent ${sent.points} data points in ${sent.requests} requests to ${url} ` +
        `in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`,
    );
    return 0;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    code => {
      process.exitCode = code;
    },
    e => {
      process.stderr.write(`${e?.stack ?? e}\n`);
      process.exitCode = 1;
    },
  );
}
