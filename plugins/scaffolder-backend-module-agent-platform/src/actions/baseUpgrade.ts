import {
  collectAgentFiles,
  upgradeAgentFiles,
  upgradePullRequest,
} from '@agent-platform/plugin-agent-platform-common';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { readAgentCatalog } from './agentCatalog';
import { examples } from './baseUpgrade.examples';
import { workspaceReader } from './workspaceReader';

/**
 * `agent-platform:base:upgrade`: runs the core's upgrade engine on a
 * repository checked out in the workspace and writes the changed files (only
 * those) to `targetPath`, with the pull request's branch, title and body as
 * outputs, for `publish:github:pull-request` to open. A refused upgrade
 * (unknown, withdrawn or older target, files that do not parse) or one with
 * nothing to change fails the step, and nothing is written.
 *
 * @public
 */
export function createBaseUpgradeAction(options: { catalog: CatalogService }) {
  const { catalog } = options;
  return createTemplateAction({
    id: 'agent-platform:base:upgrade',
    description:
      "Moves a checked-out repository's extends: pin to another release of the org base, re-renders what the base manages and keeps the repository's own additions; writes the changed files and a pull request title and body saying what the release changes for this repository, conflicts included.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace folder holding the repository (default: root)',
            ),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace folder to write the changed files to (default: upgrade)',
            ),
        to: z =>
          z
            .string()
            .optional()
            .describe(
              'Target release (default: the latest that is not withdrawn)',
            ),
        force: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Allow a downgrade, a withdrawn release or an unknown pinned release',
            ),
        repo: z =>
          z
            .string()
            .optional()
            .describe('Repository name, for the pull request body'),
      },
      output: {
        base: z => z.string().describe('The base, e.g. org-base'),
        from: z => z.string().describe('The release the repository was on'),
        to: z => z.string().describe('The release it moves to'),
        files: z =>
          z.array(z.string()).describe('The changed files, repo-relative'),
        conflicts: z =>
          z
            .number()
            .describe(
              "How many of the repository's own items the release forbids",
            ),
        branchName: z => z.string().describe('Branch for the pull request'),
        title: z => z.string().describe('Pull request title'),
        body: z => z.string().describe('Pull request body (Markdown)'),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const root = resolveSafeChildPath(
        ctx.workspacePath,
        input.sourcePath ?? '.',
      );
      const target = resolveSafeChildPath(
        ctx.workspacePath,
        input.targetPath ?? 'upgrade',
      );
      const files = await collectAgentFiles(workspaceReader(root));
      const pinned = /extends:[ \t]*([a-z0-9-]+)@/.exec(
        Object.values(files).join('\n'),
      )?.[1];
      const agentCatalog = await readAgentCatalog(
        catalog,
        await ctx.getInitiatorCredentials(),
      );
      const base =
        agentCatalog.bases.find(b => b.metadata.name === pinned) ??
        (agentCatalog.bases.length === 1 ? agentCatalog.bases[0] : undefined);
      if (!base) {
        throw new InputError(
          pinned
            ? `The repository pins ${pinned}, which is not an org base in the catalog`
            : 'The repository has no extends: pin and the catalog has no single org base',
        );
      }
      const result = await upgradeAgentFiles({
        files,
        base,
        mcpServers: agentCatalog.mcpServers,
        ...(input.to ? { to: input.to } : {}),
        force: input.force === true,
      });
      if (!result.ok) {
        throw new InputError(
          `Cannot upgrade: ${result.error.message}. Nothing was written.`,
        );
      }
      if (result.upToDate) {
        throw new InputError(
          `The repository is already on ${result.base}@${result.to}; there is nothing to upgrade`,
        );
      }
      const pr = upgradePullRequest(
        result,
        input.repo ? { repo: input.repo } : {},
      );
      if (!ctx.isDryRun) {
        for (const [path, text] of Object.entries(result.files)) {
          const file = resolveSafeChildPath(target, path);
          await mkdir(dirname(file), { recursive: true });
          await writeFile(file, text, 'utf8');
        }
      }
      for (const c of result.conflicts) {
        ctx.logger.warn(
          `Conflict: ${c.file}${c.line ? `:${c.line}` : ''}: ${c.message}`,
        );
      }
      ctx.output('base', result.base);
      ctx.output('from', result.from);
      ctx.output('to', result.to);
      ctx.output('files', Object.keys(result.files));
      ctx.output('conflicts', result.conflicts.length);
      ctx.output('branchName', pr.branchName);
      ctx.output('title', pr.title);
      ctx.output('body', pr.body);
    },
  });
}
