import {
  agentPlatformSkillPromotePermission,
  checkRepoFolderPath,
  checkSkillPromotion,
  formatParseIssue,
  isSkillEntity,
  parseEntityRefLoose,
  setSkillMetadata,
  SkillEntity,
} from '@agent-platform/plugin-agent-platform-common';
import {
  PermissionsService,
  resolveSafeChildPath,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative, sep } from 'node:path';
import { readSkillFiles } from './readSkillFolder';
import { SkillEvalsSource } from './skillEvalsClient';
import { examples } from './skillPromote.examples';
import { locateSkillInRepo, sameRepo } from './skillRepoLocation';

/** An Agent Skills name: 1-64 lowercase letters, digits and single "-". */
const SKILL_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const REF_NAME = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/;
const SOURCE_LOCATION = 'backstage.io/source-location';

/** A repository-relative folder: no escapes, no dot folders, no control characters. */
function checkRepoFolder(value: string, field: string, problems: string[]) {
  const checked = checkRepoFolderPath(value, field);
  if ('problem' in checked) {
    problems.push(`${field}: ${checked.problem.message}`);
    return undefined;
  }
  return checked.path;
}

const join = (...parts: string[]) => parts.filter(p => p !== '').join('/');

/**
 * `agent-platform:skill:promote`: prepares the pull request that promotes a
 * team skill to the org registry. Reads the skill's folder (through the
 * UrlReader, or from disk for `file:` locations), checks it against the
 * Agent Skills spec and the registry's bar (owner, version, description,
 * and a passing evaluation: with `evals`, the latest result posted to the
 * portal for the SKILL.md's version, a self-declared `eval-status` not
 * counting; without, `eval-status: passing`), and writes the org copy with `scope: org` into
 * the workspace. The team's copy is superseded: moved (deleted from its
 * folder) when the org skill keeps its name, or marked `lifecycle:
 * deprecated` with `replaced-by` when the org skill gets a new name. Only
 * those the permission policy allows `agent-platform.skill.promote` on the
 * skill (its owning team and the platform team) may promote it; others get a
 * 403 (NotAllowedError). The folders it writes may not be dot folders
 * (`.github`, `.git`) nor hold control characters. Refuses, listing every
 * problem at once; nothing is written then.
 *
 * @public
 */
