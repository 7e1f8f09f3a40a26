import {
  collectAgentFiles,
  describeReleaseDiff,
  sortAgentPlatformEntities,
  upgradeAgentFiles,
  UpgradeSuccess,
} from '@agent-platform/plugin-agent-platform-common';
import { createTwoFilesPatch } from 'diff';
import { parseSourceArgs, SourceOptions } from './sourceArgs';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  CheckIo,
  dirReader,
  EXIT_ERROR,
  EXIT_FAILED,
  EXIT_OK,
  readEntityFile,
  readPortal,
} from './check';

export const UPGRADE_USAGE = `Usage: agent-context upgrade [dir] [options]

Moves the repository's extends: pin to another release of the org base and re-renders
what the base manages in CLAUDE.md / AGENTS.md, .mcp.json and .claude/settings.json;
everything the team or the repository added is kept as it is. Prints the diff, then
writes the files (nothing is written with --dry-run or on any error).

The base comes from one of --base-file and --portal.

Options:
  --base-file <file>     the base entity as YAML or JSON (may also hold MCP servers)
  --portal <url>         the portal's catalog
  --token <token>        bearer token for --portal (or AGENT_CONTEXT_TOKEN)
  --to <version>         the target release (default: the latest that is not withdrawn)
  --from <version>       the release the files were rendered from, when the pin line was
                         already bumped (Renovate's post-upgrade task passes the old version)
  --dry-run              print the diff, write nothing
  --force                allow a downgrade, a withdrawn release or an unknown pinned release
  --entities <file>      more entities (MCP servers the new release adds); repeatable
  --base <name>          the base's entity name (default: the repo's pin, else org-base)
  --fail-on-conflict     exit 1 when a repository item conflicts with the new release
  --json                 print the result as JSON

Exit codes: 0 upgraded or up to date, 1 conflicts (with --fail-on-conflict),
2 refused or could not run (nothing written).`;

interface UpgradeOptions extends SourceOptions {
  to?: string;
  from?: string;
  dryRun: boolean;
  force: boolean;
  failOnConflict: boolean;
  json: boolean;
}

function parseArgs(args: string[]): UpgradeOptions {
  const options: UpgradeOptions = {
    dir: '.',
    entityFiles: [],
    dryRun: false,
    force: false,
    failOnConflict: false,
    json: false,
  };
  return parseSourceArgs(args, options, (arg, value) => {
    switch (arg) {
      case '--to':
        options.to = value();
        return true;
      case '--from':
        options.from = value();
        return true;
      case '--dry-run':
        options.dryRun = true;
        return true;
      case '--force':
        options.force = true;
        return true;
      case '--fail-on-conflict':
        options.failOnConflict = true;
        return true;
      case '--json':
        options.json = true;
        return true;
      default:
        return false;
    }
  });
}

/** Writes every file next to its target first, then renames: all or nothing as far as we can. */
async function writeAll(dir: string, files: Record<string, string>) {
  const staged: Array<[string, string]> = [];
  try {
    for (const [path, text] of Object.entries(files)) {
      const target = join(dir, path);
      const temp = `${target}.agent-context-upgrade.tmp`;
      await writeFile(temp, text, 'utf8');
      staged.push([temp, target]);
    }
  } catch (e) {
    await Promise.all(staged.map(([temp]) => unlink(temp).catch(() => {})));
    throw e;
  }
  for (const [temp, target] of staged) {
    await rename(temp, target);
  }
}

