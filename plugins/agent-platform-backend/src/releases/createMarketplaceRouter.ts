import { createHash } from 'node:crypto';
import {
  DiscoveryService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  buildReleaseMarketplace,
  buildReleasePlugin,
  ReleasePluginError,
} from '@agent-platform/plugin-agent-platform-common';
import express from 'express';
import Router from 'express-promise-router';
import { AssetDocumentReader } from '../assets/AssetDocumentReader';
import { skillNameOf } from '../wellKnown/createWellKnownSkillsRouter';
import { SkillFilesReader } from '../wellKnown/SkillFilesReader';
import { BaseReleaseReader } from './BaseReleaseReader';
import { zipFiles } from './zipFiles';

const SOURCE_LOCATION = 'backstage.io/source-location';
// Set by the catalog module on a subagent: the one file it was read from.
const SOURCE_FILE = 'agent-platform.io/source-file';

const defined = <T>(value: T | undefined): value is T => !!value;

/** The file name of a release's plugin archive under its release path. */
export const PLUGIN_ARCHIVE_FILE = 'plugin.zip';

/**
 * A base release as a Claude Code plugin marketplace, for teams to install
 * the release's skills, subagents and hooks as one versioned plugin:
 *
 * - `GET /releases/:base/:version/marketplace.json`: a marketplace named
 *   after the base, whose only plugin (named after the base, versioned as
 *   the release) has an `archive` source: the URL of the zip below and its
 *   SHA-256. With `latest`, the newest release that is not withdrawn; the
 *   archive URL names the exact version either way.
 * - `GET /releases/:base/:version/plugin.zip`: the plugin folder, zipped
 *   with fixed timestamps, so its digest only changes with its content.
 *
 * A release whose skills or subagents are not all cataloged and readable, or
 * whose names Claude Code would refuse, is answered 409 naming each problem.
 * A subagent's file goes into the plugin as it is, at `agents/<name>.md`.
 */
export function createMarketplaceRouter(options: {
  reader: BaseReleaseReader;
  files: SkillFilesReader;
  assets: AssetDocumentReader;
  config: RootConfigService;
  discovery: DiscoveryService;
}): express.Router {
  const { reader, files, assets, config, discovery } = options;
  const router = Router();

  const build = async (baseName: string, version: string) => {
    const { base, release } = await reader.release(baseName, version);
    const where = `${baseName}@${release.version}`;
    const problems: string[] = [];
    // Each listed asset from the catalog, read from the file its annotation
    // names; every problem is recorded, not thrown, so the 409 names all.
    const readEach = async <
      E extends { metadata: { annotations?: Record<string, string> } },
      T,
    >(
      kind: 'skill' | 'subagent',
      refs: string[],
      entities: Array<E | undefined>,
      annotation: string,
      read: (entity: E, source: string) => Promise<T>,
    ): Promise<T[]> => {
      const found = await Promise.all(
        entities.map(async (entity, i) => {
          if (!entity) {
            problems.push(`${kind} ${refs[i]} is not in the catalog`);
            return undefined;
          }
          const source = entity.metadata.annotations?.[annotation];
          if (!source) {
            problems.push(`${kind} ${refs[i]} has no ${annotation}`);
            return undefined;
          }
          try {
            return await read(entity, source);
          } catch (e) {
            problems.push(
              `the ${kind === 'skill' ? 'files' : 'file'} of ${kind} ${
                refs[i]
              } (${source}) could not be read: ${(e as Error).message}`,
            );
            return undefined;
          }
        }),
      );
      return found.filter(defined);
    };
    const skillRefs = release.config.skills ?? [];
    const skills = await readEach(
      'skill',
      skillRefs,
      await reader.skills(skillRefs),
      SOURCE_LOCATION,
      async (skill, location) => ({
        name: skillNameOf(skill),
        files: (await files.read(location)).files,
      }),
    );
    const agentRefs = release.config.subagents ?? [];
    const subagents = await readEach(
      'subagent',
      agentRefs,
      await reader.subagents(agentRefs),
      SOURCE_FILE,
      async (agent, source) => ({
        // Claude Code names a subagent by its file's `name`, which the
        // catalog module keeps as the title.
        name: agent.metadata.title ?? agent.metadata.name,
        content: await assets.readSourceFile(source),
      }),
    );
    if (problems.length > 0) {
      throw new ConflictError(
        `${where} cannot be published as a Claude Code plugin: ${problems.join(
          '; ',
        )}`,
      );
    }
    try {
      const plugin = buildReleasePlugin({
        base: baseName,
        description: base.metadata.description,
        version: release.version,
        author: { name: ownerOf(config, base.spec.owner).name },
        skills,
        subagents,
        hooks: release.config.hooks,
      });
      return { base, release, plugin };
    } catch (e) {
      if (e instanceof ReleasePluginError) throw new ConflictError(e.message);
      throw e;
    }
  };

  router.get('/releases/:base/:version/marketplace.json', async (req, res) => {
    const { base: baseName, version } = req.params;
    const { base, release, plugin } = await build(baseName, version);
    const archive = await zipFiles(plugin.files);
    const externalBaseUrl =
      config.getOptionalString('agentPlatform.marketplace.baseUrl') ??
      (await discovery.getExternalBaseUrl('agent-platform'));
    const marketplace = buildReleaseMarketplace({
      name: baseName,
      owner: ownerOf(config, base.spec.owner),
      description: `${baseName} ${release.version} for Claude Code, from the agent platform portal`,
      plugin: plugin.manifest,
      archive: {
        url: `${externalBaseUrl.replace(/\/+$/, '')}/releases/${baseName}/${
          release.version
        }/${PLUGIN_ARCHIVE_FILE}`,
        sha256: createHash('sha256').update(archive).digest('hex'),
      },
    });
    res
      .status(200)
      .type('application/json')
      .send(`${JSON.stringify(marketplace, null, 2)}\n`);
  });

  router.get(
    `/releases/:base/:version/${PLUGIN_ARCHIVE_FILE}`,
    async (req, res) => {
      const { base: baseName, version } = req.params;
      const { release, plugin } = await build(baseName, version);
      res
        .status(200)
        .type('application/zip')
        .set(
          'Content-Disposition',
          `attachment; filename="${baseName}-${release.version}.zip"`,
        )
        .send(await zipFiles(plugin.files));
    },
  );
  return router;
}

/** `agentPlatform.marketplace.owner`, else the base's owner ref as the name. */
function ownerOf(
  config: RootConfigService,
  fallback: string,
): { name: string; email?: string } {
  const owner = config.getOptionalConfig('agentPlatform.marketplace.owner');
  const email = owner?.getOptionalString('email');
  return {
    name: owner?.getOptionalString('name') ?? fallback,
    ...(email ? { email } : {}),
  };
}
