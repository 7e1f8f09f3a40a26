import type { Entity } from '@backstage/catalog-model';
import {
  normalizeEntityRef,
  RepoPin,
} from '@agent-platform/plugin-agent-platform-common';

const lower = (text: string) => text.toLocaleLowerCase('en-US');

function refOf(entity: Entity): string {
  return lower(
    `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${
      entity.metadata.name
    }`,
  );
}

/**
 * The pin of each Component, from the repo agent configs in the catalog: the
 * pin observed in the repository's files wins over the config's `extends`,
 * as the backend's resolution does. Components without a repo config have
 * no pin.
 */
export function repoPinsOf(
  components: Entity[],
  repoConfigs: Entity[],
): RepoPin[] {
  const byComponent = new Map<string, string>();
  for (const config of repoConfigs) {
    const spec = (config.spec ?? {}) as Record<string, any>;
    if (typeof spec.component !== 'string') continue;
    const component = normalizeEntityRef(spec.component, 'component');
    if (!component) continue;
    const observed = spec.observed?.pin;
    let pin: string | undefined;
    if (observed && typeof observed.version === 'string') {
      pin = `${observed.base}@${observed.version}`;
    } else if (typeof spec.extends === 'string') {
      pin = spec.extends;
    }
    if (pin !== undefined && !byComponent.has(component)) {
      byComponent.set(component, pin);
    } else if (pin !== undefined && observed) {
      byComponent.set(component, pin);
    }
  }
  return components
    .map(c => refOf(c))
    .sort()
    .map(repo => {
      const pin = byComponent.get(repo);
      return pin === undefined ? { repo } : { repo, pin };
    });
}
