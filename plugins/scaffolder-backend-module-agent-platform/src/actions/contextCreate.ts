import {
  checkAgentWorkspace,
  entityRefOf,
  formatParseIssue,
  latestRelease,
  mcpServerRefKey,
  parseEntityRefLoose,
  readReleases,
  renderAgentFiles,
  RepoAgentConfigEntity,
  resolveEffectiveConfig,
  skillRefKey,
} from '@agent-platform/plugin-agent-platform-common';
import {
  resolveSafeChildPath,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { baseFor, readAgentCatalog, teamConfigOf } from './agentCatalog';
import { examples } from './contextCreate.examples';
import { readSkillFolder, SkillFiles } from './readSkillFolder';

/** A Backstage entity name that is also a safe folder and repository name. */
export const COMPONENT_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const REF_NAME = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/;

/**
 * Checks a list of skill or server references; returns normalized refs and
 * the problems found.
 */
function checkRefs(
  values: string[],
  kind: 'airesource' | 'api',
  what: string,
  problems: string[],
): string[] {
  const refs: string[] = [];
  for (const value of values) {
    const parts = parseEntityRefLoose(value, kind);
    if (!parts || parts.kind !== kind || !REF_NAME.test(parts.name)) {
      problems.push(
        `${what} ${JSON.stringify(
          value,
        )} is not a valid name or entity ref (e.g. ${
          kind === 'api' ? 'github or api:default/github' : 'code-review'
        })`,
      );
      continue;
    }
    refs.push(kind === 'api' ? mcpServerRefKey(value) : skillRefKey(value));
  }
  return refs;
}

/**
 * `agent-platform:context:create`: writes a governed agent context into the
 * workspace (CLAUDE.md, AGENTS.md, .mcp.json, .claude/settings.json and the
 * team's skills), pinned to the latest non-withdrawn release of the org base.
 * Refuses, listing every problem at once, anything the federation rules
 * reject; nothing is written then.
 *
 * @public
 */
export function createContextCreateAction(options: {
  catalog: CatalogService;
  urlReader: UrlReaderService;
}) {
  const { catalog, urlReader } = options;
  return createTemplateAction({
    id: 'agent-platform:context:create',
    description:
      'Writes CLAUDE.md, AGENTS.md, .mcp.json, .claude/settings.json and the team skills for a new repository, pinned to the current org base release and checked against the federation rules.',
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
        mcpServers: z =>
          z.array(z.string()).describe('Servers written to .mcp.json'),
        skills: z =>
          z.array(z.string()).describe('Skills copied into .claude/skills'),
        variables: z =>
          z
            .array(z.string())
            .describe('Environment variables .mcp.json expects'),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const problems: string[] = [];

      // 1. The input, before anything is read.
      if (!COMPONENT_NAME.test(input.name) || input.name.length > 63) {
        problems.push(
          `The component name ${JSON.stringify(
            input.name,
          )} is invalid: use 1-63 lowercase letters, digits and single "-"`,
        );
      }
      const owner = parseEntityRefLoose(input.owner, 'group');
      if (!owner || owner.kind !== 'group' || !REF_NAME.test(owner.name)) {
        problems.push(
          `The owner ${JSON.stringify(
            input.owner,
          )} is not a group name or ref (e.g. group:default/payments)`,
        );
      }
      const extraSkills = checkRefs(
        input.skills ?? [],
        'airesource',
        'The skill',
        problems,
      );
      const extraServers = checkRefs(
        input.mcpServers ?? [],
        'api',
        'The MCP server',
        problems,
      );
      let target = ctx.workspacePath;
      try {
        target = resolveSafeChildPath(
          ctx.workspacePath,
          input.targetPath ?? '.',
        );
      } catch {
        problems.push(
          `The target path ${JSON.stringify(
            input.targetPath,
          )} is outside the workspace`,
        );
      }
      if (problems.length > 0 || !owner) {
        throw new InputError(
          `Cannot create the agent context:\n- ${problems.join('\n- ')}`,
        );
      }

      // 2. The catalog: team, base, team config, servers and skills.
      const groupRef = `group:${owner.namespace}/${owner.name}`;
      const credentials = await ctx.getInitiatorCredentials();
      const [group, agentCatalog] = await Promise.all([
        catalog.getEntityByRef(groupRef, { credentials }),
        readAgentCatalog(catalog, credentials),
      ]);
      if (!group || group.kind.toLocaleLowerCase('en-US') !== 'group') {
        problems.push(`The team ${groupRef} is not in the catalog`);
      }
      const team = teamConfigOf(agentCatalog, groupRef);
      const base = baseFor(agentCatalog, team);
      const release = base
        ? latestRelease(readReleases(base).releases)
        : undefined;
      if (!base) {
        problems.push(
          agentCatalog.bases.length === 0
            ? 'There is no org base agent config (AiResource, spec.type agent-config, level base) in the catalog'
            : `The catalog has several bases (${agentCatalog.bases
                .map(b => b.metadata.name)
                .join(', ')}) and the team config names none of them`,
        );
      } else if (!release) {
        problems.push(
          `The base ${base.metadata.name} has no release that is not withdrawn`,
        );
      }
      if (problems.length > 0 || !base || !release) {
        throw new InputError(
          `Cannot create the agent context:\n- ${problems.join('\n- ')}`,
        );
      }
      const pin = `${base.metadata.name}@${release.version}`;

      // 3. The engine: base at the latest release, the team, the extras.
      const repo: RepoAgentConfigEntity = {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'AiResource',
        metadata: { name: input.name },
        spec: {
          type: 'agent-config',
          lifecycle: 'experimental',
          owner: groupRef,
          level: 'repo',
          extends: pin,
          skills: extraSkills,
          mcpServers: extraServers,
        },
      };
      const now = new Date();
      const result = resolveEffectiveConfig({
        base,
        team,
        repo,
        mcpServers: agentCatalog.mcpServers,
        skills: agentCatalog.skills,
        now,
        pin,
      });
      // Name the layer each problem comes from: a team config that breaks
      // the rules is fixed in the catalog, not in this request.
      const teamLayerId = team ? `team:${team.metadata.name}` : undefined;
      const teamRef = team ? entityRefOf(team) : '';
      let teamConfigBroken = false;
      for (const v of result.violations) {
        if (v.severity !== 'error') continue;
        if (v.layer === teamLayerId) {
          teamConfigBroken = true;
          problems.push(`The team config ${teamRef}: [${v.rule}] ${v.message}`);
        } else if (v.layer === `repo:${input.name}`) {
          problems.push(`This request: [${v.rule}] ${v.message}`);
        } else {
          problems.push(`${v.layer}: [${v.rule}] ${v.message}`);
        }
      }

      // 4. The skills the team uses, and the extras, read and checked.
      const teamLayer = team ? `team:${team.metadata.name}` : undefined;
      // Base skills are distributed org-wide; extras asked for are copied even
      // when the base already lists them.
      const wanted = result.effective.skills.filter(
        s =>
          s.layer === teamLayer ||
          s.layer === `repo:${input.name}` ||
          extraSkills.includes(s.ref),
      );
      const skillFiles = new Map<string, SkillFiles>();
      for (const wantedSkill of wanted) {
        const entity = agentCatalog.skills.find(
          s => entityRefOf(s) === wantedSkill.ref,
        );
        if (!entity) continue; // reported by the engine as skill-unknown
        const read = await readSkillFolder(entity, urlReader);
        if ('problems' in read) problems.push(...read.problems);
        else skillFiles.set(entity.metadata.name, read.files);
      }
      if (problems.length > 0) {
        throw new InputError(
          `Cannot create the agent context for ${
            input.name
          }:\n- ${problems.join('\n- ')}${
            teamConfigBroken
              ? `\nThe team config ${teamRef} breaks the federation rules of ${pin}, so no repository can inherit it as it is: the team fixes it (or the platform team grants an exception) in the catalog, then the template runs again.`
              : ''
          }`,
        );
      }

      // 5. Render, and check what was rendered with the same engine.
      const rendered = renderAgentFiles({
        componentName: input.name,
        description: input.description,
        owner: groupRef,
        result,
        mcpServers: agentCatalog.mcpServers,
        skillFolders: [...skillFiles.keys()],
        layout: input.layout,
      });
      const check = await checkAgentWorkspace({
        readFile: async path => rendered.files[path],
        base,
        team,
        mcpServers: agentCatalog.mcpServers,
        skills: agentCatalog.skills,
        now,
        repoName: input.name,
      });
      if (!check.ok) {
        throw new Error(
          `The generated agent files do not pass the check:\n${check.violations
            .map(formatParseIssue)
            .join('\n')}`,
        );
      }

      // 6. Write.
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
      ctx.output('teamConfig', team ? entityRefOf(team) : '');
      ctx.output('files', files);
      ctx.output('mcpServers', rendered.mcpServers);
      ctx.output('skills', [...skillFiles.keys()]);
      ctx.output('variables', rendered.variables);
    },
  });
}
