import { createParseIssue, ParseIssue } from '../../errors';
import {
  BaseAgentConfigEntity,
  validateAgentConfigEntity,
} from '../../model/AgentConfigEntity';
import { ANNOTATION_SOURCE_ISSUES } from '../../model/annotations';
import { toOwnerRef } from '../../model/entityName';
import { BASE_MANIFEST_FILE, BaseFolder, joinPath } from './files';
import { parseBaseManifest } from './manifest';
import { parseReleaseFolders } from './releaseFolder';

/**
 * Options for {@link parseBaseFolder}.
 *
 * @public
 */
export interface ParseBaseFolderOptions {
  /** Owner of bases whose `agent-base.yaml` names none. */
  defaultOwner: string;
  /**
   * Name of the folder holding `agent-base.yaml`, the base name when the file
   * names none. For a scanned target that is itself the base, this is the
   * target's own folder name, which relative paths do not show.
   */
  folderName: string;
  /** Annotations of the entity, such as where it was read from. */
  annotations?: Record<string, string>;
}

/**
 * The org base entity a base folder describes, or none, and every problem
 * found on the way.
 *
 * @public
 */
export interface ParsedBaseFolder {
  entity?: BaseAgentConfigEntity;
  issues: ParseIssue[];
}

/**
 * Maps a base folder to the org base entity: an `AiResource` of type
 * `agent-config`, `level: base`, one `spec.releases[]` entry per
 * `releases/<version>/` folder (newest first). `agent-base.yaml` gives the
 * metadata; each release's `RELEASE.md` frontmatter gives its date, flags,
 * skills, model routing and budget cap and its body the notes;
 * `.claude/settings.json` gives the permissions and `.mcp.json` the servers.
 *
 * Problems become issues on the entity (`agent-platform.io/source-issues`).
 * A release whose folder name is not exact semver, whose RELEASE.md cannot be
 * read, or whose flags are not booleans is left out rather than published
 * with guessed flags: a release that may be withdrawn must never look usable.
 * Returns no entity when the folder has no `agent-base.yaml` or no usable name.
 *
 * @public
 */
export function parseBaseFolder(
  base: BaseFolder,
  options: ParseBaseFolderOptions,
): ParsedBaseFolder {
  const issues: ParseIssue[] = [];
  const manifestFile = base.manifest;
  if (!manifestFile) {
    const first = base.releases[0]?.path ?? joinPath(base.path, 'releases');
    return {
      issues: [
        createParseIssue({
          file: joinPath(base.path, BASE_MANIFEST_FILE),
          rule: 'base-manifest-missing',
          message: `${first} looks like a base release folder, but there is no ${BASE_MANIFEST_FILE} in ${
            base.path || 'the scanned folder'
          }; without it the releases belong to no base`,
        }),
      ],
    };
  }
  const file = manifestFile.path;
  const manifest = parseBaseManifest(manifestFile, options, issues);
  if (!manifest) {
    return { issues };
  }
  const { name, title, description, owner, system, lifecycle, links } =
    manifest;

  const releases = parseReleaseFolders(base.releases, issues);
  if (base.releases.length === 0) {
    issues.push(
      createParseIssue({
        file,
        rule: 'base-no-releases',
        message: `${file}: no releases/<version>/ folders next to ${BASE_MANIFEST_FILE}, so there is nothing teams can pin`,
      }),
    );
  }

  const entity: BaseAgentConfigEntity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'AiResource',
    metadata: {
      name,
      ...(title ? { title } : {}),
      ...(description ? { description } : {}),
      ...(links.length > 0 ? { links } : {}),
      annotations: { ...options.annotations },
    },
    spec: {
      type: 'agent-config',
      lifecycle,
      owner: owner ? toOwnerRef(owner) : options.defaultOwner,
      ...(system ? { system } : {}),
      level: 'base',
      releases,
    },
  };

  // The mapper only copies checked values, so this rarely finds anything; if
  // it does, the offending release is left out instead of the catalog
  // rejecting the whole entity.
  for (let attempt = 0; attempt <= releases.length; attempt++) {
    const result = validateAgentConfigEntity(entity);
    if (result.success) {
      break;
    }
    const problem = result.issues[0];
    const index = /^spec\.releases\.(\d+)/.exec(problem.path)?.[1];
    const release = index === undefined ? undefined : releases[Number(index)];
    issues.push(
      createParseIssue({
        file: release
          ? base.releases.find(r => r.name === release.version)?.releaseFile
              ?.path ?? file
          : file,
        rule: 'base-entity-invalid',
        message: `${problem.path}: ${problem.message}${
          release ? `; release ${release.version} is left out` : ''
        }`,
      }),
    );
    if (!release) {
      return { issues };
    }
    releases.splice(Number(index), 1);
  }

  if (issues.length > 0) {
    entity.metadata.annotations = {
      ...entity.metadata.annotations,
      [ANNOTATION_SOURCE_ISSUES]: JSON.stringify(issues),
    };
  }
  return { entity, issues };
}
