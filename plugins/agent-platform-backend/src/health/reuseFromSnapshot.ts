import {
  measureReuse,
  ReuseInput,
  ReuseMeasure,
} from '@agent-platform/plugin-agent-platform-common';
import { PlatformSnapshot } from '../services/PlatformSnapshotCache';

type Spec = {
  skills?: unknown;
  mcpServers?: unknown;
  scope?: string;
  owner?: string;
  observed?: { mcpServers?: Array<{ entityRef?: string | null }> };
};
const strings = (value: unknown) =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
const refOf = (kind: string, e: { metadata: { name: string; namespace?: string } }) =>
  `${kind}:${e.metadata.namespace ?? 'default'}/${e.metadata.name}`.toLocaleLowerCase('en-US');

/** The reuse input of a snapshot (team layers, skills, servers, repositories' observed servers). */
export function reuseInputOf(
  snapshot: Pick<PlatformSnapshot, 'index' | 'overview'>,
): ReuseInput {
  const { index, overview } = snapshot;
  return {
    teams: overview.teams.map(t => {
      const spec = (index.configs.get(t.config)?.spec ?? {}) as Spec;
      return {
        team: t.team,
        skills: strings(spec.skills),
        mcpServers: strings(spec.mcpServers),
      };
    }),
    skills: index.catalog.skills.map(s => ({
      ref: refOf('airesource', s),
      scope: (s.spec as Spec).scope,
      owner: (s.spec as Spec).owner,
    })),
    mcpServers: index.catalog.mcpServers.map(s => ({
      ref: refOf('api', s),
      owner: (s.spec as Spec).owner,
    })),
    repos: overview.teams.flatMap(t =>
      t.repos.map(r => {
        const observed = (index.repoConfigsByComponent.get(r.component) ?? [])
          .map(c => (c.spec as Spec).observed)
          .find(o => o !== undefined);
        return {
          component: r.component,
          servers: (observed?.mcpServers ?? []).map(s => s.entityRef ?? null),
        };
      }),
    ),
  };
}

/** The reuse measure of a snapshot. */
export function reuseOf(
  snapshot: Pick<PlatformSnapshot, 'index' | 'overview'>,
): ReuseMeasure {
  return measureReuse(reuseInputOf(snapshot));
}
