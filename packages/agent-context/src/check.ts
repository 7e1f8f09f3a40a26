// The domain core is a devDependency: bundle.mjs bundles it into the published CLI.
// eslint-disable-next-line @backstage/no-undeclared-imports
import {
  AgentConfigEntity,
  ANNOTATION_AGENT_CONFIG,
  checkAgentWorkspace,
  ContextFileReader,
  escapesRoot,
  formatParseIssue,
  normalizeEntityRef,
  normalizePosixPath,
  parseEntityDocuments,
  sortAgentPlatformEntities,
  WorkspaceCheckReport,
} from '@agent-platform/plugin-agent-platform-common';
import { readFile } from 'node:fs/promises';
import { parseSourceArgs, SourceOptions } from './sourceArgs';
import { join, resolve } from 'node:path';

/** Where the check writes; the tests capture it. */
export interface CheckIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** fetch, replaceable in tests. */
  fetch: typeof fetch;
  now: () => Date;
}

/** Exit codes: the check passed, it found problems, or it could not run. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_ERROR = 2;

export const USAGE = `Usage: agent-context check [dir] [options]

Checks a repository's agent files (CLAUDE.md, .claude/CLAUDE.md, AGENTS.md and their
@imports, .mcp.json, .claude/settings.json) against the org base and the federation rules.

The base comes from one of --base-file and --portal.

Options:
  --base-file <file>     the base entity as YAML or JSON; the file may also hold team
                         configs, MCP servers and skills (a YAML stream or a JSON array)
  --portal <url>         the portal's catalog (GET /api/catalog/entities/by-name/airesource/default/<base>)
  --token <token>        bearer token for --portal (or AGENT_CONTEXT_TOKEN)
  --entities <file>      more entities (team configs, MCP servers, skills); repeatable
  --base <name>          the base's entity name (default: org-base, or the repo's pin)
  --team-config <ref>    the team config (default: the ${ANNOTATION_AGENT_CONFIG}
                         annotation of catalog-info.yaml, else its owner's team config)
  --allow-drift          do not fail when the pin is behind the latest release
  --json                 print the report as JSON

Exit codes: 0 ok, 1 violations or drift, 2 the check could not run.`;

interface Options extends SourceOptions {
  teamConfig?: string;
  allowDrift: boolean;
  json: boolean;
}

function parseArgs(args: string[]): Options {
  const options: Options = {
    dir: '.',
    entityFiles: [],
    allowDrift: false,
    json: false,
  };
  return parseSourceArgs(args, options, (arg, value) => {
    switch (arg) {
      case '--team-config':
        options.teamConfig = value();
        return true;
      case '--allow-drift':
        options.allowDrift = true;
        return true;
      case '--json':
        options.json = true;
        return true;
      default:
        return false;
    }
  });
}

/** Reads repo-relative files under dir; paths escaping it are refused. */
export function dirReader(dir: string): ContextFileReader {
  return async path => {
    const normalized = normalizePosixPath(path);
    if (escapesRoot(normalized) || normalized.startsWith('/')) {
      throw new Error(`${path} is outside ${dir}`);
    }
    try {
      return await readFile(join(dir, normalized), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  };
}

export async function readEntityFile(file: string): Promise<unknown[]> {
  const text = await readFile(file, 'utf8');
  const parsed = parseEntityDocuments(text, { file });
  const errors = parsed.issues.filter(i => i.severity === 'error');
  if (errors.length > 0) {
    throw new Error(errors.map(formatParseIssue).join('\n'));
  }
  return parsed.entities;
}

async function fetchJson(io: CheckIo, url: string, token?: string) {
  const res = await io.fetch(url, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  if (res.status === 404) return undefined;
  if (!res.ok) {
    throw new Error(`GET ${url} answered ${res.status} ${res.statusText}`);
  }
  return res.json();
}

export async function readPortal(
  io: CheckIo,
  portal: string,
  token: string | undefined,
  baseName: string,
  teamRef: string | undefined,
): Promise<unknown[]> {
  const api = `${portal}/api/catalog`;
  const base = await fetchJson(
    io,
    `${api}/entities/by-name/airesource/default/${encodeURIComponent(
      baseName,
    )}`,
    token,
  );
  if (!base) {
    throw new Error(
      `The portal has no base ${baseName} (${api}/entities/by-name/airesource/default/${baseName})`,
    );
  }
  const list = async (filter: string) =>
    ((await fetchJson(
      io,
      `${api}/entities?filter=${encodeURIComponent(filter)}`,
      token,
    )) ?? []) as unknown[];
  const [servers, skills, teams] = await Promise.all([
    list('kind=api,spec.type=mcp-server'),
    list('kind=airesource,spec.type=skill'),
    teamRef
      ? list('kind=airesource,spec.type=agent-config,spec.level=team')
      : [],
  ]);
  return [base, ...servers, ...skills, ...teams];
}

/** The component of catalog-info.yaml, if the repository has one. */
export async function readComponent(read: ContextFileReader) {
  const text = await read('catalog-info.yaml');
  if (!text) return undefined;
  return parseEntityDocuments(text, {
    file: 'catalog-info.yaml',
  }).entities.find(e => e.kind === 'Component');
}

function human(
  report: WorkspaceCheckReport,
  dir: string,
  allowDrift: boolean,
): string {
  const lines = [`agent-context check ${dir}`];
  lines.push(
    report.pin
      ? `  pin: ${report.pin.base}@${report.pin.version} (${report.pin.file}:${report.pin.line})`
      : '  pin: none',
  );
  const drift = report.drift;
  if (drift) {
    lines.push(
      drift.upToDate
        ? `  base: up to date (latest ${drift.latest})`
        : `  drift: ${drift.releasesBehind} release(s) behind ${
            drift.latest ?? 'the latest'
          }${drift.missedSecurity ? ', including a security release' : ''}${
            drift.upgradeLine ? `; upgrade with ${drift.upgradeLine}` : ''
          }`,
    );
    for (const missed of drift.missed) {
      lines.push(
        `    ${missed.version}${missed.security ? ' [security]' : ''}${
          missed.notes ? `: ${missed.notes}` : ''
        }`,
      );
    }
  }
  for (const issue of [...report.violations, ...report.warnings]) {
    lines.push(`  ${formatParseIssue(issue)}`);
  }
  const drifted = drift !== undefined && !drift.upToDate;
  lines.push(
    report.ok && (!drifted || allowDrift)
      ? `OK${drifted ? ' (drift allowed)' : ''}`
      : `FAILED: ${report.violations.length} violation(s)${
          drifted ? ', drift' : ''
        }`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * Runs `agent-context check`; resolves to the exit code.
 */
export async function runCheck(args: string[], io: CheckIo): Promise<number> {
  let options: Options;
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  try {
    options = parseArgs(args);
  } catch (e) {
    io.stderr(`${(e as Error).message}\n\n${USAGE}\n`);
    return EXIT_ERROR;
  }
  const dir = resolve(options.dir);
  try {
    const read = dirReader(dir);
    const component = await readComponent(read);
    const annotations = (component?.metadata.annotations ?? {}) as Record<
      string,
      string
    >;
    const teamRef =
      options.teamConfig ?? annotations[ANNOTATION_AGENT_CONFIG] ?? undefined;
    const owner =
      typeof component?.spec?.owner === 'string'
        ? normalizeEntityRef(component.spec.owner, 'group')
        : undefined;

    const entities: unknown[] = [];
    if (options.baseFile) {
      entities.push(...(await readEntityFile(options.baseFile)));
    }
    for (const file of options.entityFiles) {
      entities.push(...(await readEntityFile(file)));
    }
    if (options.portal) {
      entities.push(
        ...(await readPortal(
          io,
          options.portal,
          options.token ?? process.env.AGENT_CONTEXT_TOKEN,
          options.base ?? 'org-base',
          teamRef ?? owner,
        )),
      );
    }
    const sorted = sortAgentPlatformEntities(entities);
    const base =
      sorted.bases.find(
        b => b.metadata.name === (options.base ?? 'org-base'),
      ) ?? (options.base ? undefined : sorted.bases[0]);
    if (!base) {
      throw new Error(
        `No base agent config${
          options.base ? ` named ${options.base}` : ''
        } (AiResource, spec.type agent-config, level base) in ${
          options.baseFile ?? options.portal
        }`,
      );
    }
    let team: AgentConfigEntity | undefined;
    if (teamRef) {
      const ref = normalizeEntityRef(teamRef, 'AiResource');
      team = sorted.teams.find(
        t =>
          normalizeEntityRef(
            `airesource:${t.metadata.namespace ?? 'default'}/${
              t.metadata.name
            }`,
          ) === ref,
      );
      if (!team) throw new Error(`The team config ${teamRef} was not found`);
    } else if (owner) {
      team = sorted.teams.find(
        t => normalizeEntityRef(String(t.spec.owner), 'group') === owner,
      );
    }

    const report = await checkAgentWorkspace({
      readFile: read,
      base,
      team,
      mcpServers: sorted.mcpServers,
      skills: sorted.skills,
      now: io.now(),
      repoName: component?.metadata.name ?? 'workspace',
    });
    const drifted = report.drift !== undefined && !report.drift.upToDate;
    const code =
      !report.ok || (drifted && !options.allowDrift) ? EXIT_FAILED : EXIT_OK;
    if (options.json) {
      const { effective: _effective, ...rest } = report;
      io.stdout(`${JSON.stringify({ ...rest, exitCode: code }, null, 2)}\n`);
    } else {
      io.stdout(human(report, options.dir, options.allowDrift));
    }
    return code;
  } catch (e) {
    io.stderr(`agent-context check: ${(e as Error).message}\n`);
    return EXIT_ERROR;
  }
}