export function createSkillPromoteAction(options: {
  catalog: CatalogService;
  urlReader: UrlReaderService;
  /** Decides `agent-platform.skill.promote` for whoever runs the task. */
  permissions: PermissionsService;
  /** The posted evaluation results; the module always passes them. */
  evals?: SkillEvalsSource;
}) {
  const { catalog, urlReader, permissions, evals } = options;
  return createTemplateAction({
    id: 'agent-platform:skill:promote',
    description:
      "Checks a team skill against the SKILL.md spec and the org registry's bar, and writes the org copy (scope org) and the superseded team copy into the workspace for a pull request.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        skill: z =>
          z
            .string()
            .describe(
              'The team skill: an AiResource ref (airesource:default/pci-checklist) or name',
            ),
        name: z =>
          z
            .string()
            .optional()
            .describe(
              "Name of the org skill (default: the team skill's name, which moves the skill; a new name keeps the team copy, deprecated, with replaced-by)",
            ),
        registryRepoUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'The org skills repository (github.com?owner=acme&repo=agent-skills); when the team copy lives in it too, one pull request carries both changes',
            ),
        registryPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Folder of the org skills in the registry repository (default: skills)',
            ),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace folder for the registry pull request (default: registry)',
            ),
        teamTargetPath: z =>
          z
            .string()
            .optional()
            .describe(
              "Workspace folder for the team repository's pull request, when the team copy lives elsewhere (default: team)",
            ),
      },
      output: {
        orgSkill: z =>
          z.string().describe('Entity ref the org skill will have'),
        orgPath: z =>
          z.string().describe('Folder of the org skill in the registry'),
        superseded: z =>
          z
            .enum(['moved', 'deprecated'])
            .describe(
              'moved: the team copy is deleted (same name); deprecated: it stays with replaced-by',
            ),
        teamPath: z =>
          z.string().describe('Folder of the team copy in its repository'),
        teamRepoUrl: z =>
          z
            .string()
            .describe(
              "The team copy's repository when a second pull request is needed; empty otherwise",
            ),
        filesToDelete: z =>
          z
            .array(z.string())
            .describe('Files the registry pull request deletes'),
        teamFilesToDelete: z =>
          z
            .array(z.string())
            .describe("Files the team repository's pull request deletes"),
        files: z =>
          z.array(z.string()).describe('Files written, workspace-relative'),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const problems: string[] = [];

      // 1. The input, before anything is read.
      const ref = parseEntityRefLoose(input.skill, 'airesource');
      if (!ref || ref.kind !== 'airesource' || !REF_NAME.test(ref.name)) {
        problems.push(
          `The skill ${JSON.stringify(
            input.skill,
          )} is not a skill name or AiResource ref (e.g. pci-checklist or airesource:default/pci-checklist)`,
        );
      }
      if (
        // An empty name (a form field left blank) keeps the team skill's name.
        input.name &&
        (!SKILL_NAME.test(input.name) || input.name.length > 64)
      ) {
        problems.push(
          `The org skill name ${JSON.stringify(
            input.name,
          )} is invalid: use 1-64 lowercase letters, digits and single "-"`,
        );
      }
      const registryPath = checkRepoFolder(
        input.registryPath ?? 'skills',
        'registryPath',
        problems,
      );
      const safe = (value: string, field: string) => {
        const folder = checkRepoFolder(value, field, problems);
        return folder === undefined
          ? ''
          : resolveSafeChildPath(ctx.workspacePath, folder || '.');
      };
      const registryRoot = safe(input.targetPath ?? 'registry', 'targetPath');
      const teamRoot = safe(input.teamTargetPath ?? 'team', 'teamTargetPath');
      if (problems.length > 0 || !ref || registryPath === undefined) {
        throw new InputError(
          `Cannot promote the skill:\n- ${problems.join('\n- ')}`,
        );
      }

      // 2. The skill in the catalog.
      const skillRef = `airesource:${ref.namespace}/${ref.name}`;
      const credentials = await ctx.getInitiatorCredentials();
      const entity = await catalog.getEntityByRef(skillRef, { credentials });
      if (!entity || !isSkillEntity(entity)) {
        throw new InputError(
          `Cannot promote the skill:\n- ${skillRef} is not a skill (AiResource, spec.type skill) in the catalog`,
        );
      }
      const [decision] = await permissions.authorize(
        [
          {
            permission:
              agentPlatformSkillPromotePermission as ResourcePermission<'catalog-entity'>,
            resourceRef: skillRef,
          },
        ],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `${
            (credentials.principal as { userEntityRef?: string })
              .userEntityRef ?? 'This caller'
          } may not promote ${skillRef}: only members of the team that owns it (${String(
            (entity.spec as { owner?: unknown } | undefined)?.owner,
          )}) and the platform team may (permission agent-platform.skill.promote)`,
        );
      }
      const skill = entity as unknown as SkillEntity;
      const orgName = input.name || skill.metadata.name;
      const orgRef = `airesource:${ref.namespace}/${orgName}`;
      const renamed = orgName !== skill.metadata.name;
      if (renamed) {
        const taken = await catalog.getEntityByRef(orgRef, { credentials });
        if (taken) {
          problems.push(
            `The org skill name ${orgName} is taken: ${orgRef} is already in the catalog`,
          );
        }
      }
      const owner = await catalog.getEntityByRef(skill.spec.owner, {
        credentials,
      });
      if (!owner) {
        problems.push(
          `The skill's owner ${skill.spec.owner} is not in the catalog`,
        );
      }

      // 3. Its files, the spec and the registry's bar.
      const source = skill.metadata.annotations?.[SOURCE_LOCATION];
      const [read, location] = await Promise.all([
        readSkillFiles(skill, urlReader),
        locateSkillInRepo(source),
      ]);
      if ('problem' in location) problems.push(location.problem);
      let files = new Map<string, Buffer>();
      let skillMd: string | undefined;
      if ('problems' in read) {
        problems.push(...read.problems);
      } else {
        files = read.files;
        skillMd = files.get('SKILL.md')?.toString('utf8');
        if (skillMd === undefined) {
          problems.push(
            `Skill ${skill.metadata.name}: ${source} has no SKILL.md`,
          );
        }
      }
      let results: Awaited<ReturnType<SkillEvalsSource['resultsFor']>> = [];
      let resultsRead = true;
      if (evals && skillMd !== undefined) {
        try {
          results = await evals.resultsFor(skillRef, credentials);
        } catch (error) {
          resultsRead = false;
          problems.push(
            `Could not read the evaluation results of ${skillRef} from the agent-platform backend: ${
              (error as Error).message
            }`,
          );
        }
      }
      if (skillMd !== undefined) {
        problems.push(
          ...checkSkillPromotion({
            skillMd,
            folderName: skill.metadata.name,
            scope: skill.spec.scope,
            lifecycle: skill.spec.lifecycle,
            ...(evals && resultsRead ? { evals: results } : {}),
          })
            // Without the results, the eval bar is reported unreadable above.
            .filter(i => resultsRead || i.rule !== 'promote-eval-not-passing')
            .map(formatParseIssue),
        );
      }
      if (
        problems.length > 0 ||
        skillMd === undefined ||
        'problem' in location
      ) {
        throw new InputError(
          `Cannot promote ${skillRef} to the org registry:\n- ${problems.join(
            '\n- ',
          )}`,
        );
      }

      // 4. The changes: the org copy, and the team copy superseded.
      const orgPath = join(registryPath, orgName);
      const teamPath = location.path;
      const oneRepo =
        location.repoUrl === undefined ||
        sameRepo(location.repoUrl, input.registryRepoUrl);
      const registryFiles = new Map<string, string | Buffer>();
      const teamFiles = new Map<string, string | Buffer>();
      for (const [path, content] of files) {
        registryFiles.set(
          join(orgPath, path),
          path === 'SKILL.md'
            ? setSkillMetadata(
                skillMd,
                { scope: 'org', 'promoted-from': skillRef },
                renamed ? { name: orgName } : {},
              )
            : content,
        );
      }
      const deletes: string[] = [];
      if (renamed) {
        const deprecated = setSkillMetadata(skillMd, {
          lifecycle: 'deprecated',
          deprecated: 'true',
          'replaced-by': orgName,
        });
        (oneRepo ? registryFiles : teamFiles).set(
          join(teamPath, 'SKILL.md'),
          deprecated,
        );
      } else {
        for (const path of files.keys()) {
          const old = join(teamPath, path);
          if (!(oneRepo && registryFiles.has(old))) deletes.push(old);
        }
      }

      // 5. Write.
      const written = await ctx.checkpoint({
        key: `agent-platform.skill.promote.${skillRef}.${orgName}`,
        fn: async () => {
          const out: string[] = [];
          const write = async (
            root: string,
            tree: Map<string, string | Buffer>,
          ) => {
            await mkdir(root, { recursive: true });
            for (const [path, content] of tree) {
              const file = resolveSafeChildPath(root, path);
              await mkdir(dirname(file), { recursive: true });
              await writeFile(file, content);
              out.push(
                join(
                  relative(ctx.workspacePath, root).split(sep).join('/'),
                  path,
                ),
              );
            }
          };
          await write(registryRoot, registryFiles);
          if (!oneRepo) await write(teamRoot, teamFiles);
          return out;
        },
      });

      ctx.logger.info(
        `Promoting ${skillRef} to ${orgRef} at ${orgPath}; the team copy at ${teamPath} is ${
          renamed ? 'deprecated' : 'moved'
        }`,
      );
      ctx.output('orgSkill', orgRef);
      ctx.output('orgPath', orgPath);
      ctx.output('superseded', renamed ? 'deprecated' : 'moved');
      ctx.output('teamPath', teamPath);
      ctx.output('teamRepoUrl', oneRepo ? '' : location.repoUrl ?? '');
      ctx.output('filesToDelete', oneRepo ? deletes : []);
      ctx.output('teamFilesToDelete', oneRepo ? [] : deletes);
      ctx.output('files', written);
    },
  });
}
