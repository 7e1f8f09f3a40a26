/*
 * The release loop, end to end, on a fresh portal (issue 16, section 5): a new base release
 * reaches a repository and the portal sees it.
 *
 *   node scripts/release-loop.mjs [--port <port>] [--keep] [--step-timeout 180] [--start-timeout 300]
 *   (or, from packages/tools: node -r @backstage/cli/config/nodeTransform.cjs src/release-loop.ts ...)
 *
 * 0. starts the real backend (packages/backend) on embedded SQLite in a temporary folder, on a
 *    temporary copy of examples/ (nothing tracked is written);
 * 1. scaffolds a service with the real scaffolder (the "Service with agent context" template as
 *    the catalog holds it, through the dry-run REST API) and writes it to a local git repository
 *    in the folder of local repositories the catalog reads (a `file` location glob);
 * 2. sees it at drift 0 (the agent-platform API: the repo's effective config, the team overview);
 * 3. sends a session's telemetry for it through the OpenTelemetry SDK and the OTLP exporter, and
 *    sees it on its team's spend (the API behind the team's Spend tab);
 * 4. publishes a new base release (a new releases/<version>/ folder in the org base copy);
 * 5. sees the drift on the team and the repository;
 * 6. upgrades the repository with the CLI (`agent-context upgrade`, against the portal);
 * 7. sees drift 0 again once the repos provider has read the upgraded files.
 *
 * Prints each step and its time; exits 1 with the reason (and the backend's last lines) when a
 * step fails; always stops the backend and removes the temporary folder (unless --keep).
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  LoopTimeoutError,
  pollUntil,
  Portal,
  REPO_ROOT,
  startPortal,
} from './loop/portal';
import {
  latestRelease,
  NEW_DENY_RULE,
  publishNextRelease,
} from './loop/release';
import { filesUnder, git, LoopError, run } from './loop/local';
import { sendSessionTelemetry } from './loop/telemetry';
import { createLoopApi } from './loop/api';

const SERVICE = 'loop-service';
const TEAM = 'payments';
const TEMPLATE = 'service-with-agent-context';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'step-timeout': { type: 'string', default: '180' },
    'start-timeout': { type: 'string', default: '300' },
  },
});
const stepTimeoutMs = Number(args['step-timeout']) * 1000;

const out = (line: string) => process.stdout.write(`[loop] ${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<number> {
  const timings: Array<{ step: string; ms: number }> = [];
  let portal: Portal | undefined;
  let token = '';
  const stop = async () => {
    await portal?.stop();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      out(`${signal}: stopping`);
      stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }

  const step = async <T>(
    name: string,
    body: () => Promise<T>,
    detail?: (value: T) => string,
  ): Promise<T> => {
    out(`${timings.length}. ${name} ...`);
    const started = Date.now();
    const value = await body();
    const ms = Date.now() - started;
    timings.push({ step: name, ms });
    out(
      `${timings.length - 1}. ${name}: ok in ${seconds(ms)}${
        detail ? ` (${detail(value)})` : ''
      }`,
    );
    return value;
  };
  const poll = <T>(
    what: string,
    probe: () => Promise<T | { waiting: string } | undefined>,
  ) =>
    pollUntil(what, probe, {
      timeoutMs: stepTimeoutMs,
      intervalMs: 500,
      alive: () => portal?.exited(),
    });
  const { api, effective, teamOverview, httpError, verdict, releaseRow } =
    createLoopApi({
      url: () => portal!.url,
      token: () => token,
      timeoutMs: stepTimeoutMs,
      service: SERVICE,
      team: TEAM,
    });

  const total = Date.now();
  try {
    portal = await step(
      'start a fresh portal (the real backend, SQLite and examples in a temporary folder) and wait for its catalog',
      async () => {
        const p = await startPortal({
          port: args.port ? Number(args.port) : undefined,
          keep: args.keep,
          startTimeoutMs: Number(args['start-timeout']) * 1000,
          onSpawn: spawned => {
            portal = spawned;
          },
        });
        portal = p;
        // The sign-in resolves the user's groups from the catalog when it issues the token:
        // wait until dana.kim is there, a member of the platform team (which may scaffold for
        // any team and read every team's spend).
        token = await poll(
          'a guest token of dana.kim as a member of group:default/platform',
          async () => {
            const t = await p.guestToken();
            return t.ownershipEntityRefs.includes('group:default/platform')
              ? t.token
              : {
                  waiting: `the token's groups: ${JSON.stringify(
                    t.ownershipEntityRefs,
                  )}`,
                };
          },
        );
        const refs = [
          `template:default/${TEMPLATE}`,
          'airesource:default/org-base',
          `airesource:default/${TEAM}-agent-config`,
          `group:default/${TEAM}`,
        ];
        await poll(`the catalog to hold ${refs.join(', ')}`, async () => {
          const res = await api('/api/catalog/entities/by-refs', {
            method: 'POST',
            body: JSON.stringify({ entityRefs: refs }),
          });
          if (!res.ok) return { waiting: httpError(res) };
          const missing = refs.filter((_, i) => !res.body.items[i]);
          return missing.length ? { waiting: `missing ${missing}` } : true;
        });
        return p;
      },
      p => `${p.url}, ${p.dir}`,
    );
    const repoDir = join(portal.repos, SERVICE);
    let dryRunMs = 0;

    const latest = await step(
      `scaffold ${SERVICE} for ${TEAM} through the scaffolder into a local repository`,
      async () => {
        const template = await api(
          `/api/catalog/entities/by-name/template/default/${TEMPLATE}`,
        );
        const { relations, status, ...templateEntity } = template.body;
        const templateDir = join(REPO_ROOT, 'templates', TEMPLATE);
        const directoryContents = filesUnder(templateDir).map(path => ({
          path,
          base64Content: readFileSync(join(templateDir, path)).toString(
            'base64',
          ),
        }));
        const dryRunStarted = Date.now();
        const dryRun = await api('/api/scaffolder/v2/dry-run', {
          method: 'POST',
          body: JSON.stringify({
            template: templateEntity,
            values: {
              name: SERVICE,
              owner: `group:default/${TEAM}`,
              description: 'Settles refunds for the release loop.',
              repoUrl: `github.com?owner=acme-financial&repo=${SERVICE}`,
            },
            secrets: {},
            directoryContents,
          }),
        });
        dryRunMs = Date.now() - dryRunStarted;
        if (!dryRun.ok) {
          throw new LoopError(
            `The scaffolder dry run failed: ${httpError(dryRun)}`,
          );
        }
        const log: string[] = (dryRun.body.log ?? []).map((l: any) =>
          String(l.body?.message ?? ''),
        );
        const failedStep = (dryRun.body.steps ?? []).find(
          (s: any) => s.status === 'failed',
        );
        if (
          failedStep ||
          !log.some(l => l.includes('Agent files pass the check'))
        ) {
          throw new LoopError(
            `The scaffolder's check step did not pass. Log:\n${log.join('\n')}`,
          );
        }
        for (const file of dryRun.body.directoryContents as Array<{
          path: string;
          base64Content: string;
        }>) {
          const target = join(repoDir, file.path);
          mkdirSync(dirname(target), { recursive: true });
          writeFileSync(target, Buffer.from(file.base64Content, 'base64'));
        }
        const pin = /extends:\s*org-base@(\S+?)\s*-->/.exec(
          readFileSync(join(repoDir, 'CLAUDE.md'), 'utf8'),
        );
        if (!pin) throw new LoopError(`${repoDir}/CLAUDE.md has no pin line`);
        const current = latestRelease(join(portal!.data, 'org-base'));
        if (pin[1] !== current) {
          throw new LoopError(
            `The scaffolded CLAUDE.md pins org-base@${pin[1]}, not the latest release ${current}`,
          );
        }
        await git(repoDir, 'init', '-q', '-b', 'main');
        await git(repoDir, 'add', '-A');
        await git(
          repoDir,
          'commit',
          '-q',
          '-m',
          'Scaffolded by the release loop',
        );
        // Like the template's register step: the catalog reads the repository now, not at the
        // location's next processing (a refresh of the repositories' location entity).
        // Its entity is `location:default/generated-<sha1 of type:target>`, as the catalog names
        // every location; it is not listed while its glob matches nothing (a processing error).
        const glob = join(portal!.repos, '*/catalog-info.yaml');
        const locationRef = `location:default/generated-${createHash('sha1')
          .update(`file:${glob}`)
          .digest('hex')}`;
        const refreshed = await api('/api/catalog/refresh', {
          method: 'POST',
          body: JSON.stringify({
            entityRef: locationRef,
          }),
        });
        if (!refreshed.ok) {
          throw new LoopError(
            `Refreshing the repositories' location failed: ${httpError(
              refreshed,
            )}`,
          );
        }
        return pin[1];
      },
      v =>
        `the dry run took ${seconds(dryRunMs)}; ${
          filesUnder(repoDir).length
        } files, pinned to org-base@${v}`,
    );

    await step(
      `see ${SERVICE} at drift 0 (repo effective config and team overview)`,
      async () => {
        const drift = await poll(
          `the repo config of ${SERVICE} in the agent-platform snapshot`,
          async () => {
            const res = await effective();
            if (!res.ok) return { waiting: httpError(res) };
            if (!res.body.configs?.repo)
              return { waiting: 'no repo config yet' };
            return res.body;
          },
        );
        if (
          drift.pin?.ref !== `org-base@${latest}` ||
          drift.pin?.source !== 'repo'
        ) {
          throw new LoopError(
            `${SERVICE} should pin org-base@${latest} in its own files, the API says ${JSON.stringify(
              drift.pin,
            )}`,
          );
        }
        if (!drift.drift?.upToDate || drift.drift.releasesBehind !== 0) {
          throw new LoopError(
            `A freshly scaffolded ${SERVICE} is not up to date: ${JSON.stringify(
              drift.drift,
            )}`,
          );
        }
        await poll(`${SERVICE} in the ${TEAM} team overview`, async () => {
          const res = await teamOverview();
          if (!res.ok) return { waiting: httpError(res) };
          const repo = res.body.repos?.find(
            (r: any) => r.component === `component:default/${SERVICE}`,
          );
          return repo?.pin === `org-base@${latest}`
            ? repo
            : { waiting: `team overview row: ${JSON.stringify(repo)}` };
        });
        return verdict(drift, 'as scaffolded');
      },
      v => `pin org-base@${latest}, 0 releases behind, ${v}`,
    );

    await step(
      `send telemetry for ${SERVICE} (OpenTelemetry SDK, OTLP exporter) and see it on ${TEAM}'s spend`,
      async () => {
        const cost = 3.21;
        await sendSessionTelemetry({
          url: `${portal!.url}/api/agent-platform/otlp/v1/metrics`,
          token: portal!.ingestToken,
          team: TEAM,
          repo: SERVICE,
          userEmail: 'elena.sokolova@acme.example',
          sessionId: randomUUID(),
          cost,
        });
        return poll(`${SERVICE}'s spend on group:default/${TEAM}`, async () => {
          const res = await api(
            `/api/agent-platform/spend/entities/group/default/${TEAM}`,
          );
          if (!res.ok) return { waiting: httpError(res) };
          const row = (res.body.byRepo ?? []).find(
            (r: any) => r.key === SERVICE,
          );
          if (!row)
            return { waiting: `byRepo: ${JSON.stringify(res.body.byRepo)}` };
          if (Math.abs(row.cost - cost) > 0.005) {
            throw new LoopError(
              `${SERVICE} shows $${row.cost} on ${TEAM}'s spend, $${cost} was sent`,
            );
          }
          return row.cost as number;
        });
      },
      cost => `$${cost} on group:default/${TEAM}, by repository`,
    );

    const release = await step(
      'publish a new base release (a new releases/<version>/ folder)',
      async () =>
        publishNextRelease(join(portal!.data, 'org-base'), new Date()),
      r => `org-base@${r.to}, adds deny ${NEW_DENY_RULE}`,
    );

    await step(
      `see the drift on team ${TEAM} and on ${SERVICE}`,
      async () => {
        await poll(
          `team ${TEAM} one release behind org-base@${release.to}`,
          async () => {
            const res = await teamOverview();
            if (!res.ok) return { waiting: httpError(res) };
            const d = res.body.drift;
            return d?.latest === release.to && d.releasesBehind === 1
              ? d
              : { waiting: `team drift ${JSON.stringify(d)}` };
          },
        );
        await poll(
          `${SERVICE} one release behind org-base@${release.to}`,
          async () => {
            const res = await effective();
            if (!res.ok) return { waiting: httpError(res) };
            const d = res.body.drift;
            return d?.latest === release.to &&
              d.releasesBehind === 1 &&
              !d.upToDate
              ? d
              : { waiting: `repo drift ${JSON.stringify(d)}` };
          },
        );
        // The base's releases page: the new release is the latest, its changes computed by the
        // core name the new rule, and the repository still pins the old one.
        await poll(`org-base@${release.to} on the releases page`, async () => {
          const [next, previous] = await Promise.all([
            releaseRow(release.to),
            releaseRow(release.from),
          ]);
          if (!('row' in next)) return next;
          if (!('row' in previous)) return previous;
          if (!next.row.latest)
            return { waiting: `${release.to} is not the latest` };
          if (
            !(next.row.changes ?? []).some((c: string) =>
              c.includes(NEW_DENY_RULE),
            )
          ) {
            throw new LoopError(
              `The releases page's changes of ${
                release.to
              } do not name ${NEW_DENY_RULE}: ${JSON.stringify(
                next.row.changes,
              )}`,
            );
          }
          return previous.row.repos.includes(`component:default/${SERVICE}`)
            ? true
            : {
                waiting: `${release.from} pinned by ${JSON.stringify(
                  previous.row.repos,
                )}`,
              };
        });
      },
      () =>
        `both 1 release behind ${release.to}; the releases page lists its changes`,
    );

    await step(
      `upgrade ${SERVICE} with the CLI (agent-context check fails, upgrade, check passes)`,
      async () => {
        const cli = join(REPO_ROOT, 'packages/agent-context/bin/agent-context');
        const agentContext = (command: string) =>
          run(process.execPath, [cli, command, '.', '--portal', portal!.url], {
            cwd: repoDir,
            env: { AGENT_CONTEXT_TOKEN: token },
          });
        // The repository's own CI check sees the new release too: behind, it fails.
        const before = await agentContext('check');
        if (before.code !== 1 || !before.stdout.includes(release.to)) {
          throw new LoopError(
            `agent-context check should fail on the drift to ${release.to} before the upgrade; it exited ${before.code}:\n${before.stdout}\n${before.stderr}`,
          );
        }
        const res = await agentContext('upgrade');
        if (res.code !== 0) {
          throw new LoopError(
            `agent-context upgrade exited ${res.code}:\n${res.stdout}\n${res.stderr}`,
          );
        }
        const claude = readFileSync(join(repoDir, 'CLAUDE.md'), 'utf8');
        if (!claude.includes(`org-base@${release.to}`)) {
          throw new LoopError(
            `CLAUDE.md does not pin org-base@${release.to} after the upgrade:\n${res.stdout}`,
          );
        }
        const settings = readFileSync(
          join(repoDir, '.claude/settings.json'),
          'utf8',
        );
        if (!settings.includes(NEW_DENY_RULE)) {
          throw new LoopError(
            `.claude/settings.json lacks the new release's deny rule ${NEW_DENY_RULE} after the upgrade`,
          );
        }
        const after = await agentContext('check');
        if (after.code !== 0) {
          throw new LoopError(
            `agent-context check fails after the upgrade (exit ${after.code}):\n${after.stdout}\n${after.stderr}`,
          );
        }
        await git(
          repoDir,
          'commit',
          '-q',
          '-am',
          `Upgrade to org-base@${release.to}`,
        );
        return (await git(repoDir, 'show', '--stat', '--format=', 'HEAD'))
          .trim()
          .split('\n')
          .pop();
      },
      stat => `${stat}`,
    );

    await step(
      `see ${SERVICE} at drift 0 again once the repos provider has read it`,
      async () => {
        const upgraded = await poll(
          `${SERVICE} pinned to org-base@${release.to} and up to date`,
          async () => {
            const res = await effective();
            if (!res.ok) return { waiting: httpError(res) };
            const d = res.body.drift;
            return res.body.pin?.ref === `org-base@${release.to}` &&
              d?.upToDate &&
              d.releasesBehind === 0
              ? res.body
              : {
                  waiting: `pin ${JSON.stringify(
                    res.body.pin,
                  )}, drift ${JSON.stringify(d)}`,
                };
          },
        );
        await poll(
          `${SERVICE} on org-base@${release.to} in the ${TEAM} team overview`,
          async () => {
            const res = await teamOverview();
            if (!res.ok) return { waiting: httpError(res) };
            const repo = res.body.repos?.find(
              (r: any) => r.component === `component:default/${SERVICE}`,
            );
            return repo?.pin === `org-base@${release.to}`
              ? repo
              : { waiting: `team overview row: ${JSON.stringify(repo)}` };
          },
        );
        await poll(
          `${SERVICE} under org-base@${release.to} on the releases page`,
          async () => {
            const found = await releaseRow(release.to);
            if (!('row' in found)) return found;
            return found.row.repos.includes(`component:default/${SERVICE}`)
              ? true
              : {
                  waiting: `${release.to} pinned by ${JSON.stringify(
                    found.row.repos,
                  )}`,
                };
          },
        );
        return verdict(upgraded, 'after the upgrade');
      },
      v => `pin org-base@${release.to}, 0 releases behind, ${v}`,
    );

    out(`The loop passed in ${seconds(Date.now() - total)}:`);
    for (const [i, t] of timings.entries()) {
      out(
        `  ${String(i).padStart(2)}  ${seconds(t.ms).padStart(7)}  ${t.step}`,
      );
    }
    return 0;
  } catch (e) {
    out(`FAILED at step ${timings.length}: ${(e as Error).message}`);
    if (
      !(e instanceof LoopError || e instanceof LoopTimeoutError) &&
      (e as Error).stack
    ) {
      out((e as Error).stack!);
    }
    if (portal) {
      out("The backend's last lines:");
      process.stdout.write(`${portal.logTail(40)}\n`);
    }
    return 1;
  } finally {
    if (args.keep && portal) out(`Kept ${portal.dir}`);
    await stop();
  }
}

main().then(code => process.exit(code));
