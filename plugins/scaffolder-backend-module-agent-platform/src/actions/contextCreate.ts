import {
  agentToolReadBackProblems,
  checkAgentWorkspace,
  entityRefOf,
  formatParseIssue,
  formatScaffoldProblems,
  normalizeEntityRef,
  planAgentContext,
  readBackAgentTools,
  SCAFFOLD_AGENT_TOOLS,
  ScaffoldProblem,
} from '@agent-platform/plugin-agent-platform-common';
import {
  resolveSafeChildPath,
  UrlReaderService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { readAgentCatalog } from './agentCatalog';
import { DEFAULT_PLATFORM_TEAM, initiatorOf } from './initiator';
import { examples } from './contextCreate.examples';
import { readSkillFolder, SkillFiles } from './readSkillFolder';
import { workspaceReader } from './workspaceReader';

/** A Backstage entity name that is also a safe folder and repository name. */
export const COMPONENT_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * `agent-platform:context:create`: writes a governed agent context into the
 * workspace (CLAUDE.md, AGENTS.md, .mcp.json, .claude/settings.json and the
 * team's skills, and the files of the other agent tools asked for or that
 * the team's repositories use), pinned to the latest non-withdrawn release of
 * the org base. Each tool's files are read back with its parser first.
 * Runs the checks the form runs ({@link planAgentContext}): free text only
 * in a labelled section and within limits, imports only inside the repository,
 * an owner team the user belongs to (any team for the platform team), extra
 * skills and servers only from the team's approved set, the release the form
 * showed still the one pinned, and the federation rules. Refuses with an
 * InputError (400) listing every problem with its field; nothing is written
 * then.
 *
 * @public
 */
export function createContextCreateAction(options: {
  catalog: CatalogService;
  urlReader: UrlReaderService;
  /** Reads the ownership refs of the user who runs the task. */
  userInfo?: UserInfoService;
  /** Normalized ref of the platform team (default group:default/platform). */
  platformTeam?: string;
}) {
  const { catalog, urlReader, userInfo } = options;
  const platformTeam = options.platformTeam ?? DEFAULT_PLATFORM_TEAM;
  return createTemplateAction({
    id: 'agent-platform:context:create',
    description:
      "Writes the agent files of a new repository for the team's agent tools (Claude Code: CLAUDE.md, .mcp.json, .claude/settings.json; Cursor, Codex, Copilot, Gemini CLI: theirs), AGENTS.md and the team skills, pinned to the current org base release and checked against the federation rules.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        owner: z =>
          z
            .string()
            .describe(
              'The owning team: a Group entity ref (group:default/payments) or name',
            ),
        name: z =>
          z
            .string()
            .describe(
              'Component name: lowercase letters, digits and single "-" (also the repository name)',
            ),
        description: z =>
          z.string().optional().describe('What the component does'),
        skills: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Extra skills (names or airesource refs) besides the team config',
            ),
        mcpServers: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Extra MCP servers (names or api refs) besides the base and the team config',
            ),
        layout: z =>
          z
            .enum(['claude', 'bridge'])
            .optional()
            .describe(
              'claude (default): CLAUDE.md holds the pin and imports AGENTS.md; bridge: AGENTS.md holds everything and CLAUDE.md is only @AGENTS.md',
            ),
        tools: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              `Agent tools to write files for (${SCAFFOLD_AGENT_TOOLS.join(
                ', ',
              )}); empty: those the owner team's repositories use, else Claude Code`,
            ),
        baseVersion: z =>
          z
            .string()
            .optional()
            .describe(
              'The base release the form showed (the AgentPlatformBaseRelease field); refused when it is no longer the release the repository would pin',
            ),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe('Folder of the workspace to write into (default: root)'),
      },
      output: {
        pin: z =>
          z.string().describe('The base ref pinned, e.g. org-base@2.4.0'),
        baseVersion: z => z.string().describe('The pinned release'),
        teamConfig: z =>
          z
            .string()
            .describe(
              "Entity ref of the team's agent config (empty when the team has none)",
            ),
        files: z => z.array(z.string()).describe('Files written'),
        tools: z =>
          z
            .array(z.string())
            .describe('The agent tools files were written for'),
        mcpServers: z =>
          z.array(z.string()).describe('Servers written to .mcp.json'),
        skills: z =>
          z.array(z.string()).describe('Skills copied into .claude/skills'),
        warnings: z =>
          z
            .array(z.string())
            .describe(
              "What was left out (e.g. a team config's deprecated skill), also in the task log",
            ),
        variables: z =>
          z
            .array(z.string())
            .describe('Environment variables .mcp.json expects'),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const refusal = (problems: ScaffoldProblem[]) =>
        new InputError(
          `Cannot create the agent context${
            COMPONENT_NAME.test(input.name) ? ` for ${input.name}` : ''
          }:\n${formatScaffoldProblems(problems)}`,
        );

      // 1. Where to write, before anything is read.
      const inputProblems: ScaffoldProblem[] = [];
      let target = ctx.workspacePath;
      try {
        target = resolveSafeChildPath(
          ctx.workspacePath,
          input.targetPath ?? '.',
        );
      } catch {
        inputProblems.push({
          field: 'targetPath',
          message: `${JSON.stringify(
            input.targetPath,
          )} is outside the workspace`,
        });
      }

      // 2. The catalog and the user, then the same checks the form runs.
      const credentials = await ctx.getInitiatorCredentials();
      const ownerRef = normalizeEntityRef(String(input.owner ?? ''), 'group');
      const [ownerEntity, agentCatalog, user] = await Promise.all([
        ownerRef?.startsWith('group:')
          ? catalog.getEntityByRef(ownerRef, { credentials })
          : undefined,
        readAgentCatalog(catalog, credentials),
        initiatorOf({ credentials, catalog, userInfo }),
      ]);
      const plan = planAgentContext({
        request: input,
        catalog: agentCatalog,
        ownerEntity,
        user,
        platformTeam,
        now: new Date(),
      });
      if (!plan.ok) throw refusal([...plan.problems, ...inputProblems]);
      if (inputProblems.length > 0) throw refusal(inputProblems);
      const { pin, release, team } = plan;

      // 3. The skills' files.
      const problems: ScaffoldProblem[] = [];
      const skillFiles = new Map<string, SkillFiles>();
      for (const entity of plan.skills) {
        const read = await readSkillFolder(entity, urlReader);
        if ('problems' in read) {
          problems.push(
            ...read.problems.map(message => ({ field: 'skills', message })),
          );
        } else skillFiles.set(entity.metadata.name, read.files);
      }
      if (problems.length > 0) throw refusal(problems);

      // 4. Check what was rendered with the same engine; files the context
      // imports are looked up in the workspace (an existing repository's).
      const rendered = plan.rendered;
      const onDisk = workspaceReader(target);
      const check = await checkAgentWorkspace({
        readFile: async path => rendered.files[path] ?? onDisk(path),
        base: plan.base,
        team,
        mcpServers: agentCatalog.mcpServers,
        skills: agentCatalog.skills,
        now: new Date(),
        repoName: input.name,
      });
      if (!check.ok) {
        const errors = check.violations.filter(v => v.severity === 'error');
        // Only the description adds imports; one of a file the repository
        // does not have is the request's problem, anything else is ours.
        if (errors.every(v => v.rule === 'context-import-missing')) {
          throw refusal(
            errors.map(v => ({
              field: 'description',
              message: `${v.message}; the description may import only files the repository has when this step runs (mention other paths without @)`,
            })),
          );
        }
        throw new Error(
          `The generated agent files do not pass the check:\n${check.violations
            .map(formatParseIssue)
            .join('\n')}`,
        );
      }
      // Each other tool reads its files back with its own parser: the pin,
      // the servers, no error; else the files are not written.
      const readBack = agentToolReadBackProblems(
        await readBackAgentTools({
          files: rendered.files,
          tools: rendered.tools.filter(t => t !== 'claude-code'),
          mcpServers: agentCatalog.mcpServers,
          readFile: onDisk,
        }),
        { pin, mcpServers: rendered.mcpServers },
      );
      if (readBack.length > 0) {
        throw new Error(
          `The generated agent files are not read back as meant:\n${readBack.join(
            '\n',
          )}`,
        );
      }
      for (const warning of plan.warnings) ctx.logger.warn(warning);

      // 5. Write.
      const files = await ctx.checkpoint({
        key: `agent-platform.context.create.${input.name}`,
        fn: async () => {
          const out: Array<[string, string | Buffer]> = Object.entries(
            rendered.files,
          );
          for (const [skill, folder] of skillFiles) {
            for (const [path, content] of folder) {
              out.push([`.claude/skills/${skill}/${path}`, content]);
            }
          }
          for (const [path, content] of out) {
            const file = resolveSafeChildPath(target, path);
            await mkdir(dirname(file), { recursive: true });
            await writeFile(file, content);
          }
          return out.map(([path]) => path);
        },
      });

      ctx.logger.info(
        `Wrote the agent context of ${input.name}, pinned to ${pin}: ${files.length} files`,
      );
      ctx.output('pin', pin);
      ctx.output('baseVersion', release.version);
      ctx.output('teamConfig', entityRefOf(team));
      ctx.output('warnings', plan.warnings);
      ctx.output('files', files);
      ctx.output('tools', rendered.tools);
      ctx.output('mcpServers', rendered.mcpServers);
      ctx.output('skills', [...skillFiles.keys()]);
      ctx.output('variables', rendered.variables);
    },
  });
}
