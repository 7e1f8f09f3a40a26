import {
  ANNOTATION_AGENT_CONFIG,
  checkAgentWorkspace,
  entityRefOf,
  formatParseIssue,
  normalizeEntityRef,
  parseEntityDocuments,
} from '@agent-platform/plugin-agent-platform-common';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { z as zod } from 'zod/v3';
import { baseFor, readAgentCatalog, teamConfigOf } from './agentCatalog';
import { examples } from './contextValidate.examples';
import { workspaceReader } from './workspaceReader';

const findingSchema = (z: typeof zod) =>
  z.object({
    file: z.string(),
    line: z.number().optional(),
    rule: z.string(),
    severity: z.enum(['error', 'warning']),
    message: z.string(),
    layer: z.string().optional(),
    item: z.string().optional(),
  });

/**
 * `agent-platform:context:validate`: checks the agent files of a workspace
 * against the org base and the federation rules, with the engine the portal
 * and the `agent-context check` CLI use.
 *
 * @public
 */
export function createContextValidateAction(options: {
  catalog: CatalogService;
}) {
  const { catalog } = options;
  return createTemplateAction({
    id: 'agent-platform:context:validate',
    description:
      "Checks a workspace's agent files (context files and their pin, .mcp.json, .claude/settings.json) against the org base and the federation rules, and reports violations and drift.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        path: z =>
          z
            .string()
            .optional()
            .describe('Folder of the workspace to check (default: root)'),
        teamConfig: z =>
          z
            .string()
            .optional()
            .describe(
              `Team agent config ref; default: the ${ANNOTATION_AGENT_CONFIG} annotation of the folder's catalog-info.yaml, else its owner's team config`,
            ),
        failOnViolations: z =>
          z
            .boolean()
            .optional()
            .describe('Fail the step when there is a violation (default true)'),
        failOnDrift: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Fail the step when the pin is behind the latest release (default true)',
            ),
      },
      output: {
        ok: z => z.boolean().describe('No violation'),
        violations: z =>
          z
            .array(findingSchema(z))
            .describe('Errors, each with file, line, rule and message'),
        warnings: z => z.array(findingSchema(z)).describe('Warnings'),
        drift: z =>
          z
            .object({
              pinned: z.string(),
              latest: z.string().optional(),
              releasesBehind: z.number(),
              upToDate: z.boolean(),
              missedSecurity: z.boolean(),
              upgradeLine: z.string().optional(),
            })
            .nullable()
            .describe('How far the pin is behind; null without a pin'),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      let root: string;
      try {
        root = resolveSafeChildPath(ctx.workspacePath, input.path ?? '.');
      } catch {
        throw new InputError(
          `The path ${JSON.stringify(input.path)} is outside the workspace`,
        );
      }
      const readFile = workspaceReader(root);
      const credentials = await ctx.getInitiatorCredentials();
      const agentCatalog = await readAgentCatalog(catalog, credentials);

      // Which team config: the input, the annotation, or the owner's.
      const info = await readFile('catalog-info.yaml');
      const component = info
        ? parseEntityDocuments(info, {
            file: 'catalog-info.yaml',
          }).entities.find(e => e.kind === 'Component')
        : undefined;
      const annotations = (component?.metadata.annotations ?? {}) as Record<
        string,
        string
      >;
      // An empty teamConfig (a team without a config) means: look it up.
      const configRef =
        input.teamConfig || annotations[ANNOTATION_AGENT_CONFIG] || undefined;
      let team;
      if (configRef) {
        const ref = normalizeEntityRef(configRef, 'AiResource');
        team = agentCatalog.teams.find(t => entityRefOf(t) === ref);
        if (!team) {
          throw new InputError(
            `The team config ${configRef} is not a team agent config in the catalog`,
          );
        }
      } else if (typeof component?.spec?.owner === 'string') {
        const owner = normalizeEntityRef(component.spec.owner, 'group');
        team = owner ? teamConfigOf(agentCatalog, owner) : undefined;
      }

      const report = await checkAgentWorkspace({
        readFile,
        base: baseFor(agentCatalog, team),
        team,
        mcpServers: agentCatalog.mcpServers,
        skills: agentCatalog.skills,
        now: new Date(),
        repoName: component?.metadata.name ?? 'workspace',
      });

      const drift = report.drift
        ? {
            pinned: report.drift.pinned,
            ...(report.drift.latest ? { latest: report.drift.latest } : {}),
            releasesBehind: report.drift.releasesBehind,
            upToDate: report.drift.upToDate,
            missedSecurity: report.drift.missedSecurity,
            ...(report.drift.upgradeLine
              ? { upgradeLine: report.drift.upgradeLine }
              : {}),
          }
        : null;
      ctx.output('ok', report.ok);
      ctx.output('violations', report.violations);
      ctx.output('warnings', report.warnings);
      ctx.output('drift', drift);

      for (const warning of report.warnings) {
        ctx.logger.warn(formatParseIssue(warning));
      }
      const failures: string[] = [];
      if (!report.ok && input.failOnViolations !== false) {
        failures.push(...report.violations.map(formatParseIssue));
      }
      if (
        report.drift &&
        !report.drift.upToDate &&
        input.failOnDrift !== false
      ) {
        failures.push(
          `The pin ${report.drift.base}@${report.drift.pinned} is ${
            report.drift.releasesBehind
          } release(s) behind ${report.drift.latest ?? 'the latest'}${
            report.drift.upgradeLine ? `; use ${report.drift.upgradeLine}` : ''
          }`,
        );
      }
      if (failures.length > 0) {
        throw new InputError(
          `The agent files do not pass the check:\n- ${failures.join('\n- ')}`,
        );
      }
      ctx.logger.info(
        `Agent files pass the check (${report.files.length} files, pin ${
          report.pin ? `${report.pin.base}@${report.pin.version}` : 'none'
        })`,
      );
    },
  });
}