function human(
  result: UpgradeSuccess,
  before: Record<string, string>,
  dryRun: boolean,
): string {
  const out: string[] = [];
  if (result.upToDate) {
    return `agent-context upgrade: already at ${result.base}@${result.to}; nothing to do\n`;
  }
  out.push(
    `agent-context upgrade: ${result.base} ${result.from} -> ${result.to}${
      dryRun ? ' (dry run)' : ''
    }`,
  );
  for (const [path, text] of Object.entries(result.files)) {
    out.push(
      createTwoFilesPatch(
        `a/${path}`,
        `b/${path}`,
        before[path] ?? '',
        text,
        undefined,
        undefined,
        { context: 3 },
      ).trimEnd(),
    );
  }
  const releaseChanges = describeReleaseDiff(result.diff);
  if (releaseChanges.length > 0) {
    out.push(`What ${result.to} changes in the base:`, ...releaseChanges);
  }
  if (result.changes.length > 0) {
    out.push(
      'Changes to this repository:',
      ...result.changes.map(c => `- ${c}`),
    );
  }
  for (const warning of result.warnings) out.push(`warning: ${warning}`);
  if (result.conflicts.length > 0) {
    out.push(
      `Conflicts (${result.conflicts.length}): kept as they are, resolve by hand:`,
    );
    for (const c of result.conflicts) {
      out.push(`- ${c.file}${c.line ? `:${c.line}` : ''}: ${c.message}`);
    }
  }
  out.push(
    dryRun
      ? `Dry run: ${
          Object.keys(result.files).length
        } file(s) would change; nothing written.`
      : `Wrote ${Object.keys(result.files).join(', ') || 'nothing'}.`,
  );
  return `${out.join('\n')}\n`;
}

/**
 * Runs `agent-context upgrade`; resolves to the exit code.
 */
export async function runUpgrade(args: string[], io: CheckIo): Promise<number> {
  let options: UpgradeOptions;
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(`${UPGRADE_USAGE}\n`);
    return 0;
  }
  try {
    options = parseArgs(args);
  } catch (e) {
    io.stderr(`${(e as Error).message}\n\n${UPGRADE_USAGE}\n`);
    return EXIT_ERROR;
  }
  const dir = resolve(options.dir);
  try {
    const files = await collectAgentFiles(dirReader(dir));
    const entities: unknown[] = [];
    if (options.baseFile) {
      entities.push(...(await readEntityFile(options.baseFile)));
    }
    for (const file of options.entityFiles) {
      entities.push(...(await readEntityFile(file)));
    }
    const pinnedBase = /extends:[ \t]*([a-z0-9-]+)@/.exec(
      Object.values(files).join('\n'),
    )?.[1];
    const baseName = options.base ?? pinnedBase ?? 'org-base';
    if (options.portal) {
      entities.push(
        ...(await readPortal(
          io,
          options.portal,
          options.token ?? process.env.AGENT_CONTEXT_TOKEN,
          baseName,
          undefined,
        )),
      );
    }
    const sorted = sortAgentPlatformEntities(entities);
    const base = sorted.bases.find(b => b.metadata.name === baseName);
    if (!base) {
      throw new Error(
        `No base agent config named ${baseName} in ${
          options.baseFile ?? options.portal
        }`,
      );
    }
    const result = await upgradeAgentFiles({
      files,
      base,
      mcpServers: sorted.mcpServers,
      ...(options.to ? { to: options.to } : {}),
      ...(options.from ? { from: options.from } : {}),
      force: options.force,
    });
    if (!result.ok) {
      io.stderr(
        `agent-context upgrade: ${result.error.message}\nNothing was written.\n`,
      );
      if (options.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      return EXIT_ERROR;
    }
    if (!options.dryRun && Object.keys(result.files).length > 0) {
      await writeAll(dir, result.files);
    }
    if (options.json) {
      io.stdout(
        `${JSON.stringify({ ...result, written: !options.dryRun }, null, 2)}\n`,
      );
    } else {
      io.stdout(human(result, files, options.dryRun));
    }
    return options.failOnConflict && result.conflicts.length > 0
      ? EXIT_FAILED
      : EXIT_OK;
  } catch (e) {
    io.stderr(
      `agent-context upgrade: ${(e as Error).message}\nNothing was written.\n`,
    );
    return EXIT_ERROR;
  }
}
