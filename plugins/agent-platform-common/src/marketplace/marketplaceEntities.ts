import type { BaseAgentConfigEntity, EntityMetadataLike } from '../model';
import { readReleases } from '../inheritance/releases';
import { AGENT_PLATFORM_API_VERSION, AI_RESOURCE_KIND } from '../model/kinds';

/**
 * An `AiResource` of upstream's `plugin` type for one base release, or of its
 * `marketplace` type for the base's marketplace, as
 * {@link marketplaceEntitiesOf} writes them.
 *
 * @public
 */
export interface ReleasePluginEntity {
  /** Always `backstage.io/v1alpha1`. */
  apiVersion: typeof AGENT_PLATFORM_API_VERSION;
  /** Always `AiResource`. */
  kind: typeof AI_RESOURCE_KIND;
  /** Name, title, description and the base's location annotations. */
  metadata: EntityMetadataLike;
  /** Upstream's plugin or marketplace fields, and the base. */
  spec: {
    /** `plugin` or `marketplace`. */
    type: 'plugin' | 'marketplace';
    /** The base's lifecycle; `deprecated` for a deprecated release. */
    lifecycle: string;
    /** The base's owner. */
    owner: string;
    /** The base's system. */
    system?: string;
    /** Upstream: the plugin's skills (`hasPart`). */
    skills?: string[];
    /** Ours: the plugin's subagents (`hasPart`), when the release ships any. */
    subagents?: string[];
    /** Upstream: the marketplace's plugins (`hasPart`). */
    plugins?: string[];
    /** The release version (plugin only). */
    version?: string;
    /** Ours: ref of the org base the plugin is a release of (`partOf`). */
    base?: string;
  };
}

/**
 * Entity name of the plugin of `base` at `version`, e.g. `org-base-plugin-2.4.0`.
 *
 * @public
 */
export function releasePluginEntityName(base: string, version: string) {
  return `${base}-plugin-${version}`;
}

/**
 * Entity name of the marketplace of `base`, e.g. `org-base-marketplace`.
 *
 * @public
 */
export function marketplaceEntityName(base: string) {
  return `${base}-marketplace`;
}

/**
 * The catalog entities of a base's Claude Code marketplace: one `plugin` per
 * release that is not withdrawn (its skills and subagents, its version, lifecycle
 * `deprecated` for a deprecated release, a `partOf` relation to the base
 * through `spec.base`), and one `marketplace` holding them. A base without
 * such releases yields nothing. `annotations` (the base's location
 * annotations) are copied onto each, so the catalog knows where they came from.
 *
 * @public
 */
export function marketplaceEntitiesOf(
  base: BaseAgentConfigEntity,
  annotations: Record<string, string> = {},
): ReleasePluginEntity[] {
  const name = base.metadata.name;
  const namespace = base.metadata.namespace ?? 'default';
  const baseRef = `airesource:${namespace}/${name}`;
  const { owner, system } = base.spec;
  const releases = readReleases(base).releases.filter(r => !r.withdrawn);
  if (releases.length === 0) return [];

  const plugins: ReleasePluginEntity[] = releases.map(release => ({
    apiVersion: AGENT_PLATFORM_API_VERSION,
    kind: AI_RESOURCE_KIND,
    metadata: {
      name: releasePluginEntityName(name, release.version),
      namespace,
      title: `${base.metadata.title ?? name} ${
        release.version
      } (Claude Code plugin)`,
      description: `The skills, subagents and hooks of ${name} ${release.version} as one Claude Code plugin: /plugin install ${name}@${name}`,
      annotations,
    },
    spec: {
      type: 'plugin',
      lifecycle: release.deprecated ? 'deprecated' : base.spec.lifecycle,
      owner,
      ...(system ? { system } : {}),
      skills: [...(release.config.skills ?? [])],
      ...(release.config.subagents?.length
        ? { subagents: [...release.config.subagents] }
        : {}),
      version: release.version,
      base: baseRef,
    },
  }));
  const marketplace: ReleasePluginEntity = {
    apiVersion: AGENT_PLATFORM_API_VERSION,
    kind: AI_RESOURCE_KIND,
    metadata: {
      name: marketplaceEntityName(name),
      namespace,
      title: `${base.metadata.title ?? name} marketplace`,
      description: `The Claude Code plugin marketplace of ${name}: one marketplace.json per release, served by the portal.`,
      annotations,
    },
    spec: {
      type: 'marketplace',
      lifecycle: base.spec.lifecycle,
      owner,
      ...(system ? { system } : {}),
      plugins: plugins.map(p => `airesource:${namespace}/${p.metadata.name}`),
      version: releases[releases.length - 1].version,
    },
  };
  return [marketplace, ...plugins];
}
